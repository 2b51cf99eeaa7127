package com.android.internal.sim;

/**
 * How an app process ends: a crash, Process.killProcess, or the control port's exit request.
 * The runtime registers a hook that removes the process from the device's registry first, so
 * separate CLI invocations never see a dead process as live.
 */
public final class ProcessExit {
    private static volatile Runnable beforeExit = () -> {};
    private static volatile java.util.function.IntPredicate sameApp = pid -> false;

    // A picture drawn for the controller just before the end still reaches it (Capture); a
    // picture takes tens of milliseconds to encode, so this bound is only met by a hung socket.
    static final long CAPTURE_GRACE_MS = 2000;

    private ProcessExit() {}

    public static void install(Runnable hook, java.util.function.IntPredicate isSameApp) {
        beforeExit = hook;
        sameApp = isSameApp;
    }

    /** Exit at once, without running app code (no finalisers, no shutdown hooks of the app). */
    public static void exit(int status) {
        Capture.awaitSent(CAPTURE_GRACE_MS);
        try {
            beforeExit.run();
        } catch (Throwable ignored) {
            // The process is going away whatever happens here.
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    /** Process.killProcess(myPid()): the status a SIGKILL'd process reports. */
    public static void killSelf() {
        exit(128 + 9);
    }

    /** Android lets an app kill only processes running under its own uid: its own processes. */
    public static void killSibling(int pid) {
        if (!sameApp.test(pid)) return;
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
}
