// Bench-only per-part CPU timer for the agent's recording path (issue #19, benchmarks/
// bench_hook_cost.py --parts). It wraps methods on the prototypes of the agent's own classes
// (Recorder, Jvm, Outbox, JavaHooks) before index.ts builds them, so the shipped agent's code is
// the code measured and its hot path carries no timer. The clock is libc clock_gettime(
// CLOCK_THREAD_CPUTIME_ID) in a CModule function that returns the nanoseconds as a double: no
// buffer shared between threads, no object made per reading.
//
// Known fault: with these timers the catalogue app's JVM dies in about two runs of three, in
// QuickJS's garbage collector, at the clipboard calls of attachBaseContext (docs/speed.md, "The
// crash under --parts"); the benchmark then stops and keeps the JVM's report.
import { JavaHooks } from "../src/javahooks.js";
import { Jvm } from "../src/jvm.js";
import { Outbox } from "../src/outbox.js";
import { Recorder } from "../src/recorder.js";
import type { CatalogEntry } from "../src/catalog.js";

// Frida's console (the controller's Frida prints it); the project's lib leaves it out.
declare const console: { log(message: string): void };

const CLOCK_SOURCE = `
#include <glib.h>

typedef struct { gint64 sec; glong nsec; } Timespec; /* struct timespec on 64-bit Linux */
extern int clock_gettime (int clock, Timespec * out);

#define CLOCK_THREAD_CPUTIME_ID 3

double cpu_ns (void)
{
  Timespec t;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &t);
  return (double) t.sec * 1e9 + (double) t.nsec;
}
`;
const clockModule = new CModule(CLOCK_SOURCE, { clock_gettime: Module.getGlobalExportByName("clock_gettime") });
const readClock = new NativeFunction(
    (clockModule as unknown as Record<"cpu_ns", NativePointer>).cpu_ns, "double", [], { exceptions: "propagate" },
);

/** The calling thread's CPU time in ns. */
export function cpuNs(): number {
    return readClock();
}

interface Part { n: number; ns: number }
// "entry id|part" -> totals; parts nest (hook > record > stack ...): each is inclusive.
const totals = new Map<string, Part>();
let current = "-"; // the entry whose hook runs (the main thread makes nearly all timed calls)
let timerNs = 0; // one cpuNs() pair's own cost, subtracted from each part

function add(part: string, ns: number): void {
    const key = `${current}|${part}`;
    const t = totals.get(key);
    if (t === undefined) {
        totals.set(key, { n: 1, ns: ns - timerNs });
    } else {
        t.n += 1;
        t.ns += ns - timerNs;
    }
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

function timeMethod(proto: object, name: string, part: string): void {
    const target = proto as Record<string, Method>;
    const original = target[name];
    target[name] = function (this: unknown, ...args: unknown[]): unknown {
        const began = cpuNs();
        try {
            return original.apply(this, args);
        } finally {
            add(part, cpuNs() - began);
        }
    };
}

function calibrate(): void {
    let best = Infinity;
    for (let round = 0; round < 5; round++) {
        const began = cpuNs();
        for (let i = 0; i < 200; i++) {
            cpuNs();
        }
        best = Math.min(best, (cpuNs() - began) / 200);
    }
    timerNs = best;
}

function install(): void {
    calibrate();
    // The whole replacement (the original included): set the current entry for the parts below.
    const hooks = JavaHooks.prototype as unknown as Record<string, Method>;
    const make = hooks.makeImplementation;
    hooks.makeImplementation = function (this: unknown, ...args: unknown[]): unknown {
        const entry = args[0] as CatalogEntry;
        const impl = make.apply(this, args) as Method;
        return function (this: unknown, ...callArgs: unknown[]): unknown {
            const outer = current;
            current = entry.id;
            const began = cpuNs();
            try {
                return impl.apply(this, callArgs);
            } finally {
                add("hook", cpuNs() - began);
                current = outer;
            }
        };
    };
    // Probe hooks (File, Files, FileInputStream...) run inside other APIs' implementations too:
    // their maker is set on the instance (index.ts) before installAll, so it is wrapped there.
    const installAll = hooks.installAll;
    hooks.installAll = function (this: unknown, ...args: unknown[]): unknown {
        const self = this as { probeMaker: Method | null };
        const maker = self.probeMaker;
        if (maker !== null) {
            self.probeMaker = function (this: unknown, ...makeArgs: unknown[]): unknown {
                const entry = makeArgs[0] as CatalogEntry;
                const impl = maker.apply(this, makeArgs) as Method;
                return function (this: unknown, ...callArgs: unknown[]): unknown {
                    const began = cpuNs();
                    try {
                        return impl.apply(this, callArgs);
                    } finally {
                        add(`probe ${entry.id}`, cpuNs() - began);
                    }
                };
            };
        }
        return installAll.apply(this, args);
    };
    const rec = Recorder.prototype as unknown as Record<string, Method>;
    const nativeCall = rec.nativeCall;
    rec.nativeCall = function (this: unknown, ...args: unknown[]): unknown {
        const outer = current;
        current = (args[0] as { entry: CatalogEntry }).entry.id;
        const began = cpuNs();
        try {
            return nativeCall.apply(this, args);
        } finally {
            add("nativeCall", cpuNs() - began);
            current = outer;
        }
    };
    timeMethod(Recorder.prototype, "javaCall", "javaCall");
    timeMethod(Recorder.prototype, "captureStack", "captureStack");
    timeMethod(Jvm.prototype, "stack", "stack");
    timeMethod(Jvm.prototype, "threadName", "threadName");
    timeMethod(Jvm.prototype, "describeObject", "describeObject");
    timeMethod(Jvm.prototype, "memberPath", "memberPath");
    timeMethod(Jvm.prototype, "objectText", "objectText");
    timeMethod(Jvm.prototype, "collectionItems", "collectionItems");
    timeMethod(Outbox.prototype, "stackId", "stackId");
    timeMethod(Outbox.prototype, "pushCall", "pushCall");
}

/** The totals as `PARTS|entry|part|calls|ns` lines on the agent's console (Frida prints it). */
export function report(): void {
    const lines = [...totals.entries()].map(([key, t]) => `PARTS|${key}|${t.n}|${Math.round(t.ns)}`);
    console.log(`PARTS-BEGIN pid=${Process.id} timer=${timerNs.toFixed(0)}\n${lines.join("\n")}\nPARTS-END`);
}

install(); // at evaluation: parts.ts imports this module before index.js builds the hooks
