// Installs the Java hooks: framework classes at once, app-side classes when they are loaded.
import Java from "frida-java-bridge";
import type { CatalogEntry, NetworkImpl } from "./catalog.js";
import { categoryOf } from "./classify.js";
import { enter, leave, threadState } from "./guard.js";
import { releaseNotedHandles } from "./handles.js";
import { isArt, type CapturedStack } from "./jvm.js";
import { NestedCalls } from "./nested.js";
import { noteReplaced } from "./originals.js";
import type { Recorder } from "./recorder.js";
import type { JavaObject } from "./values.js";
import { SCHEMA, sendMessage, type HookReport } from "./wire.js";

// The parts of frida-java-bridge's class wrappers used here. Its own types give every member of
// a wrapper as `any`; these say what the agent relies on.
interface JavaMethod {
    apply(self: unknown, args: unknown[]): unknown;
    call(self: unknown, ...args: unknown[]): unknown;
    implementation: ((this: unknown, ...args: unknown[]) => unknown) | null;
}

interface Dispatcher {
    overloads?: JavaMethod[];
    overload(...types: string[]): JavaMethod;
}

type JavaClass = Record<string, Dispatcher | undefined>;

interface Factory {
    use(className: string): JavaClass;
}

/** A java.lang.Class or a class loader, as far as the class-loading hooks use them. */
interface LoadedClass {
    getDeclaredMethods(): unknown;
    getClassLoader(): Java.Wrapper | null;
}

function factoryOf(loader: Java.Wrapper | null): Factory {
    return loader === null ? Java.classFactory : Java.ClassFactory.get(loader);
}

function javaClass(name: string): JavaClass {
    return Java.use(name);
}

const PRIMITIVE_ARRAY: Record<string, string> = {
    boolean: "Z", byte: "B", char: "C", short: "S", int: "I", long: "J", float: "F", double: "D",
};

/** Catalogue type names ("java.lang.String[]") to frida-java-bridge's ("[Ljava.lang.String;"). */
export function bridgeTypeName(name: string): string {
    let dims = 0;
    let base = name;
    while (base.endsWith("[]")) {
        base = base.slice(0, -2);
        dims++;
    }
    if (dims === 0) {
        return base;
    }
    const element = PRIMITIVE_ARRAY[base] ?? `L${base};`;
    return "[".repeat(dims) + element;
}

export const PENDING_REASON = "app-side class not loaded yet (hooked when the app loads it)";

/**
 * One method of one implementation of a `network` entry: hooked like a read entry (framework at
 * load, app-side when loaded), but its calls are transmissions, handled by nethooks.ts.
 */
export interface NetTarget {
    kind: "net_target";
    id: string; // "<entry id>:<class>.<method>", as the hook report lists it
    class: string;
    method: string;
    overloads: "all" | string[][];
    side: "framework" | "app";
    entry: CatalogEntry;
    impl: NetworkImpl;
}

type Target = CatalogEntry | NetTarget;

/** Makes the replacement of a network target's method (nethooks.ts). */
export type NetImplementationMaker = (
    target: NetTarget, method: JavaMethod, factory: Factory,
) => (this: unknown, ...args: unknown[]) => unknown;

/** Makes the replacement of a read entry's method (the recording one unless replaced). */
export type ReadImplementationMaker = (
    entry: CatalogEntry, method: JavaMethod,
) => (this: unknown, ...args: unknown[]) => unknown;

export type { JavaMethod, Factory };

export class JavaHooks {
    readonly report: HookReport = { hooked: [], missing: [], failed: [] };
    private readonly pending = new Map<string, Target[]>(); // class name -> entries
    private readonly nested: NestedCalls;
    netMaker: NetImplementationMaker | null = null;
    // Makes a read entry's replacement instead of the recording one: benchmarks/bench_hook_cost
    // installs bare pass-through hooks on exactly the methods the agent hooks (hooks/bench).
    readMaker: ReadImplementationMaker | null = null;
    // Makes a probe entry's replacement (probehooks.ts).
    probeMaker: ReadImplementationMaker | null = null;

    constructor(private readonly recorder: Recorder, private readonly onReportChange: () => void) {
        this.nested = new NestedCalls(recorder);
    }

    installAll(entries: Target[]): void {
        const factory = factoryOf(null);
        pinBootClasses(factory);
        for (const entry of entries) {
            if (entry.side === "framework") {
                this.install(entry, factory);
            } else {
                const list = this.pending.get(entry.class) ?? [];
                list.push(entry);
                this.pending.set(entry.class, list);
                this.report.missing.push({ id: entry.id, reason: PENDING_REASON });
            }
        }
        if (this.pending.size > 0) {
            this.watchClassLoading();
        }
    }

    private install(entry: Target, factory: Factory): boolean {
        let cls: JavaClass;
        try {
            cls = factory.use(entry.class);
        } catch {
            this.report.missing.push({ id: entry.id, reason: `class ${entry.class} not found` });
            return false;
        }
        const dispatcher = cls[entry.method];
        if (dispatcher === undefined || dispatcher.overloads === undefined) {
            this.report.missing.push({ id: entry.id, reason: `no method ${entry.method} in ${entry.class}` });
            return false;
        }
        let methods: JavaMethod[];
        if (entry.overloads === "all") {
            methods = dispatcher.overloads;
        } else {
            methods = [];
            for (const types of entry.overloads) {
                try {
                    methods.push(dispatcher.overload(...types.map(bridgeTypeName)));
                } catch {
                    // Other overloads of the entry may still exist on this version.
                }
            }
            if (methods.length === 0) {
                const wanted = entry.overloads.map((t) => `(${t.join(", ")})`).join(" ");
                this.report.missing.push({ id: entry.id, reason: `no overload ${wanted} of ${entry.method}` });
                return false;
            }
        }
        try {
            for (const method of methods) {
                if (entry.kind === "net_target") {
                    method.implementation = (this.netMaker as NetImplementationMaker)(entry, method, factory);
                } else if (entry.kind === "probe" && this.probeMaker !== null) {
                    method.implementation = this.probeMaker(entry, method);
                } else {
                    method.implementation = (this.readMaker ?? this.makeImplementation.bind(this))(entry, method);
                }
                noteReplaced(method);
            }
        } catch (e) {
            this.report.failed.push({ id: entry.id, reason: String((e as Error).message ?? e) });
            return false;
        }
        this.report.hooked.push(entry.id);
        return true;
    }

    private makeImplementation(entry: CatalogEntry, method: JavaMethod): (this: unknown, ...args: unknown[]) => unknown {
        const recorder = this.recorder;
        const nested = this.nested;
        return function (this: unknown, ...args: unknown[]): unknown {
            const tid = Process.getCurrentThreadId();
            const state = threadState(tid);
            if (state.busy) {
                return method.apply(this, args); // the agent's own work
            }
            const { inside } = state;
            let stack: CapturedStack | null | undefined;
            if (inside.length > 0) {
                // Inside another hooked API: part of it, unless app code runs in between.
                state.busy = true;
                try {
                    stack = nested.fromApp(entry, inside[inside.length - 1]);
                } finally {
                    state.busy = false;
                }
                if (stack === null) {
                    return method.apply(this, args);
                }
            }
            let result: unknown;
            let error: Error | null = null; // frida-java-bridge raises Java exceptions as Errors
            inside.push(entry);
            try {
                result = method.apply(this, args);
            } catch (e) {
                error = e as Error;
            } finally {
                inside.pop();
            }
            state.busy = true;
            try {
                const category = categoryOf(entry, args, argText);
                if (category !== null) {
                    recorder.javaCall(entry, category, args, result, error, stack, tid);
                }
                releaseNotedHandles(); // on this app thread (handles.ts)
            } catch (e) {
                // The app must not notice the agent: report and carry on.
                reportProblem(`recording ${entry.id} failed`, e);
            } finally {
                state.busy = false;
            }
            if (error !== null) {
                throw error; // the very same Java exception object (carried in error.$h)
            }
            return result;
        };
    }

    // --- app-side classes ------------------------------------------------------------------

    private watchClassLoading(): void {
        if (isArt()) {
            this.hookLoadedClass("java.lang.ClassLoader", "loadClass");
            this.watchDexLoaders();
        } else {
            // HotSpot: a replaced method is patched into its declaring class's vtable only, so
            // ClassLoader.loadClass would be missed for every subclass. URLClassLoader (the
            // simulated device's app loader) declares findClass itself, and it runs exactly for
            // the classes that loader defines: the app's and its SDKs'.
            this.hookLoadedClass("java.net.URLClassLoader", "findClass");
        }
    }

    /** After `method(String)` of a class loader returns a class, hook it if it is awaited. */
    private hookLoadedClass(loaderClass: string, method: string): void {
        const original = (javaClass(loaderClass)[method] as Dispatcher).overload("java.lang.String");
        // eslint-disable-next-line @typescript-eslint/no-this-alias -- `this` is the Java loader there
        const self = this;
        original.implementation = function (this: unknown, ...args: unknown[]): unknown {
            const name = args[0] as string;
            const cls = original.call(this, name) as LoadedClass | null;
            if (cls !== null && self.pending.has(name)) {
                // HotSpot can only replace methods of a linked class; getDeclaredMethods() links
                // it without running its initialiser.
                cls.getDeclaredMethods();
                self.classAppeared(name, cls.getClassLoader());
            }
            return cls;
        };
    }

    /** ART resolves app classes without calling loadClass: look in every new dex loader. */
    private watchDexLoaders(): void {
        // eslint-disable-next-line @typescript-eslint/no-this-alias -- `this` is the Java loader there
        const self = this;
        for (const loader of Java.enumerateClassLoadersSync()) {
            this.probeLoader(loader);
        }
        const constructors = javaClass("dalvik.system.BaseDexClassLoader").$init?.overloads ?? [];
        for (const ctor of constructors) {
            ctor.implementation = function (this: unknown, ...args: unknown[]): unknown {
                ctor.apply(this, args);
                self.probeLoader(this as Java.Wrapper);
                return undefined;
            };
        }
    }

    private probeLoader(loader: Java.Wrapper): void {
        const factory = factoryOf(loader);
        for (const name of [...this.pending.keys()]) {
            try {
                factory.use(name);
            } catch {
                continue;
            }
            this.classAppeared(name, loader);
        }
    }

    private classAppeared(name: string, loader: Java.Wrapper | null): void {
        const entries = this.pending.get(name);
        if (entries === undefined) {
            return;
        }
        this.pending.delete(name); // first: installing loads the class again through the hook
        const tid = Process.getCurrentThreadId();
        const outer = enter(tid);
        try {
            const factory = factoryOf(loader);
            const ids = new Set(entries.map((e) => e.id));
            this.report.missing = this.report.missing.filter((m) => !ids.has(m.id));
            for (const entry of entries) {
                this.install(entry, factory);
            }
        } catch (e) {
            reportProblem(`hooking app-side class ${name} failed`, e);
        } finally {
            if (outer) {
                leave(tid);
            }
        }
        this.onReportChange();
    }
}

// JDK classes the agent touches inside hooks that run in a JDK method's frame (the class-loading
// hook, NetworkInterface). frida-java-bridge keeps only 10 class references per factory and
// looks an evicted one up again by how its wrapper was first made: for java.lang.Object, made as
// the superclass of some framework class, that means "the superclass of LocationManager", found
// with JNI FindClass, and FindClass from a JDK method's frame only sees the JDK's own classes.
// The app then died with NoClassDefFoundError: android/location/LocationManager the first time
// it loaded an SDK class the catalogue watches. Using these classes by name first makes each one
// findable on its own, from any frame.
const BOOT_CLASSES = [
    "java.lang.Object", "java.lang.Class", "java.lang.ClassLoader", "java.lang.String",
    "java.lang.Integer", "java.lang.Throwable", "java.lang.reflect.Method", "java.util.HashMap",
    "java.net.URLClassLoader",
];

function pinBootClasses(factory: Factory): void {
    for (const name of BOOT_CLASSES) {
        factory.use(name);
    }
}

/** The argument as text for `when` tables: strings as they are, objects via toString(). */
export function argText(value: unknown): string | null {
    if (value === null || value === undefined) {
        return null;
    }
    if (typeof value === "string") {
        return value;
    }
    try {
        return String((value as JavaObject).toString());
    } catch {
        return null;
    }
}

const problemCounts = new Map<string, number>();
const MAX_REPORTS_PER_PROBLEM = 5; // a hook failing on every call must not flood the channel

export function reportProblem(message: string, error: unknown): void {
    const seen = (problemCounts.get(message) ?? 0) + 1;
    problemCounts.set(message, seen);
    if (seen > MAX_REPORTS_PER_PROBLEM) {
        return;
    }
    const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error);
    sendMessage({ type: "agent_error", schema: SCHEMA, message, detail });
}
