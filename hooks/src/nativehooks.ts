// Native (libc) hooks: file reads of MAC addresses, system properties holding the serial number.
// Symbol names differ between bionic and glibc (open64, fopen64): whichever exist are hooked.
import type { Category, CatalogEntry } from "./catalog.js";
import { lookup } from "./classify.js";
import { enter, isQuiet, leave } from "./guard.js";
import type { Recorder } from "./recorder.js";
import type { HookReport } from "./wire.js";

// Functions whose interesting value is written to an output argument, not returned.
const OUT_ARGUMENT: Record<string, number> = { __system_property_get: 1 };

interface Pending {
    category: Category;
    key: string;
    out: NativePointer | null;
}

/** Per-invocation state shared by onEnter and onLeave (Frida keeps it on `this`). */
interface HookState {
    harness?: Pending;
}

const attached = new Set<string>();

export function installNative(entries: CatalogEntry[], recorder: Recorder, report: HookReport): void {
    for (const entry of entries) {
        const names = [entry.method, ...entry.symbols];
        const found = names
            .map((name) => ({ name, address: Module.findGlobalExportByName(name) }))
            .filter((s): s is { name: string; address: NativePointer } => s.address !== null);
        if (found.length === 0) {
            report.missing.push({ id: entry.id, reason: `no symbol ${names.join("/")} in this process` });
            continue;
        }
        try {
            // glibc's open64 is an alias of open: one hook per address, or each call counts twice.
            const seen = new Set<string>();
            for (const { name, address } of found) {
                if (!seen.has(address.toString()) && !attached.has(address.toString())) {
                    seen.add(address.toString());
                    attached.add(address.toString());
                    attach(entry, name, address, recorder);
                }
            }
            report.hooked.push(entry.id);
        } catch (e) {
            report.failed.push({ id: entry.id, reason: String((e as Error).message ?? e) });
        }
    }
}

function attach(entry: CatalogEntry, symbol: string, address: NativePointer, recorder: Recorder): void {
    const when = entry.when;
    const outIndex = OUT_ARGUMENT[entry.method];
    Interceptor.attach(address, {
        onEnter(args) {
            if (when === null || isQuiet(this.threadId)) {
                return;
            }
            let text: string | null;
            try {
                text = args[when.arg].readCString();
            } catch {
                return;
            }
            const category = text === null ? null : lookup(when, text);
            if (category === null || text === null) {
                return;
            }
            const pending: Pending = { category, key: text, out: outIndex === undefined ? null : args[outIndex] };
            // fopen() may open() underneath (bionic): the inner call is part of this one.
            enter(this.threadId);
            (this as HookState).harness = pending;
        },
        onLeave(retval) {
            const pending = (this as HookState).harness;
            if (pending === undefined) {
                return;
            }
            leave(this.threadId);
            const hide = !recorder.options.rawValues;
            let ret: string | null;
            if (pending.out !== null) {
                ret = recorder.summarise(pending.out.readCString(), hide, false);
            } else {
                // A descriptor or FILE*: whether the read could happen, not personal itself.
                ret = retval.isNull() ? "null" : String(retval.toInt32());
            }
            recorder.nativeCall({
                entry, category: pending.category, args: [pending.key], ret, context: this.context,
            }, this.threadId);
        },
    });
    void symbol;
}
