package com.android.internal.sim;

import android.app.ActivityThread;
import android.os.Looper;

import java.util.ArrayList;
import java.util.List;

/** The threads app code started: they run with the app's class loader as their context. */
final class AppThreads {
    private AppThreads() {}

    /**
     * Waits until no app thread (other than main) is running: each has ended or waits (a pool
     * worker, a sleeping loop). Returns the names still running at the deadline. Framework
     * threads (control port, gate) and Frida's have another context class loader; the JDK's
     * own (the process reaper a child process gets) run in the system thread group.
     */
    static List<String> awaitQuiet(long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (true) {
            List<String> busy = running();
            if (busy.isEmpty() || System.currentTimeMillis() >= end) return busy;
            Thread.sleep(10);
        }
    }

    private static List<String> running() {
        ClassLoader app = ActivityThread.appLoader();
        Looper main = Looper.getMainLooper();
        List<String> busy = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t == Thread.currentThread() || (main != null && t == main.getThread())) continue;
            if (app == null || t.getContextClassLoader() != app) continue;
            ThreadGroup group = t.getThreadGroup();
            if (group == null || group.getParent() == null) continue;  // ended, or the JDK's own (process reaper)
            Thread.State state = t.getState();
            if (state == Thread.State.NEW || state == Thread.State.RUNNABLE || state == Thread.State.BLOCKED) {
                busy.add(t.getName());
            }
        }
        return busy;
    }
}
