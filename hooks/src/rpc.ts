// The agent's RPC exports (wire.ts AgentRpc), made once for the agent and for the benchmark
// scripts in hooks/bench/ that stand in for it: they differ only in what init() installs and
// reports, so that a benchmark's transport and markers are the agent's own.
import type { Outbox } from "./outbox.js";
import type { AgentRpc, HookReportMessage, InitOptions } from "./wire.js";

/**
 * The RPC object over `outbox`: init() applies the controller's batching options and then
 * returns what `init` (the script's own set-up) reports; markers carry `process()`, the name
 * the controller gave in init.
 */
export function makeRpc(
    outbox: Outbox, process: () => string, init: (options: InitOptions) => HookReportMessage,
): AgentRpc & RpcExports {
    const exports = {
        init(options) {
            outbox.options = {
                batchSize: Math.max(1, options.batch_size),
                flushMs: Math.max(1, options.flush_ms),
            };
            return init(options);
        },
        mark(name) {
            const seq = outbox.nextSeq();
            const ts = Date.now();
            outbox.pushMarker({ type: "marker", seq, ts, pid: Process.id, process: process(), name });
            return { seq, ts };
        },
        flush() {
            outbox.flush();
        },
        stats() {
            return outbox.stats();
        },
        dispose() {
            outbox.flush();
        },
    } satisfies AgentRpc;
    return exports; // a type literal: Frida's RpcExports (an index signature) accepts it
}
