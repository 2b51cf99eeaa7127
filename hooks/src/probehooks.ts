// Probe hooks (catalogue `kind: probe`): calls with which an app looks for instrumentation
// (/proc/self/maps, threads' names, TracerPid, frida-server's file and port). A matching call is
// recorded with what it looked at; the app sees exactly what the original gives, its result or
// its very exception. Not personal data: the controller uses probes to explain an exit that
// follows them (harness/run/probes.py).
import type { CatalogEntry, ProbeMatch, ProbeTarget } from "./catalog.js";
import { globMatch } from "./classify.js";
import { threadState } from "./guard.js";
import { releaseNotedHandles } from "./handles.js";
import { argText, reportProblem, type JavaMethod } from "./javahooks.js";
import type { Recorder } from "./recorder.js";

export type ProbeImplementationMaker = (
    entry: CatalogEntry, method: JavaMethod,
) => (this: unknown, ...args: unknown[]) => unknown;

const PORT = /:(\d{1,5})$/;

/** What `text` probes for under the entry's table, or null when it is an ordinary call. */
export function probeTarget(match: ProbeMatch, text: string): ProbeTarget | null {
    if (match.match === "port") {
        const port = PORT.exec(text);
        return port === null ? null : (match.table[port[1]] ?? null);
    }
    for (const [pattern, target] of Object.entries(match.table)) {
        if (globMatch(pattern, text)) {
            return target;
        }
    }
    return null;
}

export function probeMaker(recorder: Recorder): ProbeImplementationMaker {
    // Probes running per thread: FileReader's constructor opens a FileInputStream, one probe.
    // Kept apart from guard.ts's `inside`, which would silence the native file hooks
    // (libc.open of /sys/class/net/*/address) under a FileInputStream.
    const running = new Set<number>();
    return (entry, method) => {
        const match = entry.probe as ProbeMatch;
        return function (this: unknown, ...args: unknown[]): unknown {
            const tid = Process.getCurrentThreadId();
            const state = threadState(tid);
            if (state.busy || running.has(tid)) {
                return method.apply(this, args);
            }
            let result: unknown;
            let error: Error | null = null; // a Java exception, carried in error.$h
            running.add(tid);
            try {
                result = method.apply(this, args);
            } catch (e) {
                error = e as Error;
            } finally {
                running.delete(tid);
            }
            state.busy = true;
            try {
                const text = argText(match.arg < 0 ? this : args[match.arg]);
                const target = text === null ? null : probeTarget(match, text);
                if (target !== null && text !== null) {
                    recorder.probe(entry, target, text);
                }
                releaseNotedHandles(); // on this app thread (handles.ts)
            } catch (e) {
                reportProblem(`recording ${entry.id} failed`, e); // the app must not notice
            } finally {
                state.busy = false;
            }
            if (error !== null) {
                throw error;
            }
            return result;
        };
    };
}
