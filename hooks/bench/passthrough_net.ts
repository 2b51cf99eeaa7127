// Benchmark baseline for the network hooks (benchmarks/bench_netsend.py): the agent's own
// installer hooks exactly the network methods the agent hooks (framework at load, OkHttp when
// the app's loader loads it), but each replacement only calls the original: no request read,
// no stack, no payload. The agent's cost above this is its own work; the rest is the hook's.
// Exports the agent's own RPC (makeRpc) so that a session loads it like the agent.
import Java from "frida-java-bridge";
import { catalog } from "../src/catalog.js";
import { JavaHooks } from "../src/javahooks.js";
import { isArt } from "../src/jvm.js";
import { netTargets } from "../src/nethooks.js";
import { Outbox } from "../src/outbox.js";
import { Recorder } from "../src/recorder.js";
import { makeRpc } from "../src/rpc.js";
import { SCHEMA } from "../src/wire.js";

const outbox = new Outbox({ batchSize: 200, flushMs: 50 });
let processName = "";
let hooks: JavaHooks | null = null;

// At load, while the process is still paused, as the agent does.
Java.performNow(() => {
    const recorder = new Recorder(outbox, { process: "", rawValues: false }, null);
    hooks = new JavaHooks(recorder, () => undefined);
    hooks.netMaker = (_target, method) => function (this: unknown, ...args: unknown[]): unknown {
        return method.apply(this, args);
    };
    hooks.installAll(netTargets(catalog.entries, isArt()));
});

rpc.exports = makeRpc(outbox, () => processName, (options) => {
    processName = options.process;
    const report = hooks?.report ?? { hooked: [], missing: [], failed: [] };
    return { type: "hook_report", schema: SCHEMA, pid: Process.id, process: processName, ...report };
});
