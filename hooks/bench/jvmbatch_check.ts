// Checks jvmbatch.ts in a live, warmed-up JVM (tests/agent/test_jvm_batch.py): three methods of
// tests/agent/fixtures/batch/Batch.java (a static one called from two classes, one inherited
// through a subclass's vtable, one behind an interface) are replaced in one tick, so in one VM
// operation with one walk; each replacement counts its calls and returns the original's result.
// On "second", a later tick puts one of them back and replaces a fourth: a second operation,
// with a revert in it. Answers every "report" message with the counts and jvmBatchStats.
import Java from "frida-java-bridge";
import type { JavaMethod } from "../src/javahooks.js";
import { batchMethodReplacement, jvmBatchStats } from "../src/jvmbatch.js";

type Counted = "direct" | "who" | "greet" | "extra";
const counts: Record<Counted, number> = { direct: 0, who: 0, greet: 0, extra: 0 };
const hooked = new Map<Counted, JavaMethod>();

function count(className: string, name: Counted, types: string[]): void {
    const cls = Java.use(className) as unknown as Record<string, { overload(...t: string[]): JavaMethod }>;
    const method = cls[name].overload(...types);
    method.implementation = function (this: unknown, ...args: unknown[]): unknown {
        counts[name]++;
        return method.apply(this, args);
    };
    hooked.set(name, method);
}

let enabled = false;
Java.performNow(() => {
    enabled = batchMethodReplacement();
    count("Batch", "direct", ["int"]);
    count("Batch$Base", "who", []);
    count("Batch$Impl", "greet", []);
});

function second(): void {
    recv("second", () => {
        Java.performNow(() => {
            (hooked.get("who") as JavaMethod).implementation = null;
            count("Batch", "extra", []);
        });
    });
}
second();

function answer(): void {
    recv("report", () => {
        // eslint-disable-next-line no-restricted-globals -- a check script's own message, read by the test
        send({ jvmbatch_check: { ...jvmBatchStats, installed: enabled, counts } });
        answer();
    });
}
answer();
