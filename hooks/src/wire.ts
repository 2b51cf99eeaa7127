// The wire contract between the agent and the controller: every message the agent sends and
// every RPC it exports. The controller parses them with the pydantic models of
// harness/agent/messages.py, which forbid unknown fields and check `schema`;
// tests/agent/test_wire.py compares these declarations with those models, so a field added or
// retyped on one side only fails it. Change both sides together, and bump SCHEMA (and
// WIRE_SCHEMA there) when an older controller could not read the new messages.
import type { Category, ProbeTarget } from "./catalog.js";

export const SCHEMA = 2; // 2: batches leave packed (batch_packed), which a schema-1 controller cannot read
export type Schema = typeof SCHEMA;

// --- batch items -------------------------------------------------------------------------

/**
 * One Java frame as the runtime describes it (StackTraceElement's getters, or ART's backtrace):
 * separate fields, never a string to split, since every name is app-controlled (a SourceFile
 * attribute can hold "X.java:1), com.sdk.Init(" and a dex method name a space). Each name is
 * clipped by the agent; `cut` says one was, and the controller then trusts none of the frame.
 */
export interface JavaFrame {
    class: string;
    method: string;
    file: string | null;
    line: number; // -1 unknown, -2 a native method
    cut: boolean;
}

/** An interned stack, sent once per process ahead of the first call that refers to it. */
export interface StackItem {
    type: "stack";
    id: number;
    frames: (JavaFrame | string)[]; // innermost first; a string is a native frame (symbol)
}

export interface CallItem {
    type: "call";
    seq: number; // per process, shared with markers
    ts: number; // device clock, ms since the epoch
    pid: number;
    process: string;
    thread: string;
    api: string;
    hook_id: string;
    category: Category;
    args: string[]; // summarised, masked unless raw values were asked for
    ret: string | null;
    threw: string | null;
    denied: boolean;
    stack_id: number | null;
    // The raw values of the return (strings, list members, coordinates as the app would format
    // them), for the controller's in-memory read-to-send matching (issue #11). Sent even when
    // values are masked: the controller never writes them (CallItem.values is excluded from
    // every stored form). Bounded by the agent: at most 64 values of at most 4 KiB each.
    values: string[];
}

/** The hook families that see outbound traffic (harness.model.Channel). */
export type Channel =
    | "http" | "okhttp" | "socket" | "tls" | "webview" | "dns" | "native_tls" | "native_socket" | "udp"
    | "capture"; // never the agent's: requests from a lab proxy's HAR (harness.network.capture)

/** One request header as the app set it (raw). */
export interface Header {
    name: string;
    value: string;
}

/**
 * One outbound transmission (or DNS look-up) seen inside the app before TLS. URL and headers
 * are raw: the controller matches them in memory and stores only masked forms. The body's bytes
 * travel as the binary data of a PayloadMessage with the same pid and seq, sent before the
 * batch that holds this item (messages from one script arrive in order).
 */
export interface SendItem {
    type: "send";
    seq: number; // per process, shared with calls and markers
    ts: number;
    pid: number;
    process: string;
    thread: string;
    api: string;
    hook_id: string;
    channel: Channel;
    host: string; // as the app asked for it; "" when only an address is known
    ip: string; // "" when not known
    port: number | null;
    scheme: string; // http, https, tcp, udp, dns, ...
    method: string; // the HTTP method, "" when there is none
    url: string; // raw, as the app built it ("" for sockets)
    headers: Header[]; // raw, in order (at most 256)
    bytes: number; // bytes of the body the app sent (all of them, even when the payload is clipped)
    payload: boolean; // a PayloadMessage carries (the first bytes of) the body
    truncated: boolean; // the payload holds only the first bytes (agent's bound)
    stack_id: number | null;
}

export interface MarkerItem {
    type: "marker";
    seq: number;
    ts: number;
    pid: number;
    process: string;
    name: string;
}

/**
 * The app looked for instrumentation (a `probe` catalogue entry matched): /proc/self/maps,
 * frida-server's file or port. Not personal data: evidence for the run's outcome.
 */
export interface ProbeItem {
    type: "probe";
    seq: number; // per process, shared with calls and markers
    ts: number;
    pid: number;
    process: string;
    thread: string;
    api: string;
    hook_id: string;
    target: ProbeTarget;
    detail: string; // the path or address the app gave (bounded)
    stack_id: number | null;
}

export type BatchItem = StackItem | CallItem | SendItem | MarkerItem | ProbeItem;

// --- messages (send) ---------------------------------------------------------------------

export interface BatchMessage {
    type: "batch";
    schema: Schema;
    items: BatchItem[];
}

/**
 * A batch whose items travel as the message's binary data: the UTF-8 JSON text of the
 * `BatchItem[]` array (JSON.stringify's, which escapes lone surrogates). Frida then serialises
 * only this envelope, and the controller validates the bytes in one pass of pydantic-core with
 * no Python dicts built on the way: each side's per-event cost is half a BatchMessage's
 * (issue #19). The items say the same as in a BatchMessage, which the controller still accepts.
 */
export interface BatchJsonMessage {
    type: "batch_json";
    schema: Schema;
    size: number; // bytes attached
}

/**
 * A batch in its compact form (what the agent sends; packer.ts). The binary data is `calls`
 * pairs of little-endian float64 (each call's seq, ts), then little-endian int32 records, one
 * per item in batch order: `0` takes the next object of `items` (stacks, sends, markers,
 * probes, a call that did not fit a record); `1` is a call:
 * `1, process, thread, api, hook_id, category, ret, threw, denied, stack_id, n, args[n], m,
 * values[m]`. A string is an index into `strings` (this batch's own table), `ret` and `threw`
 * that index + 1 with 0 for null, `denied` 0 or 1, `stack_id` 0 for null. Every word is >= 0.
 * `pid` is each call's. The items say the same as in a BatchMessage (issue #19: QuickJS's
 * JSON.stringify of call objects was most of the agent's cost per event).
 */
export interface BatchPackedMessage {
    type: "batch_packed";
    schema: Schema;
    pid: number;
    calls: number;
    size: number; // bytes attached
    strings: string[];
    items: BatchItem[];
}

export interface HookFailure {
    id: string;
    reason: string;
}

/** What is hooked in this process; the body of the hook_report message and of init's reply. */
export interface HookReport {
    hooked: string[];
    missing: HookFailure[]; // absent on this device or version, or app-side and not loaded yet
    failed: HookFailure[]; // present but could not be hooked
}

export interface HookReportMessage extends HookReport {
    type: "hook_report";
    schema: Schema;
    pid: number;
    process: string;
}

/** Something the operator should know that is not an event (a hook that threw). */
export interface AgentErrorMessage {
    type: "agent_error";
    schema: Schema;
    message: string;
    detail: string;
}

/** One body of a PayloadMessage that carries several: its SendItem's seq, its length. */
export interface PayloadPart {
    seq: number;
    size: number;
}

/**
 * The body of one SendItem (same pid and seq); the bytes are the message's binary data. With
 * `parts`, the bodies of several SendItems back to back, in that order: `seq` is then the
 * first part's and `size` their sum. The controller accepts both forms; the agent holds the
 * bodies of a batch and sends them as one message with `parts` just before it, and a body over
 * 256 KiB alone at once (outbox.ts; docs/network-evidence.md, "Cost of a hooked request").
 */
export interface PayloadMessage {
    type: "payload";
    schema: Schema;
    pid: number;
    seq: number;
    size: number; // bytes attached
    parts?: PayloadPart[] | null;
}

export type AgentMessage =
    | BatchMessage | BatchJsonMessage | BatchPackedMessage | HookReportMessage | AgentErrorMessage | PayloadMessage;

/** The one way a message leaves the agent: the compiler checks it against the contract. */
export function sendMessage(message: AgentMessage, data?: ArrayBuffer | number[] | null): void {
    // eslint-disable-next-line no-restricted-globals -- the one sanctioned call
    send(message, data);
}

// --- RPC exports ---------------------------------------------------------------------------

export interface InitOptions {
    process: string;
    pid: number;
    raw_values: boolean;
    batch_size: number;
    flush_ms: number;
    app_package: string;
}

export interface MarkReply {
    seq: number;
    ts: number;
}

export interface AgentStats {
    events: number;
    markers: number;
    batches: number;
    stacks: number;
    dropped: number; // always 0: nothing is ever dropped, a flood only makes batches back to back
    pending: number;
}

/** `rpc.exports` of the agent (dispose is Frida's own: called when the script unloads). */
export interface AgentRpc {
    init(options: InitOptions): HookReportMessage;
    mark(name: string): MarkReply;
    flush(): void;
    stats(): AgentStats;
    dispose(): void;
}
