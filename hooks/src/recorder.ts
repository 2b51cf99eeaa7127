// Builds call events (value summaries, masking, interned stacks) and queues them.
import Java from "frida-java-bridge";
import type { Category, CatalogEntry, ProbeTarget } from "./catalog.js";
import { currentEnv, currentEnvIfAttached, type CapturedStack, type Jvm } from "./jvm.js";
import type { Outbox } from "./outbox.js";
import { SCHEMA, sendMessage, type Channel, type Header, type JavaFrame } from "./wire.js";
import { rawValues } from "./readvalues.js";
import { summarise, type Describer, type JavaObject } from "./values.js";

export interface RecorderOptions {
    process: string;
    rawValues: boolean;
}

export interface NativeCall {
    entry: CatalogEntry;
    category: Category;
    args: string[];
    ret: string | null;
    context: CpuContext;
}

const MAX_FRAMES = 100;
const MAX_THREW_CHARS = 1024; // an exception's message is the app's text
const MAX_SYMBOL_CHARS = 512; // a native frame's symbol (library and function names)
const MAX_PROBE_DETAIL_CHARS = 512; // the path or address a probe named (the app's text)
export const MAX_URL_CHARS = 8192;
export const MAX_HEADERS = 256;
const MAX_HEADER_NAME_CHARS = 1024;
const MAX_HEADER_VALUE_CHARS = 8192;

/** One transmission a network hook saw, ready to be queued (nethooks.ts builds it). */
export interface Transmission {
    hooked: { class: string; method: string }; // the hooked method (its frame is dropped)
    hookId: string;
    channel: Channel;
    host: string;
    ip: string;
    port: number | null;
    scheme: string;
    method: string;
    url: string;
    headers: Header[];
    bytes: number; // the whole body's size
    body: ArrayBuffer | null; // its first bytes (clipped by the hook)
    stack: CapturedStack | null;
    stackFrom?: { class: string; method: string }; // where `stack` was taken, if not `hooked`
}
const NO_ARGS: string[] = []; // shared by the calls without arguments: never changed once queued
const plainDescriber: Describer = { describeObject: (v: JavaObject) => v.$className ?? v.toString() };

/** What a Java hook catches from the original: a JS Error carrying the Java exception's handle. */
interface JavaError {
    message?: string;
    $h?: NativePointer | null;
    toString(): string;
}

export class Recorder {
    constructor(
        readonly outbox: Outbox,
        readonly options: RecorderOptions,
        private readonly jvm: Jvm | null,
    ) {}

    /** A Java hook fired: `error` is what the original threw (a JS Error carrying `$h`), if anything. */
    javaCall(
        entry: CatalogEntry, category: Category, args: unknown[], ret: unknown, error: unknown,
        captured?: CapturedStack | null, tid: number = Process.getCurrentThreadId(),
    ): void {
        const jvm = this.jvm as Jvm;
        const env = currentEnv();
        const hide = !this.options.rawValues;
        let threw: string | null = null;
        let denied = false;
        if (error !== null) {
            const thrown = (error ?? "undefined") as JavaError;
            threw = bound(String(thrown.message ?? thrown.toString()), MAX_THREW_CHARS);
            const handle = thrown.$h;
            denied = handle !== undefined && handle !== null && jvm.isSecurityException(env, handle);
        }
        const stack = captured ?? jvm.stack(env);
        // a known stack's id without making the frames' closure (the first call of a site only)
        const stackId = stack === null
            ? null
            : this.outbox.knownStackId(stack.key) ?? this.outbox.stackId(stack.key, () => callerFrames(stack.frames(), entry));
        const ts = Date.now();
        // Everything that calls into the JVM first: a JNI call lets another thread's hook run,
        // so the number is taken only right before the call is queued (seq order = queue order).
        const thread = jvm.threadName(env, tid);
        let summaries: string[];
        let result: string | null = null;
        let values: string[] = [];
        try {
            summaries = args.length === 0
                ? NO_ARGS
                : args.map((a, i) => summarise(a, hide && !entry.plain_args.includes(i), jvm, true) ?? "null");
            if (error === null) {
                result = summarise(ret, hide, jvm);
                try {
                    values = rawValues(ret, jvm); // may reuse the summary's toString() (jvm.ts)
                } catch (e) {
                    values = []; // a member missing on this version: the read is still recorded
                    valuesProblem(entry.id, e);
                }
            }
        } finally {
            jvm.forgetText();
        }
        // values: raw, for the controller's in-memory read-to-send matching only
        this.outbox.pushCallFields(
            this.outbox.nextSeq(), ts, this.options.process, thread, apiName(entry), entry.id, category,
            summaries, result, threw, denied, stackId, values,
        );
    }

    /** The app looked for instrumentation: queued with its stack, and sent at once. */
    probe(entry: CatalogEntry, target: ProbeTarget, detail: string): void {
        const jvm = this.jvm as Jvm;
        const env = currentEnv();
        const stack = jvm.stack(env);
        const stackId = stack === null
            ? null
            : this.outbox.stackId(stack.key, () => callerFrames(stack.frames(), entry));
        const ts = Date.now();
        const thread = jvm.threadName(env);
        this.outbox.pushProbe({
            type: "probe",
            seq: this.outbox.nextSeq(),
            ts,
            pid: Process.id,
            process: this.options.process,
            thread,
            api: `${entry.class}.${entry.method === "$init" ? "<init>" : entry.method}`,
            hook_id: entry.id,
            target,
            detail: bound(detail, MAX_PROBE_DETAIL_CHARS),
            stack_id: stackId,
        });
    }

    /** Queues a transmission: stack interned as for calls, its body sent ahead as a payload. */
    send(t: Transmission): void {
        const jvm = this.jvm as Jvm;
        const env = currentEnv();
        const stack = t.stack;
        const stackId = stack === null
            ? null
            : this.outbox.stackId(stack.key, () => callerFrames(stack.frames(), t.stackFrom ?? t.hooked));
        const ts = Date.now();
        const thread = jvm.threadName(env);
        const headers = t.headers.slice(0, MAX_HEADERS).map((h) => ({
            name: h.name.slice(0, MAX_HEADER_NAME_CHARS),
            value: h.value.slice(0, MAX_HEADER_VALUE_CHARS),
        }));
        const seq = this.outbox.nextSeq();
        this.outbox.pushSend({
            type: "send",
            seq,
            ts,
            pid: Process.id,
            process: this.options.process,
            thread,
            api: `${t.hooked.class}.${t.hooked.method}`,
            hook_id: t.hookId,
            channel: t.channel,
            host: t.host.slice(0, 255),
            ip: t.ip.slice(0, 64),
            port: t.port,
            scheme: t.scheme.slice(0, 16),
            method: t.method.slice(0, 32),
            url: t.url.slice(0, MAX_URL_CHARS),
            headers,
            bytes: t.bytes,
            payload: t.body !== null && t.body.byteLength > 0,
            truncated: t.body !== null ? t.body.byteLength < t.bytes : t.bytes > 0,
            stack_id: stackId,
        }, t.body !== null && t.body.byteLength > 0 ? t.body : null);
    }

    /** A transmission seen by a native hook: the Java stack if the thread has one, else native. */
    nativeSend(t: Transmission, context: CpuContext, threadId: number): void {
        const env = Java.available ? currentEnvIfAttached() : null;
        const javaStack = env !== null && this.jvm !== null ? this.jvm.stack(env) : null;
        const symbol = `${t.hooked.class}!${t.hooked.method}`;
        let stackId: number;
        if (javaStack !== null) {
            stackId = this.outbox.stackId(`${symbol}|${javaStack.key}`, () => [symbol, ...javaStack.frames()].slice(0, MAX_FRAMES));
        } else {
            const frames = Thread.backtrace(context, Backtracer.ACCURATE)
                .slice(0, 32)
                .map((address) => bound(DebugSymbol.fromAddress(address).toString(), MAX_SYMBOL_CHARS));
            stackId = this.outbox.stackId(`${symbol}|${frames.join("\n")}`, () => [symbol, ...frames]);
        }
        const thread = env !== null && this.jvm !== null ? this.jvm.threadName(env) : `tid-${threadId}`;
        const seq = this.outbox.nextSeq();
        const body = t.body !== null && t.body.byteLength > 0 ? t.body : null;
        this.outbox.pushSend({
            type: "send", seq, ts: Date.now(), pid: Process.id, process: this.options.process, thread,
            api: symbol, hook_id: t.hookId, channel: t.channel, host: t.host.slice(0, 255), ip: t.ip,
            port: t.port, scheme: t.scheme, method: "", url: "", headers: [], bytes: t.bytes,
            payload: body !== null, truncated: (body?.byteLength ?? 0) < t.bytes, stack_id: stackId,
        }, body);
    }

    /** The calling thread's Java stack (raw, hook frames included). */
    captureStack(): CapturedStack | null {
        return this.jvm === null ? null : this.jvm.stack(currentEnv());
    }

    nativeCall(call: NativeCall, threadId: number): void {
        const { entry } = call;
        const env = Java.available ? currentEnvIfAttached() : null;
        const stack = env !== null && this.jvm !== null ? this.jvm.stack(env) : null;
        const symbol = `${entry.class}!${entry.method}`;
        let stackId: number;
        if (stack !== null) {
            const javaStack = stack;
            stackId = this.outbox.stackId(`${symbol}|${javaStack.key}`, () => [symbol, ...javaStack.frames()].slice(0, MAX_FRAMES));
        } else {
            const frames = Thread.backtrace(call.context, Backtracer.ACCURATE)
                .slice(0, 32)
                .map((address) => bound(DebugSymbol.fromAddress(address).toString(), MAX_SYMBOL_CHARS));
            stackId = this.outbox.stackId(`${symbol}|${frames.join("\n")}`, () => [symbol, ...frames]);
        }
        const ts = Date.now();
        const thread = env !== null && this.jvm !== null ? this.jvm.threadName(env) : `tid-${threadId}`;
        this.outbox.pushCall({
            type: "call",
            seq: this.outbox.nextSeq(),
            ts,
            pid: Process.id,
            process: this.options.process,
            thread,
            api: `${entry.class}.${entry.method}`,
            hook_id: entry.id,
            category: call.category,
            args: call.args,
            ret: call.ret,
            threw: null,
            denied: false,
            stack_id: stackId,
            values: [],
        });
    }

    summarise(value: unknown, hide: boolean, isArgument: boolean): string | null {
        return summarise(value, hide, this.jvm ?? plainDescriber, isArgument);
    }
}

// "<class>.<method>" of each entry, made once (a template string per call costs a string each time)
const apiNames = new Map<CatalogEntry, string>();

function apiName(entry: CatalogEntry): string {
    let name = apiNames.get(entry);
    if (name === undefined) {
        name = `${entry.class}.${entry.method}`;
        apiNames.set(entry, name);
    }
    return name;
}

function bound(text: string, max: number): string {
    return text.length > max ? `${text.slice(0, max)}…[${text.length} chars]` : text;
}

const valueProblems = new Set<string>();

/** Once per API: its values could not be read (a member missing on this version). */
function valuesProblem(id: string, error: unknown): void {
    if (valueProblems.has(id) || valueProblems.size > 64) {
        return;
    }
    valueProblems.add(id);
    const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error);
    sendMessage({ type: "agent_error", schema: SCHEMA, message: `reading the values of ${id} failed`, detail });
}

/**
 * Drops the frames of the hook itself (the hooked method, shown as a native frame on HotSpot),
 * so that the first frame is the caller of the API.
 */
export function callerFrames(frames: JavaFrame[], entry: { class: string; method: string }): JavaFrame[] {
    const name = entry.method === "$init" ? "<init>" : entry.method;
    const limit = Math.min(frames.length, 4);
    for (let i = 0; i < limit; i++) {
        const frame = frames[i];
        // A subclass that inherits the method is reported under the declaring class.
        if (frame.method === name && (frame.class === entry.class || i === 0)) {
            return frames.slice(i + 1, i + 1 + MAX_FRAMES);
        }
    }
    return frames.slice(0, MAX_FRAMES);
}
