// Per-thread bookkeeping that keeps the agent from recording what is not the app's own call.
//
// Two states per thread:
// * busy: the agent itself is working (stack capture, toString() of a value, installing hooks).
//   Hooked calls made meanwhile are the agent's, never recorded.
// * inside: the originals of the hooked APIs now running on the thread, outermost first. A hooked
//   call made meanwhile is part of that API (getImei() built on getImei(int), Camera.open() on
//   open(0)) unless app or SDK code runs in between: a callback the API made synchronously (a
//   direct Executor, an SDK listener) is the app's own call. NestedCalls (nested.ts) decides.
//
// One record per thread, fetched once per hooked call: the hot path is a single Map lookup.
import type { CatalogEntry } from "./catalog.js";

export interface ThreadState {
    busy: boolean;
    inside: CatalogEntry[];
}

const threads = new Map<number, ThreadState>();

export function threadState(tid: number): ThreadState {
    let state = threads.get(tid);
    if (state === undefined) {
        state = { busy: false, inside: [] };
        threads.set(tid, state);
    }
    return state;
}

/** Native hooks stay out of both the agent's work and the originals of Java hooks. */
export function isQuiet(tid: number): boolean {
    const state = threads.get(tid);
    return state !== undefined && (state.busy || state.inside.length > 0);
}

/** Marks the agent's own work; false when it already was (the caller must not leave then). */
export function enter(tid: number): boolean {
    const state = threadState(tid);
    if (state.busy) {
        return false;
    }
    state.busy = true;
    return true;
}

export function leave(tid: number): void {
    threadState(tid).busy = false;
}
