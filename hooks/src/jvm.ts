// Raw JNI helpers for the per-call work (stack, thread name, value descriptions). Going through
// cached method ids instead of class wrappers keeps each step to one JNI call: wrapping a
// StackTraceElement[] element by element costs ~20x more.
import Java from "frida-java-bridge";
import { BUFFER_CHARS, JniText } from "./jnitext.js";
import { originalOf } from "./originals.js";
import { StackKeys } from "./stackkey.js";
import type { Describer, JavaObject } from "./values.js";
import type { JavaFrame } from "./wire.js";

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
    isSameObject(a: Ref, b: Ref): boolean;
    stringFromJni(str: Ref): string;
    exceptionOccurred(): Ref;
    exceptionClear(): void;
    // Makers of raw JNI Call<Type>Method wrappers: (env, object or class, [class,] method, ...args)
    vaMethod(ret: "pointer", args: []): Call<Ref>;
    vaMethod(ret: "int32", args: []): Call<number>;
    vaMethod(ret: NumericJni, args: []): NumberCall;
    getField(type: NumericJni): NumberCall;
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
    getStringLength(str: Ref): number;
    getStringChars(str: Ref): NativePointer;
    releaseStringChars(str: Ref, chars: NativePointer): void;
}

// Bounds on app-controlled text read here (issue #14: a 1 MB thread name sent with every event
// took batches over Frida's message limit). Clipped text ends in "…[N chars]".
export const MAX_THREAD_CHARS = 256;
export const MAX_NAME_CHARS = 1024; // a frame's class or method name
export const MAX_FILE_CHARS = 256; // a frame's source file (the class file's SourceFile attribute)
export const MAX_DESCRIBE_CHARS = 4096; // an object's toString(), before the summary's own bound
const MAX_FRAMES = 100;
const MAX_KNOWN_STACKS = 16384; // distinct stacks whose frames are kept (call sites are few)

type Raw<R extends NativeFunctionReturnValue, A extends NativeFunctionArgumentValue[]> = NativeFunction<R, A>;

/**
 * JNIEnv functions called several times per hooked call, called directly: frida-java-bridge's
 * Env methods wrap each in a closure that copies its arguments (Array.concat, apply) on every
 * call. The function table is the VM's, the same for every thread's JNIEnv (the bridge's own
 * wrappers cache each function from the first env they see as well).
 */
export interface RawJni {
    deleteGlobalRef: Raw<void, [NativePointerValue, NativePointerValue]>;
    deleteLocalRef: Raw<void, [NativePointerValue, NativePointerValue]>;
    isSameObject: Raw<number, [NativePointerValue, NativePointerValue, NativePointerValue]>;
    getObjectClass: Raw<NativePointer, [NativePointerValue, NativePointerValue]>;
    isInstanceOf: Raw<number, [NativePointerValue, NativePointerValue, NativePointerValue]>;
    getStringLength: Raw<number, [NativePointerValue, NativePointerValue]>;
    getStringChars: Raw<NativePointer, [NativePointerValue, NativePointerValue, NativePointerValue]>;
    releaseStringChars: Raw<void, [NativePointerValue, NativePointerValue, NativePointerValue]>;
    exceptionCheck: Raw<number, [NativePointerValue]>;
}

let rawJni: RawJni | null = null;
// Strings and String members read in one native call each; null until a Jvm is made, or where
// CModule is unavailable (then the JNI calls one by one below).
let jniText: JniText | null = null;

export function raw(env: Env): RawJni {
    if (rawJni === null) {
        const table = env.handle.readPointer();
        const at = (index: number): NativePointer => table.add(index * Process.pointerSize).readPointer();
        const options: NativeFunctionOptions = { exceptions: "propagate" };
        rawJni = {
            deleteGlobalRef: new NativeFunction(at(22), "void", ["pointer", "pointer"], options),
            deleteLocalRef: new NativeFunction(at(23), "void", ["pointer", "pointer"], options),
            isSameObject: new NativeFunction(at(24), "uint8", ["pointer", "pointer", "pointer"], options),
            getObjectClass: new NativeFunction(at(31), "pointer", ["pointer", "pointer"], options),
            isInstanceOf: new NativeFunction(at(32), "uint8", ["pointer", "pointer", "pointer"], options),
            getStringLength: new NativeFunction(at(164), "int32", ["pointer", "pointer"], options),
            getStringChars: new NativeFunction(at(165), "pointer", ["pointer", "pointer", "pointer"], options),
            releaseStringChars: new NativeFunction(at(166), "void", ["pointer", "pointer", "pointer"], options),
            exceptionCheck: new NativeFunction(at(228), "uint8", ["pointer"], options),
        };
    }
    return rawJni;
}

/** Whether strings are read in one native call (jnitext.ts): for the checks in hooks/bench. */
export function nativeText(): boolean {
    return jniText !== null;
}

/** `text` (the first chars of a string of `length` chars) with the clipping marked. */
export function clipped(text: string, length: number): string {
    return text.length < length ? `${text}…[${length} chars]` : text;
}

/**
 * At most `max` UTF-16 units of a java.lang.String, NULs and lone surrogates included
 * (frida's readUtf16String stops at a NUL, which cut a whole stack at an app's NUL).
 */
export function readString(env: Env, str: Ref, max: number): { text: string; length: number } {
    if (jniText !== null && max <= BUFFER_CHARS) {
        return jniText.string(env.handle, str, max); // one native call (jnitext.ts)
    }
    const jni = raw(env);
    const length = jni.getStringLength(env.handle, str);
    const n = Math.min(length, max);
    if (n <= 0) {
        return { text: "", length };
    }
    const chars = jni.getStringChars(env.handle, str, NULL);
    if (chars.isNull()) {
        return { text: "", length };
    }
    try {
        return { text: utf16(chars, n), length };
    } finally {
        jni.releaseStringChars(env.handle, str, chars);
    }
}

function utf16(chars: NativePointer, n: number): string {
    let text: string | null = null;
    try {
        text = chars.readUtf16String(n);
    } catch {
        text = null; // an unpaired surrogate: decoded unit by unit below
    }
    if (text !== null && text.length === n) {
        return text; // the common case: one native conversion
    }
    const units = new Uint16Array(chars.readByteArray(n * 2) as ArrayBuffer);
    let out = "";
    for (let i = 0; i < n; i += 4096) {
        out += String.fromCharCode(...units.subarray(i, i + 4096));
    }
    return out;
}

/** A bounded, clipped-marked copy of a string: `cut` when it was longer than `max`. */
function boundedName(env: Env, str: Ref, max: number): { text: string; cut: boolean } {
    if (str.isNull()) {
        return { text: "", cut: false };
    }
    const { text, length } = readString(env, str, max);
    env.deleteLocalRef(str);
    return { text, cut: length > text.length };
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
    key: string; // identical stacks have identical keys, different stacks different keys
    frames(): JavaFrame[]; // innermost first, structured (never parsed from a string)
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
    collectionToArray: NativePointer;
    map: NativePointer;
    mapSize: NativePointer;
    securityException: NativePointer;
    system: NativePointer;
    identityHashCode: NativePointer;
    elementClassName: NativePointer;
    elementMethodName: NativePointer;
    elementFileName: NativePointer;
    elementLineNumber: NativePointer;
    classGetName: NativePointer;
    classGetMethod: NativePointer;
    classGetField: NativePointer;
    methodReturnType: NativePointer;
    fieldType: NativePointer;
}

/** How one step of a member path is read by JNI: its id, and the declared type's class name. */
interface MemberId {
    id: Ref;
    getter: boolean;
    type: string; // "java.lang.String", or the class of an object-typed step
    read?: NumberCall; // a numeric member's Call<Type>Method or Get<Type>Field (the path ends there)
}

/** The members of one class looked up so far, and that class (a global reference). */
interface ClassMembers {
    owner: Ref;
    ids: Map<string, MemberId | null>;
}

/**
 * A member path read by JNI: its String (null where the path ends), its number (a path ending in
 * a numeric getter or field), or why it was not read.
 */
export type MemberRead = { text: string | null } | { number: number } | "absent" | "threw";

const STRING_TYPE = "java.lang.String";

// Numeric types a path may end in, read with the JNI call of the same width: the JS number is the
// one frida-java-bridge's own call gives (its types for these convert nothing). long (an Int64
// there), char (a string there) and boolean stay with the bridge.
type NumericJni = "int8" | "int16" | "int32" | "float" | "double";
const NUMERIC = new Map<string, { jni: NumericJni; signature: string }>([
    ["byte", { jni: "int8", signature: "B" }],
    ["short", { jni: "int16", signature: "S" }],
    ["int", { jni: "int32", signature: "I" }],
    ["float", { jni: "float", signature: "F" }],
    ["double", { jni: "double", signature: "D" }],
]);
type NumberCall = (env: NativePointer, target: Ref, member: Ref) => number;

export class Jvm implements Describer {
    readonly isArt: boolean;
    private readonly ids: Ids;
    private readonly threadNames = new Map<number, string>();
    private readonly known = new Map<string, CapturedStack>(); // Throwable key -> its stack
    readonly keys: StackKeys | null; // null on ART, or where JVMTI or CModule is unavailable
    private readonly byId: (CapturedStack | undefined)[] = []; // StackKeys id -> its stack
    // class name -> the class its members were looked up on, and member -> its JNI id (null: none
    // of that name and type). By class first, so that a list's elements (one class) look their
    // members up without making a key string each time.
    private readonly memberIds = new Map<string, ClassMembers>();
    // JNI calls made on every hooked call, made once: frida-java-bridge's Env.vaMethod builds a
    // string key and looks it up in a Map on every call.
    private readonly callObject: Call<Ref>; // CallObjectMethod, no arguments
    private readonly callInt: Call<number>; // CallIntMethod, no arguments
    private readonly objectField: (env: NativePointer, object: Ref, field: Ref) => Ref;
    private readonly callObject1: Call<Ref>; // CallObjectMethod, one object argument
    private readonly callObject2: Call<Ref>; // CallObjectMethod, two object arguments
    // The toString() describeObject read last, for objectText to reuse on the same call: a read's
    // summary and its values (a class without MEMBERS) would run the app's toString() twice,
    // and toString() often calls getters the catalogue hooks (WifiInfo's). Cleared by
    // forgetText() when the call is recorded: a handle is only unique while its wrapper lives.
    private lastText: { handle: NativePointer; text: string } | null = null;

    /** `jvmtiKey: false` keeps the Throwable path alone (hooks/bench/stackkey.ts compares them). */
    constructor(env: Env, options: { jvmtiKey?: boolean } = {}) {
        this.isArt = isArt();
        this.keys = this.isArt || options.jvmtiKey === false ? null : StackKeys.open(Java.vm);
        jniText ??= JniText.open(utf16);
        const cls = (name: string): Ref => globalClass(env, name);
        const throwable = cls("java/lang/Throwable");
        const arrays = cls("java/util/Arrays");
        const thread = cls("java/lang/Thread");
        const object = cls("java/lang/Object");
        const collection = cls("java/util/Collection");
        const map = cls("java/util/Map");
        const system = cls("java/lang/System");
        const element = cls("java/lang/StackTraceElement");
        const getter = (name: string): Ref => env.getMethodId(element, name, "()Ljava/lang/String;");
        const javaClass = cls("java/lang/Class");
        this.callObject = env.vaMethod("pointer", []);
        this.callInt = env.vaMethod("int32", []);
        this.objectField = env.getField("pointer");
        this.callObject1 = env.vaMethod("pointer", ["pointer"]);
        this.callObject2 = env.vaMethod("pointer", ["pointer", "pointer"]);
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
            collectionToArray: env.getMethodId(collection, "toArray", "()[Ljava/lang/Object;"),
            map,
            mapSize: env.getMethodId(map, "size", "()I"),
            securityException: cls("java/lang/SecurityException"),
            system,
            identityHashCode: env.getStaticMethodId(system, "identityHashCode", "(Ljava/lang/Object;)I"),
            elementClassName: getter("getClassName"),
            elementMethodName: getter("getMethodName"),
            elementFileName: getter("getFileName"),
            elementLineNumber: env.getMethodId(element, "getLineNumber", "()I"),
            classGetName: env.getMethodId(javaClass, "getName", "()Ljava/lang/String;"),
            classGetMethod: env.getMethodId(javaClass, "getMethod", "(Ljava/lang/String;[Ljava/lang/Class;)Ljava/lang/reflect/Method;"),
            classGetField: env.getMethodId(javaClass, "getField", "(Ljava/lang/String;)Ljava/lang/reflect/Field;"),
            methodReturnType: env.getMethodId(cls("java/lang/reflect/Method"), "getReturnType", "()Ljava/lang/Class;"),
            fieldType: env.getMethodId(cls("java/lang/reflect/Field"), "getType", "()Ljava/lang/Class;"),
        };
    }

    /**
     * The calling thread's Java stack. On HotSpot its raw key is JVMTI's frame array, interned
     * in C (stackkey.ts: one native call, no Java object); the first time an array is seen, the
     * Throwable path below gives its key and frames, and arrays with the same Throwable key share
     * one stack, so a stack's key and frames are exactly what the Throwable path alone gave.
     */
    stack(env: Env): CapturedStack | null {
        if (this.isArt) {
            return artStack();
        }
        const keys = this.keys;
        if (keys === null) {
            return this.throwableStack(env);
        }
        const id = keys.id();
        if (id > 0) {
            return this.byId[id] ?? this.throwableStack(env); // undefined: its first read failed
        }
        const stack = this.throwableStack(env);
        if (id < 0 && stack !== null) {
            this.byId[-id] = stack;
        }
        return stack;
    }

    /**
     * The stack from a Throwable: its key from three JNI calls (Arrays.toString of the trace,
     * with the frame count so that an element's text can never pass for several); the first time
     * a key is seen, its frames are read field by field (kept, so that a stack held for later, as
     * OkHttp's enqueue does, needs no local reference). Known keys give the same object, whose
     * key is short (a Map look-up hashes the whole key string).
     */
    throwableStack(env: Env): CapturedStack | null {
        const { ids } = this;
        const t = env.allocObject(ids.throwable);
        try {
            env.nonvirtualVaMethod("void", [])(env.handle, t, ids.throwable, ids.throwableInit);
            const elements = env.vaMethod("pointer", [])(env.handle, t, ids.getStackTrace);
            if (clearPending(env) || elements.isNull()) {
                return null;
            }
            try {
                const text = env.staticVaMethod("pointer", ["pointer"])(env.handle, ids.arrays, ids.arraysToString, elements);
                if (clearPending(env) || text.isNull()) {
                    return null;
                }
                const count = env.getArrayLength(elements);
                const key = `${count}|${readString(env, text, Number.MAX_SAFE_INTEGER).text}`;
                env.deleteLocalRef(text);
                let stack = this.known.get(key);
                if (stack === undefined) {
                    const frames = this.readFrames(env, elements, count);
                    if (this.known.size >= MAX_KNOWN_STACKS) {
                        return { key, frames: () => frames }; // not kept: its long key stands
                    }
                    stack = { key: `t${this.known.size + 1}`, frames: () => frames };
                    this.known.set(key, stack);
                }
                return stack;
            } finally {
                env.deleteLocalRef(elements);
            }
        } finally {
            env.deleteLocalRef(t);
        }
    }

    /** The frames of a StackTraceElement[], each field read through its own getter. */
    private readFrames(env: Env, elements: Ref, count: number): JavaFrame[] {
        const { ids } = this;
        const frames: JavaFrame[] = [];
        const getString = env.vaMethod("pointer", []);
        const getInt = env.vaMethod("int32", []);
        // hook frames come first and are dropped later: keep a few more than are shown
        for (let i = 0; i < Math.min(count, MAX_FRAMES + 4); i++) {
            const e = env.getObjectArrayElement(elements, i);
            try {
                const cls = boundedName(env, getString(env.handle, e, ids.elementClassName), MAX_NAME_CHARS);
                const method = boundedName(env, getString(env.handle, e, ids.elementMethodName), MAX_NAME_CHARS);
                const fileRef = getString(env.handle, e, ids.elementFileName);
                const file = fileRef.isNull() ? null : boundedName(env, fileRef, MAX_FILE_CHARS);
                const line = getInt(env.handle, e, ids.elementLineNumber);
                if (clearPending(env)) {
                    frames.push({ class: "", method: "", file: null, line: -1, cut: true });
                    continue;
                }
                frames.push({
                    class: cls.text, method: method.text, file: file?.text ?? null, line,
                    cut: cls.cut || method.cut || (file?.cut ?? false),
                });
            } finally {
                env.deleteLocalRef(e);
            }
        }
        return frames;
    }

    /** The current thread's name; cached per thread id (threads are rarely renamed after start). */
    threadName(env: Env, tid: number = Process.getCurrentThreadId()): string {
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
        const name = this.callObject(env.handle, thread, ids.getName);
        env.deleteLocalRef(thread);
        if (clearPending(env) || name.isNull()) {
            return "";
        }
        const { text, length } = readString(env, name, MAX_THREAD_CHARS);
        env.deleteLocalRef(name);
        return clipped(text, length);
    }

    /** System.identityHashCode: the key under which network hooks remember an object. */
    identity(env: Env, object: NativePointer): number {
        const { ids } = this;
        const hash = env.staticVaMethod("int32", ["pointer"])(env.handle, ids.system, ids.identityHashCode, object);
        return clearPending(env) ? 0 : hash;
    }

    /** The runtime class name of an object ("java.util.ArrayList"), with three JNI calls. */
    runtimeClassName(env: Env, object: NativePointer): string {
        const jni = raw(env);
        const cls = jni.getObjectClass(env.handle, object);
        try {
            return this.className(env, cls);
        } finally {
            jni.deleteLocalRef(env.handle, cls);
        }
    }

    /** The name of a class ("java.util.ArrayList"); "" if Class.getName threw. */
    className(env: Env, cls: NativePointer): string {
        const name = this.callObject(env.handle, cls, this.ids.classGetName);
        if (clearPending(env) || name.isNull()) {
            return "";
        }
        const { text } = readString(env, name, MAX_NAME_CHARS);
        raw(env).deleteLocalRef(env.handle, name);
        return text;
    }

    /**
     * A member path of `object` (of runtime class `className`) by JNI, each step a field `name`
     * or a getter `name()` with no argument, the last one String-typed or numeric (byte, short,
     * int, float, double: Location's coordinates, GsmCellLocation's cell; read without a bridge
     * wrapper, as the cast and call through the bridge made two): ids are looked up once per
     * class and step (through reflection for an object- or number-typed step). "absent" when a step is
     * not such a member (the caller reads the path through the bridge instead), "threw" when a
     * getter threw (the exception is cleared, as a wrapper call's would be).
     *
     * A step found absent after an earlier getter ran makes the caller run that getter again
     * through the bridge; the catalogue's paths (readvalues.ts MEMBERS) resolve or fail at their
     * first step, so this does not arise for them.
     */
    memberPath(env: Env, object: NativePointer, className: string, steps: string[], max: number): MemberRead {
        const owned: Ref[] = []; // the intermediate objects' local references
        try {
            let current = object;
            let currentClass = className;
            for (let i = 0; i < steps.length; i++) {
                const last = i === steps.length - 1;
                const id = this.memberId(env, current, currentClass, steps[i]);
                if (id === null || (last && id.type !== STRING_TYPE && id.read === undefined)
                    || (!last && id.read !== undefined)) {
                    return "absent";
                }
                // a getter the catalogue hooks is called at its original (originals.ts)
                const member = id.getter && !this.isArt ? originalOf(id.id) : id.id;
                if (id.read !== undefined) {
                    const n = id.read(env.handle, current, member);
                    return clearPending(env) ? "threw" : { number: n };
                }
                if (last && id.type === STRING_TYPE && jniText !== null && max <= BUFFER_CHARS) {
                    // the read, its checks and the string's text in one native call (jnitext.ts)
                    return jniText.member(env.handle, current, member, id.getter, max);
                }
                let ref: Ref;
                if (id.getter) {
                    ref = this.callObject(env.handle, current, member);
                    if (clearPending(env)) {
                        return "threw";
                    }
                } else {
                    ref = this.objectField(env.handle, current, id.id); // a field read never throws
                }
                if (ref.isNull()) {
                    return { text: null };
                }
                owned.push(ref);
                if (last) {
                    return { text: readString(env, ref, max).text };
                }
                current = ref;
                currentClass = this.runtimeClassName(env, ref);
            }
            return "absent"; // no steps
        } finally {
            const jni = raw(env);
            for (const ref of owned) {
                jni.deleteLocalRef(env.handle, ref);
            }
        }
    }

    private memberId(env: Env, object: NativePointer, className: string, step: string): MemberId | null {
        const jni = raw(env);
        let members = this.memberIds.get(className);
        if (members === undefined) {
            const cls = jni.getObjectClass(env.handle, object);
            members = { owner: env.newGlobalRef(cls), ids: new Map() };
            jni.deleteLocalRef(env.handle, cls);
            this.memberIds.set(className, members);
        } else if (jni.isInstanceOf(env.handle, object, members.owner) === 0) {
            // Another class of the same name (another class loader: the app can make one). Ids
            // of the first are no ids of this one, and a JNI call with them is undefined
            // behaviour in the VM: not read by JNI (the caller's bridge path casts, and fails).
            return null;
        }
        let id = members.ids.get(step);
        if (id === undefined) {
            id = this.lookUpMember(env, object, step);
            members.ids.set(step, id);
        }
        return id;
    }

    private lookUpMember(env: Env, object: NativePointer, member: string): MemberId | null {
        const getter = member.endsWith("()");
        const name = getter ? member.slice(0, -2) : member;
        if (!/^[A-Za-z_$][\w$]*$/.test(name)) {
            return null; // a call with arguments ("getItemAt(0)"): the bridge's
        }
        const cls = env.getObjectClass(object);
        try {
            const id = getter
                ? env.getMethodId(cls, name, "()Ljava/lang/String;")
                : env.getFieldId(cls, name, "Ljava/lang/String;");
            if (!clearPending(env) && !id.isNull()) {
                return { id, getter, type: STRING_TYPE };
            }
            const type = this.declaredType(env, cls, name, getter);
            const numeric = type === null ? undefined : NUMERIC.get(type);
            if (type !== null && numeric !== undefined) {
                const numberId = getter
                    ? env.getMethodId(cls, name, `()${numeric.signature}`)
                    : env.getFieldId(cls, name, numeric.signature);
                if (clearPending(env) || numberId.isNull()) {
                    return null;
                }
                // the bridge keeps one wrapper per JNI function and type: shared by all members
                const read = getter ? env.vaMethod(numeric.jni, []) : env.getField(numeric.jni);
                return { id: numberId, getter, type, read };
            }
            if (type === null || type.startsWith("[") || !type.includes(".")) {
                return null; // another primitive or an array: the bridge's
            }
            const signature = `L${type.replace(/\./g, "/")};`;
            const objectId = getter
                ? env.getMethodId(cls, name, `()${signature}`)
                : env.getFieldId(cls, name, signature);
            return clearPending(env) || objectId.isNull() ? null : { id: objectId, getter, type };
        } finally {
            env.deleteLocalRef(cls);
        }
    }

    /** The declared type of a public field or no-argument method of `cls`, by reflection. */
    private declaredType(env: Env, cls: Ref, name: string, getter: boolean): string | null {
        const { ids } = this;
        const nameRef = env.newStringUtf(name);
        try {
            const member = getter
                ? this.callObject2(env.handle, cls, ids.classGetMethod, nameRef, NULL)
                : this.callObject1(env.handle, cls, ids.classGetField, nameRef);
            if (clearPending(env) || member.isNull()) {
                return null;
            }
            const type = this.callObject(env.handle, member, getter ? ids.methodReturnType : ids.fieldType);
            env.deleteLocalRef(member);
            if (clearPending(env) || type.isNull()) {
                return null;
            }
            const typeName = this.className(env, type);
            env.deleteLocalRef(type);
            return typeName === "" ? null : typeName;
        } finally {
            env.deleteLocalRef(nameRef);
        }
    }

    /** A collection's elements as local references (Collection.toArray), at most `max`. */
    collectionItems(env: Env, object: NativePointer, max: number): Ref[] | null {
        const array = this.callObject(env.handle, object, this.ids.collectionToArray);
        if (clearPending(env) || array.isNull()) {
            return null;
        }
        try {
            const n = Math.min(env.getArrayLength(array), max);
            const items: Ref[] = [];
            for (let i = 0; i < n; i++) {
                items.push(env.getObjectArrayElement(array, i));
            }
            return items;
        } finally {
            env.deleteLocalRef(array);
        }
    }

    /** An object's toString() by JNI, at most `max` chars: "null" for null, as String() gives. */
    objectText(env: Env, object: NativePointer, max: number): string {
        const last = this.lastText;
        if (last !== null && max <= MAX_DESCRIBE_CHARS && last.handle.equals(object)) {
            this.lastText = null;
            return last.text.slice(0, max); // what readString(max) gives of the same string
        }
        const text = this.callObject(env.handle, object, this.ids.objectToString);
        if (clearPending(env)) {
            throw new Error("toString() threw"); // as the bridge's call would: no values
        }
        if (text.isNull()) {
            return "null";
        }
        const out = readString(env, text, max).text;
        raw(env).deleteLocalRef(env.handle, text);
        return out;
    }

    /** The end of a recorded call: no later call reuses its toString() (see lastText). */
    forgetText(): void {
        this.lastText = null;
    }

    isCollection(env: Env, object: NativePointer): boolean {
        return raw(env).isInstanceOf(env.handle, object, this.ids.collection) !== 0;
    }

    isSecurityException(env: Env, throwable: NativePointer): boolean {
        return raw(env).isInstanceOf(env.handle, throwable, this.ids.securityException) !== 0;
    }

    describeObject(value: JavaObject): string {
        this.lastText = null; // only this object's text may be reused
        const handle = value.$h;
        if (handle === undefined || handle === null) {
            return value.$className ?? "object";
        }
        const env = currentEnv();
        const jni = raw(env);
        const { ids } = this;
        // The runtime class's name only where it is shown: frida-java-bridge's $className getter
        // costs ~13 µs a read (its own JNI look-ups), this ~3; both are Class.getName.
        const className = (): string => this.runtimeClassName(env, handle) || "object";
        const collection = jni.isInstanceOf(env.handle, handle, ids.collection) !== 0;
        if (collection || jni.isInstanceOf(env.handle, handle, ids.map) !== 0) {
            // Whole collections can be huge (every installed package): their size says enough.
            const size = this.callInt(env.handle, handle, collection ? ids.collectionSize : ids.mapSize);
            return clearPending(env) ? className() : `${className()}(size=${size})`;
        }
        const text = this.callObject(env.handle, handle, ids.objectToString);
        if (clearPending(env) || text.isNull()) {
            return className();
        }
        const { text: result, length } = readString(env, text, MAX_DESCRIBE_CHARS);
        jni.deleteLocalRef(env.handle, text);
        this.lastText = { handle, text: result };
        return clipped(result, length);
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
    if (raw(env).exceptionCheck(env.handle) === 0) {
        return false; // the common case: one call
    }
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
            const cls = bound(f.className ?? "", MAX_NAME_CHARS);
            const method = bound(f.methodName ?? "", MAX_NAME_CHARS);
            const file = f.fileName === null || f.fileName === undefined ? null : bound(f.fileName, MAX_FILE_CHARS);
            return {
                class: cls.text, method: method.text, file: file?.text ?? null, line: f.lineNumber,
                cut: cls.cut || method.cut || (file?.cut ?? false),
            };
        }),
    };
}

function bound(text: string, max: number): { text: string; cut: boolean } {
    return text.length > max ? { text: text.slice(0, max), cut: true } : { text, cut: false };
}
