// Benchmark of the agent -> controller transport alone: every call of libc getppid() in the
// target becomes one call event through the agent's real Outbox (batching, stack interning).
import { Outbox } from "../src/outbox.js";
import { makeRpc } from "../src/rpc.js";
import { SCHEMA } from "../src/wire.js";

const outbox = new Outbox({ batchSize: 200, flushMs: 50 });
let process = "";

Interceptor.attach(Module.getGlobalExportByName("getppid"), {
    onEnter() {
        const stackId = outbox.stackId("getppid", () => ["libc!getppid", "bench.Flood.loop(Flood.py:1)"]);
        outbox.pushCall({
            type: "call", seq: outbox.nextSeq(), ts: Date.now(), pid: Process.id, process,
            thread: "main", api: "libc.getppid", hook_id: "bench.getppid", category: "device_id",
            args: [], ret: "12***45", threw: null, denied: false, stack_id: stackId, values: [],
        });
    },
});

rpc.exports = makeRpc(outbox, () => process, (options) => {
    process = options.process;
    return {
        type: "hook_report", schema: SCHEMA, pid: Process.id, process,
        hooked: ["bench.getppid"], missing: [], failed: [],
    };
});
