// Raw JNI helpers for the per-call work (stack, thread name, value descriptions). Going through
// cached method ids instead of class wrappers keeps each step to one JNI call: wrapping a
// StackTraceElement[] element by element costs ~20x more.
import Java from "frida-java-bridge";
import type { Describer, JavaObject } from "./values.js";

type Ref = NativePointer;
type Call<R> = (env: NativePointer, target: Ref, ...rest: Ref[]) => R;

/** The JNIEnv methods used here (frida-java-bridge declares its Env as `any`). */
export interface Env {
    readonly handle: NativePointer;
    findClass(name: string): Ref;
    newGlobalRef(ref: Ref): Ref;
    deleteLocalRef(ref: Ref): void;
    getMethodId(cls: Ref, name: string, signature: string): Ref;
    getStaticMethodId(cls: Ref, name: string, signature: string): Ref;
    allocObject(cls: Ref): Ref;
    isInstanceOf(obj: Ref, cls: Ref): boolean;
    stringFromJni(str: Ref): string;
    exceptionOccurred(): Ref;
    exceptionClear(): void;
    // Makers of raw JNI Call<Type>Method wrappers: (env, object or class, [class,] method, ...args)
    vaMethod(ret: "pointer", args: []): Call<Ref>;
    vaMethod(ret: "int32", args: []): Call<number>;
    nonvirtualVaMethod(ret: "void", args: []): Call<void>;
    staticVaMethod(ret: "pointer", args: "pointer"[]): Call<Ref>;
    staticVaMethod(ret: "int32", args: "pointer"[]): Call<number>;
    getArrayLength(array: Ref): number;
    getObjectArrayElement(array: Ref, index: number): Ref;
    getObjectClass(object: Ref): Ref;
    newLocalRef(ref: Ref): Ref;
    newStringUtf(text: string): Ref;
    getFieldId(cls: Ref, name: string, signature: string): Ref;
    getIntField(object: Ref, field: Ref): number;
    getField(type: "pointer"): (env: NativePointer, object: Ref, field: Ref) => Ref;
    vaMethod(ret: "pointer", args: "pointer"[]): Call<Ref>;
    vaMethod(ret: "pointer", args: ["int32"]): (env: NativePointer, target: Ref, method: Ref, arg: number) => Ref;
    vaMethod(ret: "pointer", args: ["int64"]): (env: NativePointer, target: Ref, method: Ref, arg: number) => Ref;
    vaMethod(ret: "int64", args: []): (env: NativePointer, target: Ref, method: Ref) => Int64;
    vaMethod(ret: "void", args: ["pointer"]): (env: NativePointer, target: Ref, method: Ref, arg: Ref) => void;
    // frida-java-bridge's maker of NewObject calls (a property: "constructor" as a method would
    // declare a construct signature)
    constructor: (args: []) => (env: NativePointer, cls: Ref, method: Ref) => Ref;
    getByteArrayRegion(array: Ref, start: number, length: number, buffer: NativePointer): void;
}

/** The calling thread's JNIEnv (the thread must be attached to the VM). */
export function currentEnv(): Env {
    return Java.vm.getEnv() as Env;
}

/** The calling thread's JNIEnv, or null on a thread the VM does not know. */
export function currentEnvIfAttached(): Env | null {
    return Java.vm.tryGetEnv() as Env | null;
}

/** frida-java-bridge internals its types leave out. */
interface BridgeInternals {
    api?: { flavor?: string };
}

export function isArt(): boolean {
    return (Java as unknown as BridgeInternals).api?.flavor === "art";
}

export interface CapturedStack {
    key: string; // identical stacks have identical keys
    frames(): string[]; // innermost first, StackTraceElement.toString() form
}

interface Ids {
    throwable: NativePointer;
    throwableInit: NativePointer;
    getStackTrace: NativePointer;
    arrays: NativePointer;
    arraysToString: NativePointer;
    thread: NativePointer;
    currentThread: NativePointer;
    getName: NativePointer;
    objectToString: NativePointer;
    collection: NativePointer;
    collectionSize: NativePointer;
    map: NativePointer;
    mapSize: NativePointer;
    securityException: NativePointer;
    system: NativePointer;
    identityHashCode: NativePointer;
}

export class Jvm implements Describer {
    readonly isArt: boolean;
    private readonly ids: Ids;
    private readonly threadNames = new Map<number, string>();

    constructor(env: Env) {
        this.isArt = isArt();
        const cls = (name: string): Ref => globalClass(env, name);
        const throwable = cls("java/lang/Throwable");
        const arrays = cls("java/util/Arrays");
        const thread = cls("java/lang/Thread");
        const object = cls("java/lang/Object");
        const collection = cls("java/util/Collection");
        const map = cls("java/util/Map");
        const system = cls("java/lang/System");
        this.ids = {
            throwable,
            throwableInit: env.getMethodId(throwable, "<init>", "()V"),
            getStackTrace: env.getMethodId(throwable, "getStackTrace", "()[Ljava/lang/StackTraceElement;"),
            arrays,
            arraysToString: env.getStaticMethodId(arrays, "toString", "([Ljava/lang/Object;)Ljava/lang/String;"),
            thread,
            currentThread: env.getStaticMethodId(thread, "currentThread", "()Ljava/lang/Thread;"),
            getName: env.getMethodId(thread, "getName", "()Ljava/lang/String;"),
            objectToString: env.getMethodId(object, "toString", "()Ljava/lang/String;"),
            collection,
            collectionSize: env.getMethodId(collection, "size", "()I"),
            map,
            mapSize: env.getMethodId(map, "size", "()I"),
            securityException: cls("java/lang/SecurityException"),
            system,
            identityHashCode: env.getStaticMethodId(system, "identityHashCode", "(Ljava/lang/Object;)I"),
        };
    }

    /** The calling thread's Java stack, captured with three JNI calls. */
    stack(env: Env): CapturedStack | null {
        if (this.isArt) {
            return artStack();
        }
        const { ids } = this;
        const t = env.allocObject(ids.throwable);
        try {
            env.nonvirtualVaMethod("void", [])(env.handle, t, ids.throwable, ids.throwableInit);
            const elements = env.vaMethod("pointer", [])(env.handle, t, ids.getStackTrace);
            if (clearPending(env) || elements.isNull()) {
                return null;
            }
            const text = env.staticVaMethod("pointer", ["pointer"])(env.handle, ids.arrays, ids.arraysToString, elements);
            env.deleteLocalRef(elements);
            if (clearPending(env) || text.isNull()) {
                return null;
            }
            const key: string = env.stringFromJni(text);
            env.deleteLocalRef(text);
            // "[a, b, c]": ", " cannot occur inside a frame (class and method names have no spaces).
            return { key, frames: () => (key.length > 2 ? key.slice(1, -1).split(", ") : []) };
        } finally {
            env.deleteLocalRef(t);
        }
    }

    /** The current thread's name; cached per thread id (threads are rarely renamed after start). */
    threadName(env: Env): string {
        const tid = Process.getCurrentThreadId();
        let name = this.threadNames.get(tid);
        if (name === undefined) {
            name = this.readThreadName(env);
            this.threadNames.set(tid, name);
        }
        return name;
    }

    private readThreadName(env: Env): string {
        const { ids } = this;
        const thread = env.staticVaMethod("pointer", [])(env.handle, ids.thread, ids.currentThread);
        if (clearPending(env) || thread.isNull()) {
            return "";
        }
        const name = env.vaMethod("pointer", [])(env.handle, thread, ids.getName);
        env.deleteLocalRef(thread);
        if (clearPending(env) || name.isNull()) {
            return "";
        }
        const text: string = env.stringFromJni(name);
        env.deleteLocalRef(name);
        return text;
    }

    /** System.identityHashCode: the key under which network hooks remember an object. */
    identity(env: Env, object: NativePointer): number {
        const { ids } = this;
        const hash = env.staticVaMethod("int32", ["pointer"])(env.handle, ids.system, ids.identityHashCode, object);
        return clearPending(env) ? 0 : hash;
    }

    isSecurityException(env: Env, throwable: NativePointer): boolean {
        return env.isInstanceOf(throwable, this.ids.securityException);
    }

    describeObject(value: JavaObject): string {
        const className = value.$className ?? "object";
        const handle = value.$h;
        if (handle === undefined || handle === null) {
            return className;
        }
        const env = currentEnv();
        const { ids } = this;
        if (env.isInstanceOf(handle, ids.collection) || env.isInstanceOf(handle, ids.map)) {
            // Whole collections can be huge (every installed package): their size says enough.
            const sizeId = env.isInstanceOf(handle, ids.collection) ? ids.collectionSize : ids.mapSize;
            const size = env.vaMethod("int32", [])(env.handle, handle, sizeId);
            return clearPending(env) ? className : `${className}(size=${size})`;
        }
        const text = env.vaMethod("pointer", [])(env.handle, handle, ids.objectToString);
        if (clearPending(env) || text.isNull()) {
            return className;
        }
        const result: string = env.stringFromJni(text);
        env.deleteLocalRef(text);
        return result;
    }
}

/** A global reference to the class `name` (JNI form: "java/lang/Object"), kept for the process. */
export function globalClass(env: Env, name: string): Ref {
    const local = env.findClass(name);
    const global = env.newGlobalRef(local);
    env.deleteLocalRef(local);
    return global;
}

/** Clears a pending Java exception raised by our own JNI call; true if there was one. */
export function clearPending(env: Env): boolean {
    const pending = env.exceptionOccurred();
    if (pending.isNull()) {
        return false;
    }
    env.exceptionClear();
    env.deleteLocalRef(pending);
    return true;
}

function artStack(): CapturedStack | null {
    const trace = Java.backtrace({ limit: 64 }) as Java.Backtrace | undefined | null;
    if (trace === undefined || trace === null) {
        return null;
    }
    return {
        key: String(trace.id),
        frames: () => trace.frames.map((f) => {
            const where = f.lineNumber >= 0 ? `${f.fileName}:${f.lineNumber}` : (f.fileName ?? "Unknown Source");
            return `${f.className}.${f.methodName}(${where})`;
        }),
    };
}
