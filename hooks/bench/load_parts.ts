// Benchmark of the agent's load, part by part (benchmarks/bench_agent.py, load_time), with the
// agent's own start of frida-java-bridge: bridgesymbols.ts before the bridge, as index.ts does.
// load_parts_bridge.ts is the same without it (the bridge's own start), for before/after pairs.
import "./clock.js";
import { bridgeSymbolStats, restoreModuleEnumeration } from "../src/bridgesymbols.js";
import "./symtimer.js";
import { measure } from "./load_body.js";

restoreModuleEnumeration();
measure("agent", { ...bridgeSymbolStats });
