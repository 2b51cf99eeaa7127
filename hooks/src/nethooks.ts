// Network hooks: every transmission the app makes, seen inside the app before TLS (issue #11).
//
// The catalogue's `network` entries say where each platform implements a channel; JavaHooks
// installs them (framework classes at load, app-side ones such as okhttp3 when loaded) and asks
// this module for each method's replacement. A replacement always runs the original with the
// app's own arguments and returns its result or rethrows its exception: the hooks only read.
//
// One transmission is reported once: while a network hook's original runs on a thread, the
// network hooks it reaches underneath (HttpURLConnection -> TLS stream -> socket stream, DNS
// inside a connect) are part of it. Their bytes are collected instead, when the outer hook takes
// its body from the wire (Android's HttpURLConnection, OkHttp bodies that cannot be replayed).
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call,
   @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument --
   The handlers read Java objects of many classes (HttpURLConnection, okhttp3.Request, Socket,
   ...) through frida-java-bridge wrappers, whose members exist only at run time. Declaring an
   interface per class would only restate these calls; every call runs inside wrap()'s try, so a
   member missing on some version is reported as an agent problem, never seen by the app. */
import Java from "frida-java-bridge";
import type { CatalogEntry } from "./catalog.js";
import { threadState } from "./guard.js";
import { releaseNotedHandles } from "./handles.js";
import { reportProblem, type Factory, type JavaMethod, type NetTarget } from "./javahooks.js";
import { Jni } from "./jni.js";
import { currentEnv, type CapturedStack, type Jvm } from "./jvm.js";
import type { Recorder } from "./recorder.js";
import type { Header } from "./wire.js";

export const MAX_PAYLOAD = 1 << 20; // bytes of one body kept (the rest is counted, not copied)
const MAX_REMEMBERED = 4096;
// An OkHttp body is copied whole into a Buffer before its first MiB is kept: a larger one (a file
// upload) is taken from the wire instead, so the agent never holds more than this.
const MAX_COPIED_BODY = 8 * 1024 * 1024; // connections / calls remembered at once (oldest forgotten first)

/** A Java object as frida-java-bridge hands it over: members are reached by name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bridge's wrappers are dynamic
type Wrapper = any;

type Implementation = (this: unknown, ...args: unknown[]) => unknown;

/** The first bytes of everything written underneath an outer network hook. */
class Collector {
    private readonly chunks: ArrayBuffer[] = [];
    kept = 0;
    total = 0;

    add(bytes: ArrayBuffer | null, count: number): void {
        this.total += count;
        if (bytes !== null && this.kept < MAX_PAYLOAD) {
            const part = bytes.byteLength > MAX_PAYLOAD - this.kept ? bytes.slice(0, MAX_PAYLOAD - this.kept) : bytes;
            this.chunks.push(part);
            this.kept += part.byteLength;
        }
    }

    /** Room left, so that a write's bytes are copied only as far as they will be kept. */
    room(): number {
        return MAX_PAYLOAD - this.kept;
    }

    bytes(): ArrayBuffer {
        const out = new Uint8Array(this.kept);
        let at = 0;
        for (const chunk of this.chunks) {
            out.set(new Uint8Array(chunk), at);
            at += chunk.byteLength;
        }
        return out.buffer;
    }
}

interface NetState {
    depth: number; // network originals now running on this thread
    collector: Collector | null;
}

const netStates = new Map<number, NetState>();

function netState(tid: number): NetState {
    let state = netStates.get(tid);
    if (state === undefined) {
        state = { depth: 0, collector: null };
        netStates.set(tid, state);
    }
    return state;
}

/** A Map that forgets its oldest keys beyond a bound (insertion order). */
class Bounded<V> {
    private readonly map = new Map<number, V>();

    get(key: number): V | undefined {
        return this.map.get(key);
    }

    has(key: number): boolean {
        return this.map.has(key);
    }

    set(key: number, value: V): void {
        this.map.delete(key);
        this.map.set(key, value);
        if (this.map.size > MAX_REMEMBERED) {
            const oldest = this.map.keys().next();
            if (oldest.done !== true) {
                this.map.delete(oldest.value);
            }
        }
    }

    delete(key: number): void {
        this.map.delete(key);
    }
}

interface Request {
    url: string;
    method: string;
    headers: Header[];
}

export interface UrlParts {
    scheme: string;
    host: string;
    port: number | null;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443 };

/** Scheme, host and port of a URL, without a look-up (IPv6 literals keep their brackets off). */
export function urlParts(url: string): UrlParts {
    const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d+))?/.exec(url);
    if (match === null) {
        return { scheme: "", host: "", port: null };
    }
    const scheme = match[1].toLowerCase();
    const host = match[2].startsWith("[") ? match[2].slice(1, -1) : match[2];
    const port = match[3] !== undefined ? Number(match[3]) : (DEFAULT_PORTS[scheme] ?? null);
    return { scheme, host, port };
}

/** "localhost" and loopback literals: traffic that never leaves the device. */
export function isLoopbackHost(host: string): boolean {
    const h = host.toLowerCase();
    return h === "" || h === "localhost" || h.startsWith("127.") || h === "::1" || h === "0:0:0:0:0:0:0:1";
}

/** An IPv4 or IPv6 literal: looking it up is not a DNS query. */
export function isAddressLiteral(host: string): boolean {
    return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(":");
}

export class NetHooks {
    private readonly sent = new Bounded<true>(); // HttpURLConnections already reported
    private readonly requests = new Bounded<Request>(); // what a connection will send
    // OkHttp async call -> the caller's stack, taken in enqueue (the dispatcher's names no one)
    private readonly enqueued = new Bounded<{ stack: CapturedStack; from: NetTarget }>();

    private readonly jni: Jni;

    constructor(private readonly recorder: Recorder, private readonly jvm: Jvm) {
        this.jni = new Jni(currentEnv());
    }

    readonly make = (target: NetTarget, method: JavaMethod, factory: Factory): Implementation => {
        const handler = target.entry.handler;
        switch (handler) {
            case "url_connection":
                return this.urlConnection(target, method);
            case "okhttp_exchange":
                return this.okhttpExchange(target, method, factory);
            case "okhttp_enqueue":
                return this.okhttpEnqueue(target, method);
            case "stream_write":
                return this.streamWrite(target, method);
            case "dns":
                return this.dns(target, method);
            case "webview":
                return this.webview(target, method);
            case "datagram":
                return this.datagram(target, method);
            default:
                throw new Error(`handler ${String(handler)} is not a Java handler`);
        }
    };

    // --- the shared frame: guard, nesting, rethrow --------------------------------------

    /**
     * Runs `original` as the app asked. `before` (agent's work, may return a finisher run after
     * the original with its outcome) is skipped for the agent's own calls and nested ones.
     */
    private wrap(
        method: JavaMethod,
        before: (self: Wrapper, args: unknown[], state: NetState) => ((error: unknown, result: unknown) => void) | null,
        nested?: (self: Wrapper, args: unknown[], state: NetState) => (() => void) | null,
    ): Implementation {
        return function (this: unknown, ...args: unknown[]): unknown {
            const tid = Process.getCurrentThreadId();
            const guard = threadState(tid);
            if (guard.busy) {
                return method.apply(this, args);
            }
            const state = netState(tid);
            let after: ((error: unknown, result: unknown) => void) | null = null;
            guard.busy = true;
            try {
                if (state.depth > 0) {
                    if (nested !== undefined) {
                        const done = nested(this, args, state);
                        after = done === null ? null : () => done();
                    }
                } else {
                    after = before(this, args, state);
                }
                releaseNotedHandles(); // on this app thread (handles.ts)
            } catch (e) {
                reportNetProblem("network hook", e);
            } finally {
                guard.busy = false;
            }
            let result: unknown;
            let error: unknown = null;
            state.depth++;
            try {
                result = method.apply(this, args);
            } catch (e) {
                error = e;
            } finally {
                state.depth--;
            }
            if (after !== null) {
                guard.busy = true;
                try {
                    after(error, result);
                } catch (e) {
                    reportNetProblem("network hook (after)", e);
                } finally {
                    guard.busy = false;
                }
            }
            if (error !== null) {
                throw error as Error; // the very same Java exception (frida-java-bridge's Error)
            }
            return result;
        };
    }

    private stack(): CapturedStack | null {
        return this.recorder.captureStack();
    }

    // --- HttpURLConnection --------------------------------------------------------------

    private urlConnection(target: NetTarget, method: JavaMethod): Implementation {
        const sendPoint = target.method === "getInputStream" || target.method === "getResponseCode";
        const bodyField = target.impl.fields["body"];
        const delegateField = target.impl.fields["delegate"];
        return this.wrap(method, (self, _args, state) => {
            const key = this.jvm.identity(currentEnv(), (self as { $h: NativePointer }).$h);
            if (this.sent.has(key)) {
                return null;
            }
            if (!this.requests.has(key)) {
                this.requests.set(key, this.jni.urlRequest(currentEnv(), (self as { $h: NativePointer }).$h));
            }
            if (!sendPoint) {
                return null;
            }
            const request = this.requests.get(key) as Request;
            this.requests.delete(key);
            this.sent.set(key, true);
            const stack = this.stack();
            if (bodyField !== undefined) {
                // HotSpot: a non-streaming body is complete in its buffer before it is sent.
                this.sendHttp(target, request, this.posted((self as { $h: NativePointer }).$h, delegateField, bodyField), stack);
                return null;
            }
            // Android: the body goes out inside the original; keep what is written underneath.
            const collector = new Collector();
            state.collector = collector;
            return () => {
                state.collector = null;
                const body = collector.total > 0 ? { bytes: collector.bytes(), total: collector.total } : null;
                this.sendHttp(target, request, body, stack);
            };
        });
    }

    private sendHttp(
        target: NetTarget, request: Request, body: { bytes: ArrayBuffer; total: number } | null,
        stack: CapturedStack | null,
    ): void {
        const parts = urlParts(request.url);
        this.recorder.send({
            hooked: target, hookId: target.entry.id, channel: target.entry.channel ?? "http",
            host: parts.host, ip: "", port: parts.port, scheme: parts.scheme,
            method: request.method, url: request.url, headers: request.headers,
            bytes: body?.total ?? 0, body: body?.bytes ?? null, stack,
        });
    }

    // --- OkHttp ----------------------------------------------------------------------------

    private okhttpEnqueue(target: NetTarget, method: JavaMethod): Implementation {
        return this.wrap(method, (self) => {
            const stack = this.stack();
            if (stack !== null) {
                const key = this.jvm.identity(currentEnv(), (self as { $h: NativePointer }).$h);
                this.enqueued.set(key, { stack, from: target });
            }
            return null;
        });
    }

    private okhttpExchange(target: NetTarget, method: JavaMethod, factory: Factory): Implementation {
        let bufferClass: NativePointer | null = null; // okio.Buffer (a global ref, from the app's loader)
        return this.wrap(method, (_self, args, state) => {
            const env = currentEnv();
            const { jni } = this;
            const chain = (args[0] as { $h: NativePointer }).$h;
            const request = jni.invoke(env, chain, "request", "()Lokhttp3/Request;");
            if (request === null) {
                return null;
            }
            const { url, method, headers, key } = this.okhttpRequest(chain, request);
            const queued = this.enqueued.get(key);
            this.enqueued.delete(key);
            const stack = queued?.stack ?? this.stack();
            const parts = urlParts(url);
            const base = {
                hooked: target, hookId: target.entry.id, channel: target.entry.channel ?? "okhttp",
                host: parts.host, ip: "", port: parts.port, scheme: parts.scheme,
                method, url, headers, stack, stackFrom: queued?.from ?? target,
            } as const;
            const body = jni.invoke(env, request, "body", "()Lokhttp3/RequestBody;");
            env.deleteLocalRef(request);
            if (body === null) {
                this.recorder.send({ ...base, bytes: 0, body: null });
                return null;
            }
            const length = jni.invokeLong(env, body, "contentLength") ?? -1;
            if (REPLAYABLE_BODIES.test(jni.className(env, body)) && length >= 0 && length <= MAX_COPIED_BODY) {
                // OkHttp's own bodies (bytes, strings, forms, multipart of those) write the same
                // bytes every time: a copy into a fresh Buffer consumes nothing the app sees.
                if (bufferClass === null) {
                    bufferClass = env.newGlobalRef((factory.use("okio.Buffer") as Wrapper).class.$h as NativePointer);
                }
                const copied = this.copyBody(env, body, bufferClass);
                env.deleteLocalRef(body);
                this.recorder.send({ ...base, bytes: copied?.total ?? length, body: copied?.bytes ?? null });
                return null;
            }
            env.deleteLocalRef(body);
            // Another body may be one-shot or have effects: take its bytes from the wire.
            const collector = new Collector();
            state.collector = collector;
            return () => {
                state.collector = null;
                const bytes = collector.total > 0 ? collector.bytes() : null;
                this.recorder.send({ ...base, bytes: collector.total, body: bytes });
            };
        });
    }

    /** RequestBody.writeTo(a new okio.Buffer), then its first MiB as bytes. */
    private copyBody(env: ReturnType<typeof currentEnv>, body: NativePointer, bufferClass: NativePointer):
        { bytes: ArrayBuffer; total: number } | null {
        const { jni } = this;
        const buffer = jni.create(env, bufferClass);
        if (buffer === null) {
            return null;
        }
        try {
            if (!jni.invokeVoid(env, body, "writeTo", "(Lokio/BufferedSink;)V", buffer)) {
                return null;
            }
            const size = jni.invokeLong(env, buffer, "size") ?? 0;
            const array = jni.invokeWithLong(env, buffer, "readByteArray", "(J)[B", Math.min(size, MAX_PAYLOAD));
            if (array === null) {
                return null;
            }
            const bytes = this.arrayBytes(env, array, 0, env.getArrayLength(array));
            env.deleteLocalRef(array);
            return { bytes, total: size };
        } finally {
            env.deleteLocalRef(buffer);
        }
    }

    /** URL, method, headers of an okhttp3.Request and its call's identity, through raw JNI. */
    private okhttpRequest(chain: NativePointer, request: NativePointer): {
        url: string; method: string; headers: Header[]; key: number;
    } {
        const env = currentEnv();
        const { jni } = this;
        const url = jni.invoke(env, request, "url", "()Lokhttp3/HttpUrl;");
        const text = jni.string(env, url);
        if (url !== null) {
            env.deleteLocalRef(url);
        }
        const method = jni.invokeText(env, request, "method");
        const headers: Header[] = [];
        const list = jni.invoke(env, request, "headers", "()Lokhttp3/Headers;");
        if (list !== null) {
            const count = Math.min(jni.invokeInt(env, list, "size") ?? 0, 256);
            for (let i = 0; i < count; i++) {
                const name = jni.invokeWithInt(env, list, "name", "(I)Ljava/lang/String;", i);
                const value = jni.invokeWithInt(env, list, "value", "(I)Ljava/lang/String;", i);
                headers.push({
                    name: name === null ? "" : env.stringFromJni(name),
                    value: value === null ? "" : env.stringFromJni(value),
                });
                for (const ref of [name, value]) {
                    if (ref !== null) {
                        env.deleteLocalRef(ref);
                    }
                }
            }
            env.deleteLocalRef(list);
        }
        const call = jni.invoke(env, chain, "call", "()Lokhttp3/Call;");
        const key = call === null ? 0 : this.jvm.identity(env, call);
        if (call !== null) {
            env.deleteLocalRef(call);
        }
        return { url: text, method, headers, key };
    }

    // --- socket and TLS streams ----------------------------------------------------------

    private streamWrite(target: NetTarget, method: JavaMethod): Implementation {
        const socketField = target.impl.fields["socket"];
        const read = (args: unknown[], room: number): { bytes: ArrayBuffer | null; count: number } => {
            if (args.length === 1) {
                const byte = (args[0] as number) & 0xff;
                return { bytes: room > 0 ? new Uint8Array([byte]).buffer : null, count: 1 };
            }
            const [array, off, len] = args as [Wrapper, number, number];
            if (array === null || len <= 0) {
                return { bytes: null, count: 0 };
            }
            const copied = this.byteArray(array, off, Math.min(len, room));
            return { bytes: copied?.bytes ?? null, count: len };
        };
        return this.wrap(method, (self, args) => {
            const socket = socketField === undefined ? null : field(self, socketField);
            const where = socket === null ? null : remote(socket);
            if (where === null || isLoopbackHost(where.host)) {
                return null; // the device's own loopback traffic (control sockets): never sent out
            }
            const { bytes, count } = read(args, MAX_PAYLOAD);
            const channel = target.entry.channel ?? "socket";
            if (count === 0 || (channel === "socket" && isTlsRecord(bytes))) {
                return null; // a TLS socket's own records: its plaintext is seen on the tls channel
            }
            this.recorder.send({
                hooked: target, hookId: target.entry.id, channel,
                host: where.host, ip: where.ip, port: where.port, scheme: channel === "tls" ? "tls" : "tcp",
                method: "", url: "", headers: [], bytes: count, body: bytes, stack: this.stack(),
            });
            return null;
        }, (_self, args, state) => {
            const collector = state.collector;
            if (collector === null) {
                return null;
            }
            const { bytes, count } = read(args, collector.room());
            collector.add(bytes, count);
            // What this stream writes underneath (a TLS stream's ciphertext) is not the body.
            state.collector = null;
            return () => {
                state.collector = collector;
            };
        });
    }

    // --- UDP ------------------------------------------------------------------------------

    /** DatagramSocket.send(packet) and DatagramChannel.send(buffer, target): one send each. */
    private datagram(target: NetTarget, method: JavaMethod): Implementation {
        return this.wrap(method, (self, args) => {
            const packet = args.length === 1;
            let where: { host: string; ip: string; port: number } | null;
            let body: { bytes: ArrayBuffer; total: number } | null;
            if (packet) {
                const p = args[0] as Wrapper;
                if (p === null) {
                    return null;
                }
                const address = p.getAddress();
                where = address === null ? remote(self) : addressOf(address, p.getPort() as number);
                const length = p.getLength() as number;
                body = this.byteArray(p.getData(), p.getOffset() as number, length);
                if (body !== null) {
                    body.total = length;
                }
            } else {
                const [buffer, to] = args as [Wrapper, Wrapper];
                if (buffer === null || to === null) {
                    return null;
                }
                where = socketAddressOf(to);
                // Through raw JNI: position() and array() are overloaded (Buffer's, ByteBuffer's)
                // for frida-java-bridge. array() throws for a direct or read-only buffer: then
                // the bytes are counted, not copied.
                const env = currentEnv();
                const handle = (buffer as { $h: NativePointer }).$h;
                const count = Math.max(0, this.jni.invokeInt(env, handle, "remaining") ?? 0);
                const at = this.jni.invokeInt(env, handle, "position") ?? 0;
                const offset = this.jni.invokeInt(env, handle, "arrayOffset");
                const array = offset === null ? null : this.jni.invoke(env, handle, "array", "()[B");
                body = null;
                if (array !== null && offset !== null) {
                    const kept = Math.min(count, MAX_PAYLOAD);
                    body = { bytes: this.arrayBytes(env, array, offset + at, kept), total: count };
                    env.deleteLocalRef(array);
                }
                body ??= { bytes: new ArrayBuffer(0), total: count };
            }
            if (where === null || isLoopbackHost(where.host)) {
                return null; // the device's own loopback traffic
            }
            this.recorder.send({
                hooked: target, hookId: target.entry.id, channel: "udp",
                host: where.host, ip: where.ip, port: where.port, scheme: "udp",
                method: "", url: "", headers: [], bytes: body?.total ?? 0,
                body: body !== null && body.bytes.byteLength > 0 ? body.bytes : null, stack: this.stack(),
            });
            return null;
        });
    }

    // --- DNS and WebView --------------------------------------------------------------------

    private dns(target: NetTarget, method: JavaMethod): Implementation {
        return this.wrap(method, (_self, args) => {
            const host = typeof args[0] === "string" ? args[0] : "";
            if (isLoopbackHost(host) || isAddressLiteral(host)) {
                return null;
            }
            const stack = this.stack();
            return (_error, result) => {
                this.recorder.send({
                    hooked: target, hookId: target.entry.id, channel: "dns",
                    host, ip: firstAddress(result), port: null, scheme: "dns", method: "", url: "", headers: [],
                    bytes: 0, body: null, stack,
                });
            };
        });
    }

    private webview(target: NetTarget, method: JavaMethod): Implementation {
        return this.wrap(method, (_self, args) => {
            const url = typeof args[0] === "string" ? args[0] : "";
            const parts = urlParts(url);
            if (!/^https?$/.test(parts.scheme) || isLoopbackHost(parts.host)) {
                return null; // about:, data:, file:, javascript: and local pages send nothing
            }
            let headers: Header[] = [];
            let body: { bytes: ArrayBuffer; total: number } | null = null;
            const post = target.method === "postUrl";
            if (post && args[1] !== null && args[1] !== undefined) {
                const array = args[1] as Wrapper;
                body = this.byteArray(array, 0, -1);
            } else if (args.length > 1 && args[1] !== null && args[1] !== undefined) {
                headers = mapHeaders(args[1] as Wrapper, false);
            }
            this.recorder.send({
                hooked: target, hookId: target.entry.id, channel: "webview",
                host: parts.host, ip: "", port: parts.port, scheme: parts.scheme,
                method: post ? "POST" : "GET", url, headers,
                bytes: body?.total ?? 0, body: body?.bytes ?? null, stack: this.stack(),
            });
            return null;
        });
    }

    // --- bytes -----------------------------------------------------------------------------

    /**
     * The body waiting in a connection's buffer (a ByteArrayOutputStream in field `body`, of the
     * connection or of its `delegate`), its first bytes read in place, not copied whole.
     */
    private posted(
        connection: NativePointer, delegateField: string | undefined, bodyField: string,
    ): { bytes: ArrayBuffer; total: number } | null {
        const env = currentEnv();
        const { jni } = this;
        const holder = delegateField === undefined ? connection : jni.objectField(env, connection, delegateField);
        if (holder === null) {
            return null;
        }
        const stream = jni.objectField(env, holder, bodyField);
        if (holder !== connection) {
            env.deleteLocalRef(holder);
        }
        if (stream === null) {
            return null;
        }
        const count = jni.intField(env, stream, "count") ?? 0;
        const buffer = jni.objectField(env, stream, "buf");
        env.deleteLocalRef(stream);
        if (buffer === null) {
            return null;
        }
        const part = this.arrayBytes(env, buffer, 0, Math.min(count, MAX_PAYLOAD));
        env.deleteLocalRef(buffer);
        return { bytes: part, total: count };
    }

    /** `count` bytes of a byte[] (a JNI handle) from `offset`. */
    private arrayBytes(env: ReturnType<typeof currentEnv>, handle: NativePointer, offset: number, count: number): ArrayBuffer {
        if (count <= 0) {
            return new ArrayBuffer(0);
        }
        const buffer = Memory.alloc(count);
        env.getByteArrayRegion(handle, offset, count, buffer);
        return buffer.readByteArray(count) as ArrayBuffer;
    }

    /** Up to `limit` bytes (-1: all, bounded by MAX_PAYLOAD) of a Java byte[] from `offset`. */
    private byteArray(array: Wrapper, offset: number, limit: number): { bytes: ArrayBuffer; total: number } | null {
        const handle = array === null || array === undefined ? null : (array as { $h?: NativePointer }).$h;
        if (handle === null || handle === undefined) {
            return null;
        }
        const env = currentEnv();
        const length = env.getArrayLength(handle);
        const total = Math.max(0, length - offset);
        const count = Math.min(total, limit < 0 ? MAX_PAYLOAD : limit, MAX_PAYLOAD);
        if (count <= 0) {
            return { bytes: new ArrayBuffer(0), total };
        }
        const buffer = Memory.alloc(count);
        env.getByteArrayRegion(handle, offset, count, buffer);
        return { bytes: buffer.readByteArray(count) as ArrayBuffer, total };
    }
}

/** Class wrappers the handlers use, looked up once (Java.use per call costs more than the call). */
const classes = new Map<string, Wrapper>();

function use(name: string): Wrapper {
    let cls = classes.get(name);
    if (cls === undefined) {
        cls = Java.use(name);
        classes.set(name, cls);
    }
    return cls;
}

/**
 * A Map<String, String> (WebView) or Map<String, List<String>> (HttpURLConnection) as headers,
 * in its iteration order: keys and values taken as arrays, a few calls per map.
 */
function mapHeaders(map: Wrapper, listValues: boolean): Header[] {
    const out: Header[] = [];
    const entries = map.entrySet().toArray() as Wrapper[];
    const entryClass = use("java.util.Map$Entry");
    const listClass = use("java.util.List");
    for (let i = 0; i < entries.length && out.length < 256; i++) {
        const entry = Java.cast(entries[i], entryClass);
        const key = entry.getKey();
        const value = entry.getValue();
        if (key === null || value === null) {
            continue;
        }
        const name = String(key);
        if (!listValues) {
            out.push({ name, value: String(value) });
            continue;
        }
        const items = Java.cast(value, listClass).toArray() as unknown[];
        for (let j = 0; j < items.length && out.length < 256; j++) {
            out.push({ name, value: String(items[j]) });
        }
    }
    return out;
}

/** A private field's value (null when this implementation has no such field). A field that
 * shares its name with a method is `_name` on frida-java-bridge's wrappers. */
function field(self: Wrapper, name: string): Wrapper {
    for (const key of [`_${name}`, name]) {
        const holder = self[key];
        if (holder !== undefined && holder !== null && holder.value !== undefined) {
            return holder.value;
        }
    }
    return null;
}

/** Host as the app named it, address and port of a connected socket (no reverse look-up). */
function remote(socket: Wrapper): { host: string; ip: string; port: number } | null {
    const address = socket.getRemoteSocketAddress();
    if (address === null) {
        return null;
    }
    const inet = Java.cast(address, use("java.net.InetSocketAddress"));
    const ip = inet.getAddress();
    return {
        host: String(inet.getHostString()),
        ip: ip === null ? "" : String(ip.getHostAddress()),
        port: inet.getPort() as number,
    };
}

/** An InetAddress as the app named it ("name/ip" from toString: no reverse look-up). */
function addressOf(address: Wrapper, port: number): { host: string; ip: string; port: number } {
    const text = String(address.toString());
    const slash = text.lastIndexOf("/");
    const ip = String(address.getHostAddress());
    const name = slash > 0 ? text.slice(0, slash) : "";
    return { host: name === "" ? ip : name, ip, port };
}

/** An InetSocketAddress's host as given, address and port; null for other SocketAddresses. */
function socketAddressOf(address: Wrapper): { host: string; ip: string; port: number } | null {
    const cls = use("java.net.InetSocketAddress");
    if (!(cls.class.isInstance(address) as boolean)) {
        return null;
    }
    const inet = Java.cast(address, cls);
    const ip = inet.getAddress();
    return {
        host: String(inet.getHostString()),
        ip: ip === null ? "" : String(ip.getHostAddress()),
        port: inet.getPort() as number,
    };
}

/** A TLS record header (content type 20-23, version 3.x): ciphertext or a handshake. */
export function isTlsRecord(bytes: ArrayBuffer | null): boolean {
    if (bytes === null || bytes.byteLength < 5) {
        return false;
    }
    const b = new Uint8Array(bytes, 0, 3);
    return b[0] >= 20 && b[0] <= 23 && b[1] === 3 && b[2] <= 4;
}

/** The address a look-up returned (InetAddress or InetAddress[]), "" when none. */
function firstAddress(result: unknown): string {
    if (result === null || result === undefined) {
        return "";
    }
    const list = result as { length?: number; [i: number]: Wrapper };
    const first: Wrapper = typeof list.length === "number" ? (list.length > 0 ? list[0] : null) : result;
    return first === null ? "" : String(first.getHostAddress());
}

const REPLAYABLE_BODIES = /^okhttp3\.(RequestBody\$\d+|FormBody|MultipartBody)$/;


function reportNetProblem(what: string, error: unknown): void {
    reportProblem(`${what} failed`, error); // bounded per message there
}

/** The Java network targets of the catalogue for this platform, one per implementation method. */
export function netTargets(entries: CatalogEntry[], art: boolean): NetTarget[] {
    const platform = art ? "android" : "hotspot";
    const out: NetTarget[] = [];
    for (const entry of entries) {
        if (entry.kind !== "network" || entry.handler === "native_ssl_write" || entry.handler === "native_socket") {
            continue;
        }
        for (const impl of entry.implementations) {
            if (impl.platform !== "any" && impl.platform !== platform) {
                continue;
            }
            for (const method of impl.methods) {
                out.push({
                    kind: "net_target", id: `${entry.id}:${impl.class}.${method}`, class: impl.class, method,
                    overloads: impl.overloads, side: impl.side, entry, impl,
                });
            }
        }
    }
    return out;
}
