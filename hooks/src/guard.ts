// Per-thread re-entrancy guard. While a thread is inside a hook (the original call, our stack
// capture, toString() of a value), further hooked calls on that thread are passed straight
// through: the agent's own work never produces events, and an API implemented on top of another
// hooked API (getImei() -> getImei(int)) yields one event for the app's one call.
const busy = new Set<number>();

export function isBusy(tid: number): boolean {
    return busy.has(tid);
}

export function enter(tid: number): boolean {
    if (busy.has(tid)) {
        return false;
    }
    busy.add(tid);
    return true;
}

export function leave(tid: number): void {
    busy.delete(tid);
}
