// Benchmark baseline for every catalogue API (benchmarks/bench_hook_cost.py): the agent's own
// installer hooks exactly the methods the agent hooks (framework at load, app-side classes when
// loaded), but each replacement only calls the original: no stack, no event, no masking.
// Exports the agent's own RPC (makeRpc) so that the controller's Instrumentation loads it like
// the agent, and starts the bridge and replaces methods as the agent does (index.ts): libjvm's
// names scanned first, one walk per VM operation, the class-data archive made writable (without
// it, hooks on the simulated framework's archived classes would not fire here).
import "../src/bridgesymbols.js";
import Java from "frida-java-bridge";
import { catalog } from "../src/catalog.js";
import { JavaHooks } from "../src/javahooks.js";
import { isArt } from "../src/jvm.js";
import { batchMethodReplacement } from "../src/jvmbatch.js";
import { Outbox } from "../src/outbox.js";
import { Recorder } from "../src/recorder.js";
import { makeRpc } from "../src/rpc.js";
import { SCHEMA } from "../src/wire.js";

const outbox = new Outbox({ batchSize: 200, flushMs: 50 });
let processName = "";
let hooks: JavaHooks | null = null;

// At load, while the process is still paused, as the agent does.
Java.performNow(() => {
    if (!isArt()) {
        batchMethodReplacement();
    }
    const recorder = new Recorder(outbox, { process: "", rawValues: false }, null);
    hooks = new JavaHooks(recorder, () => undefined);
    hooks.readMaker = (_entry, method) => function (this: unknown, ...args: unknown[]): unknown {
        return method.apply(this, args);
    };
    hooks.installAll(catalog.entries.filter((e) => e.kind === "java"));
});

// Native entries (libc.open, __system_property_get): the bare counterpart of nativehooks.ts is
// an Interceptor hook whose JS callbacks do nothing, so that a native API's ratio is against the
// same entry into JS on the way in and out (without it, its pass-through cost was ~0 and its
// ratio meaningless). One hook per address, as nativehooks.ts attaches them.
const nativeAddresses = new Set<string>();
for (const entry of catalog.entries.filter((e) => e.kind === "native")) {
    for (const name of [entry.method, ...entry.symbols]) {
        const address = Module.findGlobalExportByName(name);
        if (address !== null && !nativeAddresses.has(address.toString())) {
            nativeAddresses.add(address.toString());
            Interceptor.attach(address, {
                onEnter() { /* pass-through */ },
                onLeave() { /* pass-through */ },
            });
        }
    }
}

rpc.exports = makeRpc(outbox, () => processName, (options) => {
    processName = options.process;
    const report = hooks?.report ?? { hooked: [], missing: [], failed: [] };
    return { type: "hook_report", schema: SCHEMA, pid: Process.id, process: processName, ...report };
});
