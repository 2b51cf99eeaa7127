// The compact form of a batch (`batch_packed`, wire.ts BatchPackedMessage): call items as
// numbers in typed arrays, every string of theirs as an index into the batch's own string
// table; other items stay JSON objects, their place among the calls kept. QuickJS's
// JSON.stringify costs ~0.3 µs per value, ~9 µs for a 16-key call object; writing ~14 numbers
// into typed arrays costs ~0.7 µs and the table is stringified once per distinct string per
// batch (issue #19, docs/speed.md). The table is per batch, so the controller decodes each
// message on its own and nothing grows with the run.
import type { BatchItem, CallItem } from "./wire.js";

/** Words of a call record before its args (kind, 8 string refs, denied, stack id, arg count). */
const CALL_HEAD = 11;
// Typed arrays are little-endian on the platforms Frida's agent runs on (arm, arm64, x86,
// x86_64); on any other, the outbox sends batch_json.
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface Packed {
    pid: number;
    calls: number;
    strings: string[];
    items: BatchItem[];
    data: ArrayBuffer;
}

interface Site {
    api: string;
    thread: string;
    hookId: string;
    category: string;
    process: string;
    ids: number[] | null;
}

const NO_SITE: Site = { api: "", thread: "", hookId: "", category: "", process: "", ids: null };

export class Packer {
    private nums = new Float64Array(512); // seq, ts of each call
    private words = new Int32Array(4096); // the records (wire.ts BatchPackedMessage)
    private nn = 0;
    private nw = 0;
    private strings: string[] = [];
    private ids = new Map<string, number>();
    // The last call's five site strings and their ids: a flood from one call site compares
    // instead of hashing (a Map look-up costs ~3x a comparison). Ids are this batch's.
    private site: Site = NO_SITE;
    private lastRet = ""; // and the last return (a masked value repeats as long as its source)
    private lastRetId = -1;
    private items: BatchItem[] = [];
    /** Chars of the table and bytes of the records so far: the batch's size, roughly. */
    size = 0;
    count = 0;

    constructor(readonly pid: number) {}

    /** Queues a call; false when it has a number the record cannot hold (sent as an object). */
    call(c: CallItem): boolean {
        return c.pid === this.pid && this.record(
            c.seq, c.ts, c.process, c.thread, c.api, c.hook_id, c.category, c.args, c.ret, c.threw,
            c.denied, c.stack_id, c.values,
        );
    }

    /**
     * call() with the item's fields as arguments, for this process's calls: a Java hook's
     * path, which then makes no item object (building one and reading it back cost ~1.5 µs in
     * QuickJS, passing the fields ~0.3).
     */
    record(
        seq: number, ts: number, process: string, thread: string, api: string, hookId: string,
        category: string, args: string[], ret: string | null, threw: string | null, denied: boolean,
        stackId: number | null, values: string[],
    ): boolean {
        const sid = stackId ?? 0;
        if ((sid | 0) !== sid || sid < 0) {
            return false;
        }
        // Locals throughout: QuickJS has no inline caches, every `this.x` is a look-up.
        let at = this.nw;
        let w = this.words;
        if (at + CALL_HEAD + 1 + args.length + values.length > w.length) {
            w = this.words = grow(w, at + CALL_HEAD + 1 + args.length + values.length);
        }
        let nums = this.nums;
        const nn = this.nn;
        if (nn + 2 > nums.length) {
            nums = this.nums = grow(nums, nn + 2);
        }
        nums[nn] = seq;
        nums[nn + 1] = ts;
        this.nn = nn + 2;
        const start = at;
        // The call site's five strings: the same as the last call's in a flood.
        const site = this.site;
        if (api !== site.api || thread !== site.thread || hookId !== site.hookId
            || category !== site.category || process !== site.process || site.ids === null) {
            this.site = {
                api, thread, hookId, category, process,
                ids: [this.ref(process), this.ref(thread), this.ref(api), this.ref(hookId), this.ref(category)],
            };
        }
        const ids = this.site.ids as number[];
        w[at++] = 1;
        w[at++] = ids[0];
        w[at++] = ids[1];
        w[at++] = ids[2];
        w[at++] = ids[3];
        w[at++] = ids[4];
        if (ret === null) {
            w[at++] = 0;
        } else if (ret === this.lastRet && this.lastRetId >= 0) {
            w[at++] = this.lastRetId + 1;
        } else {
            this.lastRet = ret;
            this.lastRetId = this.ref(ret);
            w[at++] = this.lastRetId + 1;
        }
        w[at++] = threw === null ? 0 : this.ref(threw) + 1;
        w[at++] = denied ? 1 : 0;
        w[at++] = sid;
        // Indexed loops: for-of makes an iterator object per loop in QuickJS.
        w[at++] = args.length;
        for (let i = 0; i < args.length; i++) {
            w[at++] = this.ref(args[i]);
        }
        w[at++] = values.length;
        for (let i = 0; i < values.length; i++) {
            w[at++] = this.ref(values[i]);
        }
        this.size += (at - start) * 4 + 16;
        this.nw = at;
        this.count++;
        return true;
    }

    /** Queues any other item, as the JSON object it is. */
    item(item: BatchItem, chars: number): void {
        if (this.nw + 1 > this.words.length) {
            this.words = grow(this.words, this.nw + 1);
        }
        this.words[this.nw++] = 0;
        this.items.push(item);
        this.size += chars;
        this.count++;
    }

    /** What is queued, and a fresh start (the string table included). */
    take(): Packed {
        const calls = this.nn / 2;
        const data = new Uint8Array(this.nn * 8 + this.nw * 4);
        data.set(new Uint8Array(this.nums.buffer, 0, this.nn * 8), 0);
        data.set(new Uint8Array(this.words.buffer, 0, this.nw * 4), this.nn * 8);
        const packed = { pid: this.pid, calls, strings: this.strings, items: this.items, data: data.buffer };
        this.nn = 0;
        this.nw = 0;
        this.strings = [];
        this.ids = new Map();
        this.site = NO_SITE;
        this.lastRetId = -1;
        this.items = [];
        this.size = 0;
        this.count = 0;
        return packed;
    }

    private ref(text: string): number {
        let id = this.ids.get(text);
        if (id === undefined) {
            id = this.strings.length;
            this.strings.push(text);
            this.ids.set(text, id);
            this.size += text.length + 3;
        }
        return id;
    }
}

function grow<T extends Float64Array | Int32Array>(old: T, need: number): T {
    let n = old.length * 2;
    while (n < need) {
        n *= 2;
    }
    const bigger = (old instanceof Float64Array ? new Float64Array(n) : new Int32Array(n)) as T;
    bigger.set(old);
    return bigger;
}
