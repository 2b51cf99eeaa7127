// Buffers items and sends them in batches: by count, by size, by time, and on demand (rpc,
// unload, exit). Nothing is ever dropped; a flood only makes batches come back to back. A batch
// leaves packed (packer.ts: calls as numbers, their strings in a table per batch).
import type { Category } from "./catalog.js";
import { LITTLE_ENDIAN, Packer } from "./packer.js";
import {
    SCHEMA, sendMessage, type AgentStats, type BatchItem, type CallItem, type JavaFrame, type MarkerItem,
    type ProbeItem, type SendItem,
} from "./wire.js";

// A batch is sent once its size (its string table's chars, its records' bytes, its other items'
// text) reaches this (well under Frida's message size, whatever the count): each item's strings
// are bounded, so one item stays far below it.
export const MAX_BATCH_CHARS = 512 * 1024;
const ITEM_OVERHEAD = 160; // the JSON of an item's fixed fields, roughly
// Bodies held for the next batch's payload message at most (a larger body is sent alone at once).
export const HELD_BYTES = 256 * 1024;

function charsOf(texts: readonly string[]): number {
    let n = 0;
    for (const t of texts) {
        n += t.length;
    }
    return n;
}

/** A call item's size as the batch counts it (its strings and fixed fields). */
function callChars(item: CallItem): number {
    return ITEM_OVERHEAD + item.thread.length + item.process.length + charsOf(item.args)
        + (item.ret?.length ?? 0) + (item.threw?.length ?? 0) + charsOf(item.values);
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
    private readonly packer = new Packer(Process.id);
    private timer: ReturnType<typeof setTimeout> | null = null;
    private held: { pid: number; seq: number; body: ArrayBuffer }[] = []; // bodies of queued sends
    private heldBytes = 0;
    private seq = 0;
    private readonly stackIds = new Map<string, number>();
    private readonly counters = { events: 0, markers: 0, batches: 0, stacks: 0 };

    constructor(public options: OutboxOptions) {}

    nextSeq(): number {
        return ++this.seq;
    }

    /** The id of a stack interned already, if it is. */
    knownStackId(key: string): number | undefined {
        return this.stackIds.get(key);
    }

    /** The id of an interned stack; the first time, its frames are queued ahead of the call. */
    stackId(key: string, frames: () => (JavaFrame | string)[]): number {
        let id = this.stackIds.get(key);
        if (id === undefined) {
            id = this.stackIds.size + 1;
            this.stackIds.set(key, id);
            const list = frames();
            this.packer.item({ type: "stack", id, frames: list }, frameChars(list));
            this.counters.stacks++;
        }
        return id;
    }

    pushCall(item: CallItem): void {
        this.counters.events++;
        if (!LITTLE_ENDIAN || !this.packer.call(item)) {
            this.packer.item(item, callChars(item));
        }
        this.queued();
    }

    /**
     * pushCall with the call's fields as arguments (this process's calls: Recorder.javaCall),
     * so that the common case makes no item object; the object is made only where the record
     * cannot hold the call.
     */
    pushCallFields(
        seq: number, ts: number, process: string, thread: string, api: string, hookId: string,
        category: Category, args: string[], ret: string | null, threw: string | null, denied: boolean,
        stackId: number | null, values: string[],
    ): void {
        this.counters.events++;
        if (!LITTLE_ENDIAN
            || !this.packer.record(seq, ts, process, thread, api, hookId, category, args, ret, threw, denied, stackId, values)) {
            const item: CallItem = {
                type: "call", seq, ts, pid: Process.id, process, thread, api, hook_id: hookId, category,
                args, ret, threw, denied, stack_id: stackId, values,
            };
            this.packer.item(item, callChars(item));
        }
        this.queued();
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
        this.push(item, ITEM_OVERHEAD + item.thread.length + item.url.length + item.host.length
            + item.headers.reduce((n, h) => n + h.name.length + h.value.length + 16, 0));
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
        this.push(item, ITEM_OVERHEAD + item.thread.length + item.detail.length);
        this.flush();
    }

    pushMarker(item: MarkerItem): void {
        this.counters.markers++;
        this.push(item, ITEM_OVERHEAD + item.name.length);
        this.flush();
    }

    flush(): void {
        if (this.timer !== null) {
            clearTimeout(this.timer);
            this.timer = null;
        }
        this.sendHeld(); // before the batch that holds their items
        if (this.packer.count === 0) {
            return;
        }
        const { pid, calls, strings, items, data } = this.packer.take();
        this.counters.batches++;
        sendMessage({ type: "batch_packed", schema: SCHEMA, pid, calls, size: data.byteLength, strings, items }, data);
    }

    stats(): AgentStats {
        return { ...this.counters, dropped: 0, pending: this.packer.count };
    }

    private push(item: BatchItem, chars: number): void {
        this.packer.item(item, chars);
        this.queued();
    }

    private queued(): void {
        if (this.packer.count >= this.options.batchSize || this.packer.size >= MAX_BATCH_CHARS) {
            this.flush();
        } else if (this.timer === null) {
            this.timer = setTimeout(() => {
                this.timer = null;
                this.flush();
            }, this.options.flushMs);
        }
    }
}
