// Raw JNI reads for the network hooks' hot path: an HttpURLConnection's URL, method and headers,
// private fields by name. One JNI call per step with cached ids, instead of frida-java-bridge
// wrappers (a wrapper call costs ~0.1 ms: measured, it was most of a hooked request's cost).
import { clearPending, globalClass, type Env } from "./jvm.js";

type Ref = NativePointer;

const MAX_HEADERS = 256;

interface Ids {
    urlConnection: Ref;
    getURL: Ref;
    getRequestMethod: Ref;
    getRequestProperties: Ref;
    objectToString: Ref;
    getClass: Ref;
    className: Ref;
    getDeclaredField: Ref;
    getSuperclass: Ref;
    fieldType: Ref;
    mapEntrySet: Ref;
    collectionToArray: Ref;
    entryKey: Ref;
    entryValue: Ref;
    list: Ref;
    system: Ref;
    identityHashCode: Ref;
}

/** A class seen by invoke(): its name and the ids of the methods called on it. */
interface ClassInfo {
    ref: Ref; // a global ref: the class stays loaded while the agent remembers it
    name: string;
    methods: Map<string, Ref | null>;
}

const MAX_CLASSES = 1024; // classes remembered; past it a class is looked up on every call

/** JNI IsSameObject, which frida-java-bridge's Env has and jvm.ts's type does not declare. */
interface SameObject {
    isSameObject(a: Ref, b: Ref): boolean;
}

const SIGNATURES: Record<string, string> = {
    boolean: "Z", byte: "B", char: "C", short: "S", int: "I", long: "J", float: "F", double: "D",
};

/** Class.getName() of a field's type -> its JNI signature. */
export function jniSignature(typeName: string): string {
    if (typeName.startsWith("[")) {
        return typeName.replace(/\./g, "/");
    }
    return SIGNATURES[typeName] ?? `L${typeName.replace(/\./g, "/")};`;
}

export interface UrlRequest {
    url: string;
    method: string;
    headers: { name: string; value: string }[];
}

export class Jni {
    private readonly ids: Ids;
    private readonly fields = new Map<string, { id: Ref; object: boolean } | null>();

    constructor(env: Env) {
        const cls = (name: string): Ref => globalClass(env, name);
        const urlConnection = cls("java/net/URLConnection");
        const http = cls("java/net/HttpURLConnection");
        const object = cls("java/lang/Object");
        const klass = cls("java/lang/Class");
        const field = cls("java/lang/reflect/Field");
        const map = cls("java/util/Map");
        const collection = cls("java/util/Collection");
        const entry = cls("java/util/Map$Entry");
        const system = cls("java/lang/System");
        this.ids = {
            urlConnection,
            getURL: env.getMethodId(urlConnection, "getURL", "()Ljava/net/URL;"),
            getRequestMethod: env.getMethodId(http, "getRequestMethod", "()Ljava/lang/String;"),
            getRequestProperties: env.getMethodId(urlConnection, "getRequestProperties", "()Ljava/util/Map;"),
            objectToString: env.getMethodId(object, "toString", "()Ljava/lang/String;"),
            getClass: env.getMethodId(object, "getClass", "()Ljava/lang/Class;"),
            className: env.getMethodId(klass, "getName", "()Ljava/lang/String;"),
            getDeclaredField: env.getMethodId(klass, "getDeclaredField", "(Ljava/lang/String;)Ljava/lang/reflect/Field;"),
            getSuperclass: env.getMethodId(klass, "getSuperclass", "()Ljava/lang/Class;"),
            fieldType: env.getMethodId(field, "getType", "()Ljava/lang/Class;"),
            mapEntrySet: env.getMethodId(map, "entrySet", "()Ljava/util/Set;"),
            collectionToArray: env.getMethodId(collection, "toArray", "()[Ljava/lang/Object;"),
            entryKey: env.getMethodId(entry, "getKey", "()Ljava/lang/Object;"),
            entryValue: env.getMethodId(entry, "getValue", "()Ljava/lang/Object;"),
            list: cls("java/util/List"),
            system,
            identityHashCode: env.getStaticMethodId(system, "identityHashCode", "(Ljava/lang/Object;)I"),
        };
    }

    /** URL, method and (before it is connected) the headers the app set. */
    urlRequest(env: Env, connection: Ref): UrlRequest {
        const { ids } = this;
        const urlObject = this.call(env, connection, ids.getURL);
        const url = this.text(env, this.call(env, urlObject, ids.objectToString));
        if (!urlObject.isNull()) {
            env.deleteLocalRef(urlObject);
        }
        const method = this.text(env, this.call(env, connection, ids.getRequestMethod));
        const headers: UrlRequest["headers"] = [];
        const map = this.call(env, connection, ids.getRequestProperties); // throws once connected
        if (!map.isNull()) {
            this.forEntries(env, map, (name, value) => {
                if (env.isInstanceOf(value, ids.list)) {
                    this.forArray(env, this.call(env, value, ids.collectionToArray), (item) => {
                        if (headers.length < MAX_HEADERS) {
                            headers.push({ name, value: this.text(env, this.call(env, item, ids.objectToString)) ?? "" });
                        }
                    });
                } else if (headers.length < MAX_HEADERS) {
                    headers.push({ name, value: this.text(env, this.call(env, value, ids.objectToString)) ?? "" });
                }
            });
            env.deleteLocalRef(map);
        }
        return { url: url ?? "", method: method ?? "", headers };
    }

    /**
     * A no-argument method of `object`'s runtime class by name and signature (app-side classes
     * too: the id comes from the object's own class), id cached per class. Null when it threw.
     */
    invoke(env: Env, object: Ref, name: string, signature: string): Ref | null {
        const id = this.method(env, object, name, signature);
        if (id === null) {
            return null;
        }
        const result = this.call(env, object, id);
        return result.isNull() ? null : result;
    }

    /** invoke() of a method taking one int (Headers.name(i), Headers.value(i)). */
    invokeWithInt(env: Env, object: Ref, name: string, signature: string, arg: number): Ref | null {
        const id = this.method(env, object, name, signature);
        if (id === null) {
            return null;
        }
        const result = env.vaMethod("pointer", ["int32"])(env.handle, object, id, arg);
        return clearPending(env) || result.isNull() ? null : result;
    }

    invokeInt(env: Env, object: Ref, name: string): number | null {
        const id = this.method(env, object, name, "()I");
        if (id === null) {
            return null;
        }
        const result = env.vaMethod("int32", [])(env.handle, object, id);
        return clearPending(env) ? null : result;
    }

    /** A long-returning no-argument method (RequestBody.contentLength, Buffer.size). */
    invokeLong(env: Env, object: Ref, name: string): number | null {
        const id = this.method(env, object, name, "()J");
        if (id === null) {
            return null;
        }
        const result = env.vaMethod("int64", [])(env.handle, object, id);
        return clearPending(env) ? null : Number(result);
    }

    /** A void method taking one object (RequestBody.writeTo(BufferedSink)); false if it threw. */
    invokeVoid(env: Env, object: Ref, name: string, signature: string, arg: Ref): boolean {
        const id = this.method(env, object, name, signature);
        if (id === null) {
            return false;
        }
        env.vaMethod("void", ["pointer"])(env.handle, object, id, arg);
        return !clearPending(env);
    }

    /** A method taking one long and returning an object (Buffer.readByteArray(long)). */
    invokeWithLong(env: Env, object: Ref, name: string, signature: string, arg: number): Ref | null {
        const id = this.method(env, object, name, signature);
        if (id === null) {
            return null;
        }
        const result = env.vaMethod("pointer", ["int64"])(env.handle, object, id, arg);
        return clearPending(env) || result.isNull() ? null : result;
    }

    /** A new object of a class (a global ref held by the caller) through its () constructor. */
    create(env: Env, klass: Ref): Ref | null {
        const id = env.getMethodId(klass, "<init>", "()V");
        if (clearPending(env) || id.isNull()) {
            return null;
        }
        const object = env.constructor([])(env.handle, klass, id);
        return clearPending(env) || object.isNull() ? null : object;
    }

    /** The runtime class name of an object. */
    className(env: Env, object: Ref): string {
        const klass = env.getObjectClass(object);
        try {
            return this.classInfo(env, klass).name;
        } finally {
            env.deleteLocalRef(klass);
        }
    }

    /** toString() of an object, the ref left to the caller. */
    string(env: Env, object: Ref | null): string {
        return object === null ? "" : (this.text(env, this.call(env, object, this.ids.objectToString)) ?? "");
    }

    /** A String-returning method's value ("" when null or it threw). */
    invokeText(env: Env, object: Ref, name: string): string {
        const ref = this.invoke(env, object, name, "()Ljava/lang/String;");
        return ref === null ? "" : (this.text(env, ref) ?? "");
    }

    // Per class: its name and the method ids looked up on it. Found by the class's identity
    // hash, then IsSameObject against the kept global ref (two classes may share a hash; the
    // same name may be two classes, from two class loaders), so that a call costs no
    // Class.getName() and no string read: it did, once per invoke, and cost most of an OkHttp
    // request's reading.
    private readonly classes = new Map<number, ClassInfo[]>();

    private classInfo(env: Env, klass: Ref): ClassInfo {
        const { ids } = this;
        const hash = env.staticVaMethod("int32", ["pointer"])(env.handle, ids.system, ids.identityHashCode, klass);
        let infos = this.classes.get(hash);
        if (infos === undefined) {
            infos = [];
            this.classes.set(hash, infos);
        }
        for (const info of infos) {
            if ((env as unknown as SameObject).isSameObject(info.ref, klass)) {
                return info;
            }
        }
        const name = this.text(env, this.call(env, klass, this.ids.className)) ?? "";
        const info: ClassInfo = { ref: env.newGlobalRef(klass), name, methods: new Map() };
        if (this.classes.size < MAX_CLASSES) {
            infos.push(info);
        }
        return info;
    }

    private method(env: Env, object: Ref, name: string, signature: string): Ref | null {
        const klass = env.getObjectClass(object);
        try {
            const info = this.classInfo(env, klass);
            const key = `${name}|${signature}`;
            let id = info.methods.get(key);
            if (id === undefined) {
                id = env.getMethodId(klass, name, signature);
                if (clearPending(env) || id.isNull()) {
                    id = null;
                }
                info.methods.set(key, id);
            }
            return id;
        } finally {
            env.deleteLocalRef(klass);
        }
    }

    /** A field of `object` by name, wherever it is declared (a local ref, or null). */
    objectField(env: Env, object: Ref, name: string): Ref | null {
        const field = this.field(env, object, name);
        if (field === null || !field.object) {
            return null;
        }
        const value = env.getField("pointer")(env.handle, object, field.id);
        return clearPending(env) || value.isNull() ? null : value;
    }

    intField(env: Env, object: Ref, name: string): number | null {
        const field = this.field(env, object, name);
        if (field === null || field.object) {
            return null;
        }
        const value = env.getIntField(object, field.id);
        return clearPending(env) ? null : value;
    }

    private field(env: Env, object: Ref, name: string): { id: Ref; object: boolean } | null {
        const { ids } = this;
        const klass = env.getObjectClass(object);
        try {
            const className = this.text(env, this.call(env, klass, ids.className)) ?? "";
            const key = `${className}|${name}`;
            const known = this.fields.get(key);
            if (known !== undefined) {
                return known;
            }
            const found = this.resolve(env, klass, name);
            this.fields.set(key, found);
            return found;
        } finally {
            env.deleteLocalRef(klass);
        }
    }

    /** Class.getDeclaredField up the superclasses, once per class and name. */
    private resolve(env: Env, klass: Ref, name: string): { id: Ref; object: boolean } | null {
        const { ids } = this;
        const jname = env.newStringUtf(name);
        let current = env.newLocalRef(klass);
        try {
            for (let depth = 0; depth < 16 && !current.isNull(); depth++) {
                const reflected = env.vaMethod("pointer", ["pointer"])(env.handle, current, ids.getDeclaredField, jname);
                if (!clearPending(env) && !reflected.isNull()) {
                    const type = this.call(env, reflected, ids.fieldType);
                    const typeName = this.text(env, this.call(env, type, ids.className)) ?? "";
                    env.deleteLocalRef(type);
                    env.deleteLocalRef(reflected);
                    const signature = jniSignature(typeName);
                    const id = env.getFieldId(klass, name, signature);
                    if (clearPending(env) || id.isNull()) {
                        return null;
                    }
                    return { id, object: signature.startsWith("L") || signature.startsWith("[") };
                }
                const parent = this.call(env, current, ids.getSuperclass);
                env.deleteLocalRef(current);
                current = parent;
            }
            return null;
        } finally {
            if (!current.isNull()) {
                env.deleteLocalRef(current);
            }
            env.deleteLocalRef(jname);
        }
    }

    private forEntries(env: Env, map: Ref, each: (name: string, value: Ref) => void): void {
        const { ids } = this;
        const set = this.call(env, map, ids.mapEntrySet);
        this.forArray(env, this.call(env, set, ids.collectionToArray), (entry) => {
            const key = this.call(env, entry, ids.entryKey);
            const value = this.call(env, entry, ids.entryValue);
            const name = key.isNull() ? null : this.text(env, this.call(env, key, ids.objectToString));
            if (name !== null && !value.isNull()) {
                each(name, value);
            }
            if (!key.isNull()) {
                env.deleteLocalRef(key);
            }
            if (!value.isNull()) {
                env.deleteLocalRef(value);
            }
        });
        if (!set.isNull()) {
            env.deleteLocalRef(set);
        }
    }

    private forArray(env: Env, array: Ref, each: (item: Ref) => void): void {
        if (array.isNull()) {
            return;
        }
        const length = Math.min(env.getArrayLength(array), MAX_HEADERS);
        for (let i = 0; i < length; i++) {
            const item = env.getObjectArrayElement(array, i);
            if (!item.isNull()) {
                each(item);
                env.deleteLocalRef(item);
            }
        }
        env.deleteLocalRef(array);
    }

    /** A no-argument object method; NULL when it threw (the exception is cleared). */
    private call(env: Env, object: Ref, method: Ref): Ref {
        if (object.isNull()) {
            return object;
        }
        const result = env.vaMethod("pointer", [])(env.handle, object, method);
        return clearPending(env) ? NULL : result;
    }

    /** A java.lang.String local ref as text (and the ref deleted); null for NULL. */
    private text(env: Env, ref: Ref): string | null {
        if (ref.isNull()) {
            return null;
        }
        const value: string = env.stringFromJni(ref);
        env.deleteLocalRef(ref);
        return value;
    }
}
