// The stack key's two paths side by side in one process (tests/agent/test_stack_key.py and
// benchmarks/bench_hook_cost.py --stack-key): a hook on a few fixture APIs takes each call's
// stack through the JVMTI key (jvm.ts with StackKeys) and through the Throwable path alone (a
// second Jvm), and records both keys and frames; with `timing(n)` set, each call also times n
// keys of each path, interleaved. Loaded on its own: no agent RPC.
import Java from "frida-java-bridge";
import { currentEnv, Jvm } from "../src/jvm.js";
import type { JavaFrame } from "../src/wire.js";

interface Method {
    overloads: { implementation: ((this: unknown, ...args: unknown[]) => unknown) | null; apply(self: unknown, args: unknown[]): unknown }[];
}

interface Seen {
    api: string;
    fast: string; // the key through StackKeys
    old: string; // the key through the Throwable path alone
    framesFast: JavaFrame[];
    framesOld: JavaFrame[];
}

const HOOKED: [string, string][] = [
    ["android.telephony.TelephonyManager", "getDeviceId"],
    ["android.telephony.TelephonyManager", "getNetworkOperator"],
    ["android.telephony.TelephonyManager", "getImei"],
];
const MAX_SEEN = 2000;

const seen: Seen[] = [];
const timings: { fastUs: number; oldUs: number }[] = [];
let timedKeys = 0;
let busy = false;
let fastPath = false;

Java.performNow(() => {
    const fast = new Jvm(currentEnv());
    const old = new Jvm(currentEnv(), { jvmtiKey: false });
    fastPath = fast.keys !== null;
    for (const [cls, name] of HOOKED) {
        for (const method of (Java.use(cls) as unknown as Record<string, Method>)[name].overloads) {
            method.implementation = function (this: unknown, ...args: unknown[]): unknown {
                const result = method.apply(this, args);
                if (busy) {
                    return result; // our own loops below
                }
                busy = true;
                try {
                    const env = currentEnv();
                    const a = fast.stack(env);
                    const b = old.stack(env);
                    if (a !== null && b !== null && seen.length < MAX_SEEN) {
                        seen.push({ api: `${cls}.${name}`, fast: a.key, old: b.key, framesFast: a.frames(), framesOld: b.frames() });
                    }
                    if (timedKeys > 0) {
                        timings.push(time(fast, old, env, timedKeys));
                    }
                } finally {
                    busy = false;
                }
                return result;
            };
        }
    }
});

/** µs per key of each path, n keys each, in 4 interleaved blocks (drifting load hits both). */
function time(fast: Jvm, old: Jvm, env: ReturnType<typeof currentEnv>, n: number): { fastUs: number; oldUs: number } {
    let fastMs = 0;
    let oldMs = 0;
    const block = Math.max(1, Math.floor(n / 4));
    for (let round = 0; round < 4; round++) {
        let t = Date.now();
        for (let i = 0; i < block; i++) {
            fast.stack(env);
        }
        fastMs += Date.now() - t;
        t = Date.now();
        for (let i = 0; i < block; i++) {
            old.stack(env);
        }
        oldMs += Date.now() - t;
    }
    return { fastUs: (fastMs * 1000) / (block * 4), oldUs: (oldMs * 1000) / (block * 4) };
}

rpc.exports = {
    fastPath: (): boolean => fastPath,
    timing: (n: number): void => {
        timedKeys = n;
    },
    take: (): { seen: Seen[]; timings: { fastUs: number; oldUs: number }[] } => {
        const out = { seen: seen.splice(0), timings: timings.splice(0) };
        return out;
    },
};
