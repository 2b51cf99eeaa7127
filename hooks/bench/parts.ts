// The agent with per-part CPU timers (partclock.ts), for benchmarks/bench_hook_cost.py --parts.
// Modules are evaluated in import order: bridgesymbols.js before frida-java-bridge starts (as in
// index.ts), partclock.js's wrapping before index.js builds the hooks.
import "../src/bridgesymbols.js";
import { report } from "./partclock.js";
import "../src/index.js";

// The app is stopped, not exited, at the end of a run: the totals are logged every 2 s instead
// (the last block is the one read).
setInterval(report, 2000);
