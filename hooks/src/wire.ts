// Messages the agent sends to the controller (parsed by harness/agent/messages.py).
import type { Category } from "./catalog.js";

export const SCHEMA = 1;

export interface StackItem {
    type: "stack";
    id: number;
    frames: string[];
}

export interface CallItem {
    type: "call";
    seq: number;
    ts: number;
    pid: number;
    process: string;
    thread: string;
    api: string;
    hook_id: string;
    category: Category;
    args: string[];
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

export interface HookFailure {
    id: string;
    reason: string;
}

export interface HookReport {
    hooked: string[];
    missing: HookFailure[];
    failed: HookFailure[];
}
