// Releasing frida-java-bridge's global references on app threads, never on the agent's JS thread.
//
// Every object wrapper the bridge makes (a hooked call's `this`, arguments and result) holds a
// JNI global reference, deleted by a weak callback once the wrapper is collected. Frida runs weak
// callbacks on the script's JS thread, which is attached to the VM, and at script flush (the
// process exiting) it runs all of them there. A JNI call entering the VM while HotSpot exits (at
// its final safepoint, which never ends) blocks for good: seen in CI and reproduced with
// tests/run/apps/quits-while-polling, the JS thread sat in jni_DeleteGlobalRef at the exit
// safepoint, the VM thread waited inside frida-agent at exit(), and the app never died.
//
// So the weak callback only notes the reference (no JNI, nothing the VM can block), and the next
// hooked read, probe or network call on an app thread deletes what has been noted, from a thread
// the VM expects to stop at safepoints. References noted after the last hooked call stay until
// the process ends, which frees them all.
import Java from "frida-java-bridge";
import { currentEnv, raw } from "./jvm.js";

/** How many noted references one hooked call deletes at most: its cost stays bounded. */
const RELEASE_PER_CALL = 256;

const noted: NativePointer[] = []; // empty until deferHandleDeletion()

interface HandleVm {
    makeHandleDestructor(handle: NativePointer): () => void;
}

/** From now on, a collected wrapper's reference is noted, not deleted on the spot. */
export function deferHandleDeletion(): void {
    (Java.vm as unknown as HandleVm).makeHandleDestructor = (handle: NativePointer) => () => {
        noted.push(handle);
    };
}

/** Deletes noted references: called by hooks, on the app thread the hooked call runs on. */
export function releaseNotedHandles(): void {
    if (noted.length === 0) {
        return;
    }
    const env = currentEnv();
    const jni = raw(env);
    // Taken out first: the JS thread's weak callbacks may note more while a delete runs.
    const batch = noted.splice(0, RELEASE_PER_CALL);
    for (const handle of batch) {
        jni.deleteGlobalRef(env.handle, handle);
    }
}
