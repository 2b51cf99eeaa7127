// A hooked call made while another hooked API runs on the same thread: is it the app's own (a
// callback the outer API made synchronously: a direct Executor, an SDK listener) or part of the
// outer API's implementation (Camera.open() calling open(0))? The app's own when a frame outside
// the platform lies between this call and the outer API's frame.
import type { CatalogEntry } from "./catalog.js";
import type { CapturedStack } from "./jvm.js";
import { callerFrames, type Recorder } from "./recorder.js";
import type { JavaFrame } from "./wire.js";

const PLATFORM = ["java.", "javax.", "jdk.", "sun.", "com.sun.", "android.", "com.android.", "dalvik.", "libcore."];
const MAX_DECISIONS = 4096; // call sites are few; the bound only guards against a pathological app

export class NestedCalls {
    private readonly decisions = new Map<string, boolean>();

    constructor(private readonly recorder: Recorder) {}

    /** The stack to record the call with when it is the app's own, else null (pass it through). */
    fromApp(entry: CatalogEntry, outer: CatalogEntry): CapturedStack | null {
        const stack = this.recorder.captureStack();
        if (stack === null) {
            return null;
        }
        const key = `${entry.id}\n${outer.id}\n${stack.key}`;
        let own = this.decisions.get(key);
        if (own === undefined) {
            own = appCodeBetween(callerFrames(stack.frames(), entry), outer);
            if (this.decisions.size < MAX_DECISIONS) {
                this.decisions.set(key, own);
            }
        }
        return own ? stack : null;
    }
}

/** `frames` start at the caller of the inner API; true when app code precedes the outer API. */
export function appCodeBetween(frames: JavaFrame[], outer: CatalogEntry): boolean {
    const name = outer.method === "$init" ? "<init>" : outer.method;
    for (const frame of frames) {
        if (frame.class === outer.class && frame.method === name) {
            return false;
        }
        if (!isPlatform(frame)) {
            return true;
        }
    }
    return false; // the outer API's frame was not seen: treat the call as part of it
}

export function isPlatform(frame: JavaFrame): boolean {
    return PLATFORM.some((prefix) => frame.class.startsWith(prefix));
}
