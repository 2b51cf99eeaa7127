// Benchmark of the agent's load, part by part (benchmarks/bench_agent.py, load_time): how long
// the modules take to evaluate (frida-java-bridge's, evaluated on import, finds the VM and
// starts its runtime: its own floor, whatever we hook), attaching this thread, resolving every
// framework class of the catalogue (Java.use, once per class), and installing the hooks on
// them (the agent's installer with pass-through replacements, so that only installation is
// timed). Sends one message.
import { started } from "./clock.js";
import Java from "frida-java-bridge";
import { catalog } from "../src/catalog.js";
import { JavaHooks } from "../src/javahooks.js";
import { Outbox } from "../src/outbox.js";
import { Recorder } from "../src/recorder.js";

const begin = Date.now();
const available = Java.available; // the bridge's own initialisation: VM, symbols, its runtime
const bridged = Date.now();
const parts = { import_ms: begin - started, bridge_ms: bridged - begin, attach_thread_ms: 0, resolve_ms: 0, install_ms: 0 };
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
send({ load_parts: { ...parts, ...counts } });
