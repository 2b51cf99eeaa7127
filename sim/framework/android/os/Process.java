package android.os;

/** Tools for the current process, as on Android. */
public class Process {
    public static final int SYSTEM_UID = 1000;
    public static final int FIRST_APPLICATION_UID = 10000;
    public static final int SIGNAL_QUIT = 3;
    public static final int SIGNAL_KILL = 9;
    public static final int SIGNAL_USR1 = 10;
    public static final int THREAD_PRIORITY_DEFAULT = 0;
    public static final int THREAD_PRIORITY_BACKGROUND = 10;
    public static final int THREAD_PRIORITY_FOREGROUND = -2;
    public static final int THREAD_PRIORITY_DISPLAY = -4;
    public static final int THREAD_PRIORITY_URGENT_DISPLAY = -8;
    public static final int THREAD_PRIORITY_LOWEST = 19;

    private static final int PID = (int) ProcessHandle.current().pid();

    public Process() {}

    public static int myPid() { return PID; }

    public static int myTid() { return (int) Thread.currentThread().getId(); }

    /** One app = one uid, derived from the package name so it is stable across runs. */
    public static int myUid() {
        String pkg = com.android.internal.sim.SimEnv.packageName();
        return FIRST_APPLICATION_UID + Math.floorMod(pkg.hashCode(), 10000);
    }

    public static android.os.UserHandle myUserHandle() { return android.os.UserHandle.of(0); }

    public static long getElapsedCpuTime() { return SystemClock.uptimeMillis(); }

    public static void setThreadPriority(int priority) {}

    public static void setThreadPriority(int tid, int priority) {}

    public static int getThreadPriority(int tid) { return THREAD_PRIORITY_DEFAULT; }

    public static boolean is64Bit() { return true; }

    /** Only the caller's own processes may be killed, as on Android (same uid). */
    public static void killProcess(int pid) { sendSignal(pid, SIGNAL_KILL); }

    public static void sendSignal(int pid, int signal) {
        if (signal != SIGNAL_KILL) return;
        if (pid == PID) {
            com.android.internal.sim.ProcessExit.killSelf();
            return;
        }
        com.android.internal.sim.ProcessExit.killSibling(pid);
    }
}
