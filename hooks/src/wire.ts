// The wire contract between the agent and the controller: every message the agent sends and
// every RPC it exports. The controller parses them with the pydantic models of
// harness/agent/messages.py, which forbid unknown fields and check `schema`;
// tests/agent/test_wire.py compares these declarations with those models, so a field added or
// retyped on one side only fails it. Change both sides together, and bump SCHEMA (and
// WIRE_SCHEMA there) when an older controller could not read the new messages.
import type { Category } from "./catalog.js";

export const SCHEMA = 1;
export type Schema = typeof SCHEMA;

// --- batch items -------------------------------------------------------------------------

/** An interned stack, sent once per process ahead of the first call that refers to it. */
export interface StackItem {
    type: "stack";
    id: number;
    frames: string[]; // innermost first
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
}

export interface MarkerItem {
    type: "marker";
    seq: number;
    ts: number;
    pid: number;
    process: string;
    name: string;
}

export type BatchItem = StackItem | CallItem | MarkerItem;

// --- messages (send) ---------------------------------------------------------------------

export interface BatchMessage {
    type: "batch";
    schema: Schema;
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

export type AgentMessage = BatchMessage | HookReportMessage | AgentErrorMessage;

/** The one way a message leaves the agent: the compiler checks it against the contract. */
export function sendMessage(message: AgentMessage): void {
    // eslint-disable-next-line no-restricted-globals -- the one sanctioned call
    send(message);
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
