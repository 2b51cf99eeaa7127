// Buffers items and sends them in batches: by count, by size, by time, and on demand (rpc,
// unload, exit). Nothing is ever dropped; a flood only makes batches come back to back.
import {
    SCHEMA, sendMessage, type AgentStats, type BatchItem, type CallItem, type JavaFrame, type MarkerItem,
    type SendItem,
} from "./wire.js";

// A batch is sent once its items' text reaches this many chars (well under Frida's message
// size, whatever the count): each item's strings are bounded, so one item stays far below it.
export const MAX_BATCH_CHARS = 512 * 1024;
const ITEM_OVERHEAD = 160; // the JSON of an item's fixed fields, roughly

const strlen = new NativeFunction(Module.getGlobalExportByName("strlen"), "size_t", ["pointer"]);

/**
 * The UTF-8 bytes of a JSON text (GumJS has no TextEncoder): converted in C by allocUtf8String.
 * JSON.stringify escapes NUL and lone surrogates, so the text converts exactly and strlen finds
 * its end.
 */
function utf8(text: string): ArrayBuffer {
    const p = Memory.allocUtf8String(text);
    return p.readByteArray(strlen(p).toNumber()) ?? new ArrayBuffer(0);
}

function charsOf(texts: readonly string[]): number {
    let n = 0;
    for (const t of texts) {
        n += t.length;
    }
    return n;
}

function frameChars(frames: readonly (JavaFrame | string)[]): number {
    let n = 0;
    for (const f of frames) {
        n += typeof f === "string" ? f.length : f.class.length + f.method.length + (f.file?.length ?? 0) + 48;
    }
    return n;
}

export interface OutboxOptions {
    batchSize: number;
    flushMs: number;
}

export class Outbox {
    private items: BatchItem[] = [];
    private timer: ReturnType<typeof setTimeout> | null = null;
    private chars = 0; // text queued in `items`
    private seq = 0;
    private readonly stackIds = new Map<string, number>();
    private readonly counters = { events: 0, markers: 0, batches: 0, stacks: 0 };

    constructor(public options: OutboxOptions) {}

    nextSeq(): number {
        return ++this.seq;
    }

    /** The id of an interned stack; the first time, its frames are queued ahead of the call. */
    stackId(key: string, frames: () => (JavaFrame | string)[]): number {
        let id = this.stackIds.get(key);
        if (id === undefined) {
            id = this.stackIds.size + 1;
            this.stackIds.set(key, id);
            const list = frames();
            this.items.push({ type: "stack", id, frames: list });
            this.chars += frameChars(list);
            this.counters.stacks++;
        }
        return id;
    }

    pushCall(item: CallItem): void {
        this.counters.events++;
        this.chars += ITEM_OVERHEAD + item.thread.length + item.process.length + charsOf(item.args)
            + (item.ret?.length ?? 0) + (item.threw?.length ?? 0) + charsOf(item.values);
        this.push(item);
    }

    /**
     * A transmission; its body (already clipped) leaves at once as a payload message, so that it
     * reaches the controller before the batch that will hold the item (one script's messages
     * arrive in order). Bodies are never buffered here: the agent holds at most one at a time.
     */
    pushSend(item: SendItem, body: ArrayBuffer | null): void {
        if (body !== null) {
            sendMessage({ type: "payload", schema: SCHEMA, pid: item.pid, seq: item.seq, size: body.byteLength }, body);
        }
        this.counters.events++;
        this.chars += ITEM_OVERHEAD + item.thread.length + item.url.length + item.host.length
            + item.headers.reduce((n, h) => n + h.name.length + h.value.length + 16, 0);
        this.push(item);
    }

    pushMarker(item: MarkerItem): void {
        this.counters.markers++;
        this.push(item);
        this.flush();
    }

    flush(): void {
        if (this.timer !== null) {
            clearTimeout(this.timer);
            this.timer = null;
        }
        if (this.items.length === 0) {
            return;
        }
        const items = this.items;
        this.items = [];
        this.chars = 0;
        this.counters.batches++;
        const data = utf8(JSON.stringify(items));
        sendMessage({ type: "batch_json", schema: SCHEMA, size: data.byteLength }, data);
    }

    stats(): AgentStats {
        return { ...this.counters, dropped: 0, pending: this.items.length };
    }

    private push(item: BatchItem): void {
        this.items.push(item);
        if (this.items.length >= this.options.batchSize || this.chars >= MAX_BATCH_CHARS) {
            this.flush();
        } else if (this.timer === null) {
            this.timer = setTimeout(() => {
                this.timer = null;
                this.flush();
            }, this.options.flushMs);
        }
    }
}
