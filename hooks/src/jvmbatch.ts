// HotSpot: one class-graph walk per batch of replaced methods instead of one per method.
//
// frida-java-bridge (lib/jvm.js, installJvmMethod) replaces a Java method inside a VM operation
// and then, for that one method, does what HotSpot's own VM_RedefineClasses does once for a
// whole redefinition: deoptimise the dependent code, walk every loaded class to move vtable,
// itable and constant-pool-cache entries off the old method (ClassLoaderDataGraph::classes_do
// with AdjustAndCleanMetadata), adjust the resolved-method table and free deallocated metadata.
// The bridge already replaces every method of one tick in one VM operation; with ~150 methods
// hooked at load the per-method walks and flushes were 70-75 ms of a 170 ms script load in a
// simulated app (timed around each call, load ~1). From JDK 13 on, those four steps are not
// about one class: each looks for every method marked old. So inside a VM operation they are
// recorded here instead and done once when the operation's work is over, in the order
// VM_RedefineClasses::doit uses (flush dependent code, walk, resolved methods, clean), still at
// the same safepoint, before any Java code runs again.
//
// The bridge itself is used as published: the four functions and VMThread::execute are
// replaced in its API object, and the VM operation's doit is wrapped so that the deferred steps
// run right after the bridge's own. The bridge reads the four functions from that object on
// every call, but VMThread::execute only once, when its first VM operation builds the memoised
// spec (lib/jvm.js, getJvmThreadSpec): so this must be installed before the first hook is set
// (index.ts does it first thing), and `wrappedOperations` tells whether it was. Anything unexpected
// (an older JDK whose walk depends on the class being redefined, a missing symbol, a vtable
// without the doit slot) leaves the bridge as it is. ART has no such walk: never used there.
//
// Classes mapped from a class-data sharing archive (the simulated device's framework archive,
// harness/device/sim/cds.py) keep their metadata in the archive's read-only mapping, so each
// wrapped operation first does what VM_RedefineClasses::doit does first with sharing on:
// MetaspaceShared::remap_shared_readonly_as_readwrite (a private, writable copy; HotSpot does it
// once, later calls return at once). Without it the catalogue app's SensorManager calls made
// through the archived SystemSensorManager were never recorded (tests/agent/test_sim_end_to_end.py,
// whose catalogue app runs on the archive).
// @ts-expect-error -- frida-java-bridge ships no types for its HotSpot module
import { getApi as bridgeApi } from "frida-java-bridge/lib/jvm.js";
import { REMAP_SHARED_SYMBOL, symbolOf } from "./bridgesymbols.js";

const getApi = bridgeApi as () => unknown;

type Native = (...args: unknown[]) => unknown;
type BridgeApi = Record<string, unknown>;

const WALK = "ClassLoaderDataGraph::classes_do";
const MARK = "VM_RedefineClasses::mark_dependent_code";
const FLUSH = "VM_RedefineClasses::flush_dependent_code";
const RESOLVED = "ResolvedMethodTable::adjust_method_entries";
const CLEAN = "ClassLoaderDataGraph::clean_deallocate_lists";
const EXECUTE = "VMThread::execute";
const VTABLE_SLOTS = 15; // how many of VM_RedefineClasses' vtable entries the bridge copies

/** What the batching did, for tests and benchmarks. */
export const jvmBatchStats = {
    enabled: false,
    reason: "", // why it is off, when it is
    wrappedOperations: 0, // VM operations whose doit ran through the wrapper
    operations: 0, // VM operations that ended with deferred steps
    deferredWalks: 0, // per-method walks not done one by one
    walks: 0, // walks done, one per operation
    flushes: 0, // dependent-code flushes done, one per operation
    remapsShared: false, // archived classes' metadata made writable in each operation
};

interface Pending {
    thread: NativePointer; // the JavaThread the bridge's closure names
    walk: boolean;
    flush: boolean;
    resolved: boolean;
    clean: boolean;
}

/** Installs the batching on HotSpot; false (and the bridge untouched) when it cannot. */
export function batchMethodReplacement(): boolean {
    const api = getApi() as BridgeApi | null;
    const off = (reason: string): boolean => {
        jvmBatchStats.reason = reason;
        return false;
    };
    if (api === null) {
        return off("no libjvm");
    }
    if (api.redefineClass !== undefined) {
        return off("JDK < 13: the walk adjusts one class at a time");
    }
    const walk = api[WALK] as Native | undefined;
    const flush = api[FLUSH] as Native | undefined;
    const resolved = api[RESOLVED] as Native | undefined;
    const clean = api[CLEAN] as Native | undefined;
    const execute = api[EXECUTE] as Native | undefined;
    const doKlass = api.doKlass as NativePointer | undefined;
    const vtable = api.vtableRedefineClasses as NativePointer | undefined;
    const doIt = api.redefineClassesDoIt as NativePointer | undefined;
    if (walk === undefined || flush === undefined || resolved === undefined || clean === undefined
        || execute === undefined || doKlass === undefined || vtable === undefined || doIt === undefined) {
        return off("a HotSpot function the batching needs is missing");
    }
    // With mark_dependent_code present the bridge calls flush_dependent_code() without
    // arguments: it flushes whatever has been marked, so one call does for all.
    if (api[MARK] === undefined) {
        return off("flush_dependent_code takes a class on this JDK");
    }
    const doItOffset = slotOf(vtable.add(2 * Process.pointerSize), doIt);
    if (doItOffset < 0) {
        return off("VM_RedefineClasses::doit is not in its vtable");
    }

    const remapAt = symbolOf(REMAP_SHARED_SYMBOL); // found with the bridge's names
    const remapShared = remapAt === null
        ? null
        : new NativeFunction(remapAt, "bool", [], { exceptions: "propagate" });
    jvmBatchStats.remapsShared = remapShared !== null;

    let pending: Pending | null = null;
    let depth = 0; // inside a wrapped doit
    const record = (): Pending => {
        pending ??= { thread: NULL, walk: false, flush: false, resolved: false, clean: false };
        return pending;
    };
    api[WALK] = (closure: NativePointer): unknown => {
        if (depth === 0) {
            return walk(closure);
        }
        const p = record();
        if (!p.walk) {
            p.thread = closure.add(Process.pointerSize).readPointer();
            p.walk = true;
        }
        jvmBatchStats.deferredWalks++;
        return undefined;
    };
    // The three steps without state of their own: recorded inside a wrapped doit unless the
    // call has arguments the deferred one would not repeat (a class to flush for, a flag).
    const deferred = (original: Native, step: "flush" | "resolved" | "clean", runsNow: (args: unknown[]) => boolean) =>
        (...args: unknown[]): unknown => {
            if (depth === 0 || runsNow(args)) {
                return original(...args);
            }
            record()[step] = true;
            return undefined;
        };
    api[FLUSH] = deferred(flush, "flush", (args) => args.length > 0);
    api[RESOLVED] = deferred(resolved, "resolved", () => false);
    api[CLEAN] = deferred(clean, "clean", (args) => args[0] !== 0);

    const finish = (): void => {
        const p = pending;
        pending = null;
        if (p === null) {
            return;
        }
        if (p.flush) {
            flush();
            jvmBatchStats.flushes++;
        }
        if (p.walk) {
            // the bridge's own closure layout: a pointer to the do_klass function, then the
            // thread twice (AdjustAndCleanMetadata's vtable slot and its _thread)
            const closure = Memory.alloc(3 * Process.pointerSize);
            const doKlassCell = Memory.alloc(Process.pointerSize);
            doKlassCell.writePointer(doKlass);
            closure.writePointer(doKlassCell);
            closure.add(Process.pointerSize).writePointer(p.thread);
            closure.add(2 * Process.pointerSize).writePointer(p.thread);
            walk(closure);
            jvmBatchStats.walks++;
        }
        if (p.resolved) {
            const tracePrinted = Memory.alloc(1);
            tracePrinted.writeU8(1);
            resolved(tracePrinted);
        }
        if (p.clean) {
            clean(0);
        }
        jvmBatchStats.operations++;
    };

    api[EXECUTE] = (operation: NativePointer): unknown => {
        const slot = operation.readPointer().add(doItOffset);
        // "propagate", as the bridge calls HotSpot: a fault in the VM thread stays HotSpot's
        // to handle, never turned into a JS exception unwinding through HotSpot's frames
        const bridgeDoIt = new NativeFunction(slot.readPointer(), "void", ["pointer"], {
            exceptions: "propagate",
        });
        const wrapped = new NativeCallback((self: NativePointer) => {
            if (depth === 0) {
                pending = null; // nothing of an earlier operation carries over
                jvmBatchStats.wrappedOperations++;
                remapShared?.(); // at the safepoint, as VM_RedefineClasses::doit does
            }
            depth++;
            try {
                bridgeDoIt(self);
            } finally {
                depth--;
                if (depth === 0) {
                    finish(); // still at the operation's safepoint
                }
            }
        }, "void", ["pointer"]);
        slot.writePointer(wrapped);
        try {
            return execute(operation);
        } finally {
            slot.writePointer(bridgeDoIt); // the operation's memory is the bridge's again
            void wrapped; // alive until the VM thread has called it
        }
    };
    jvmBatchStats.enabled = true;
    return true;
}

function slotOf(vtable: NativePointer, target: NativePointer): number {
    for (let i = 0; i < VTABLE_SLOTS; i++) {
        if (vtable.add(i * Process.pointerSize).readPointer().equals(target)) {
            return i * Process.pointerSize;
        }
    }
    return -1;
}
