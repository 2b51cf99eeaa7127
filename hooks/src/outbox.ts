// Buffers items and sends them in batches: by count, by size, by time, and on demand (rpc,
// unload, exit). Nothing is ever dropped; a flood only makes batches come back to back.
import {
    SCHEMA, sendMessage, type AgentStats, type BatchItem, type CallItem, type JavaFrame, type MarkerItem,
    type ProbeItem, type SendItem,
} from "./wire.js";

// A batch is sent once its items' text reaches this many chars (well under Frida's message
// size, whatever the count): each item's strings are bounded, so one item stays far below it.
export const MAX_BATCH_CHARS = 512 * 1024;
const ITEM_OVERHEAD = 160; // the JSON of an item's fixed fields, roughly
// Bodies held for the next batch's payload message at most (a larger body is sent alone at once).
export const HELD_BYTES = 256 * 1024;

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
    private held: { pid: number; seq: number; body: ArrayBuffer }[] = []; // bodies of queued sends
    private heldBytes = 0;
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
     * A transmission. Its body (already clipped) is held, not sent from the app's thread: the
     * bodies of a batch leave as one payload message (`parts`) just before it, so that they
     * reach the controller before the batch that holds their items (one script's messages
     * arrive in order). A send() costs the calling thread far more than a copy (0.15-0.8 ms for
     * 1 KiB under load, docs/network-evidence.md). A body over HELD_BYTES leaves at once, alone;
     * held ones leave early when the next would pass HELD_BYTES: the agent holds at most that.
     */
    pushSend(item: SendItem, body: ArrayBuffer | null): void {
        if (body !== null) {
            if (body.byteLength > HELD_BYTES) {
                sendMessage({ type: "payload", schema: SCHEMA, pid: item.pid, seq: item.seq, size: body.byteLength }, body);
            } else {
                if (this.heldBytes + body.byteLength > HELD_BYTES) {
                    this.sendHeld();
                }
                this.held.push({ pid: item.pid, seq: item.seq, body });
                this.heldBytes += body.byteLength;
            }
        }
        this.counters.events++;
        this.chars += ITEM_OVERHEAD + item.thread.length + item.url.length + item.host.length
            + item.headers.reduce((n, h) => n + h.name.length + h.value.length + 16, 0);
        this.push(item);
    }

    /** The held bodies, one payload message per process (one in practice), in their order. */
    private sendHeld(): void {
        if (this.held.length === 0) {
            return;
        }
        const held = this.held;
        this.held = [];
        this.heldBytes = 0;
        for (const pid of new Set(held.map((h) => h.pid))) {
            const mine = held.filter((h) => h.pid === pid);
            const size = mine.reduce((n, h) => n + h.body.byteLength, 0);
            const data = new Uint8Array(size);
            let at = 0;
            for (const h of mine) {
                data.set(new Uint8Array(h.body), at);
                at += h.body.byteLength;
            }
            const parts = mine.map((h) => ({ seq: h.seq, size: h.body.byteLength }));
            sendMessage({ type: "payload", schema: SCHEMA, pid, seq: parts[0].seq, size, parts }, data.buffer);
        }
    }

    /** A probe is sent at once: the app may be about to exit because of what it found. */
    pushProbe(item: ProbeItem): void {
        this.counters.events++;
        this.chars += ITEM_OVERHEAD + item.thread.length + item.detail.length;
        this.push(item);
        this.flush();
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
        this.sendHeld(); // before the batch that holds their items
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
