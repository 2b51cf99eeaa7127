// The measured body of load_parts.ts and load_parts_bridge.ts: frida-java-bridge (evaluated on
// import, which starts it: VM, symbols, its runtime), then attaching this thread, resolving every
// framework class of the catalogue (Java.use, once per class), and installing the hooks on them
// (the agent's installer with pass-through replacements, so that only installation is timed).
// Sends one message.
import { started } from "./clock.js";
import { enumeration, untime } from "./symtimer.js";
import Java from "frida-java-bridge";
import { catalog } from "../src/catalog.js";
import { JavaHooks } from "../src/javahooks.js";
import { Outbox } from "../src/outbox.js";
import { Recorder } from "../src/recorder.js";

export function measure(variant: string, symbols: Record<string, unknown>): void {
    const begin = Date.now();
    untime();
    const available = Java.available; // started on import already: this only reads the result
    const bridged = Date.now();
    const parts = {
        import_ms: begin - started, bridge_ms: bridged - begin, attach_thread_ms: 0, resolve_ms: 0,
        install_ms: 0, ...enumeration,
    };
    const counts = { classes: 0, missing_classes: 0, hooked: 0 };
    if (available) {
        Java.performNow(() => {
            const attached = Date.now();
            parts.attach_thread_ms = attached - bridged;
            const java = catalog.entries.filter((e) => e.kind === "java");
            for (const name of new Set(java.filter((e) => e.side === "framework").map((e) => e.class))) {
                try {
                    Java.use(name);
                    counts.classes++;
                } catch {
                    counts.missing_classes++;
                }
            }
            const resolved = Date.now();
            parts.resolve_ms = resolved - attached;
            const recorder = new Recorder(new Outbox({ batchSize: 200, flushMs: 50 }), { process: "", rawValues: false }, null);
            const hooks = new JavaHooks(recorder, () => undefined);
            hooks.readMaker = (_entry, method) => function (this: unknown, ...args: unknown[]): unknown {
                return method.apply(this, args);
            };
            hooks.installAll(java);
            parts.install_ms = Date.now() - resolved;
            counts.hooked = hooks.report.hooked.length;
        });
    }
    // eslint-disable-next-line no-restricted-globals -- a benchmark's own message, read by the bench
    send({ load_parts: { variant, available, ...parts, ...counts, ...symbols } });
}
