package android.app;

import android.content.Context;
import com.android.internal.sim.DeviceData;
import com.android.internal.sim.SimEnv;
import java.util.ArrayList;
import java.util.List;

/**
 * Running processes and memory. Since Android 5.1 (API 22) an app sees only its own processes;
 * on an older API level the simulated device also lists a few others.
 */
public class ActivityManager {
    private static final long TOTAL_MEM = 5_849_530_368L;
    private static final long AVAIL_MEM = 2_147_483_648L;

    private final Context context;

    /** @hide Apps obtain it from Context.getSystemService("activity"). */
    public ActivityManager(Context context) {
        this.context = context;
    }

    public List<RunningAppProcessInfo> getRunningAppProcesses() {
        List<RunningAppProcessInfo> out = new ArrayList<>();
        String pkg = SimEnv.packageName();
        String process = SimEnv.processName() == null || SimEnv.processName().isEmpty() ? pkg : SimEnv.processName();
        RunningAppProcessInfo self = new RunningAppProcessInfo(process, android.os.Process.myPid(), new String[] {pkg});
        self.uid = android.os.Process.myUid();
        self.importance = RunningAppProcessInfo.IMPORTANCE_FOREGROUND;
        out.add(self);
        if (SimEnv.apiLevel() < 22) {
            for (Object[] row : DeviceData.OTHER_PROCESSES) {
                String name = (String) row[0];
                int colon = name.indexOf(':');
                RunningAppProcessInfo other = new RunningAppProcessInfo(name, (Integer) row[1],
                    new String[] {colon >= 0 ? name.substring(0, colon) : name});
                other.uid = (Integer) row[2];
                other.importance = RunningAppProcessInfo.IMPORTANCE_SERVICE;
                out.add(other);
            }
        }
        return out;
    }

    /**
     * The calling app's own tasks since API 21. The simulated device does not track the app's
     * activity stack here, so the list is empty.
     */
    @Deprecated
    public List<RunningTaskInfo> getRunningTasks(int maxNum) {
        return new ArrayList<>();
    }

    /** The calling app's own services since API 26 (none tracked here): an empty list. */
    @Deprecated
    public List<RunningServiceInfo> getRunningServices(int maxNum) {
        return new ArrayList<>();
    }

    @Deprecated
    public List<RecentTaskInfo> getRecentTasks(int maxNum, int flags) throws SecurityException {
        return new ArrayList<>();
    }

    public void getMemoryInfo(MemoryInfo outInfo) {
        outInfo.totalMem = TOTAL_MEM;
        outInfo.availMem = AVAIL_MEM;
        outInfo.threshold = 226_492_416L;
        outInfo.lowMemory = false;
    }

    public int getMemoryClass() { return 256; }
    public int getLargeMemoryClass() { return 512; }
    public boolean isLowRamDevice() { return false; }

    public static boolean isUserAMonkey() { return false; }

    /** A process the app can see. */
    public static class RunningAppProcessInfo {
        public static final int IMPORTANCE_FOREGROUND = 100;
        public static final int IMPORTANCE_FOREGROUND_SERVICE = 125;
        public static final int IMPORTANCE_VISIBLE = 200;
        public static final int IMPORTANCE_PERCEPTIBLE = 230;
        public static final int IMPORTANCE_SERVICE = 300;
        public static final int IMPORTANCE_CACHED = 400;
        @Deprecated public static final int IMPORTANCE_BACKGROUND = 400;
        public static final int IMPORTANCE_GONE = 1000;

        public String processName;
        public int pid;
        public int uid;
        public String[] pkgList;
        public int importance;
        public int lru;

        public RunningAppProcessInfo() {
            importance = IMPORTANCE_FOREGROUND;
        }

        public RunningAppProcessInfo(String pProcessName, int pPid, String[] pArr) {
            processName = pProcessName;
            pid = pPid;
            pkgList = pArr;
            importance = IMPORTANCE_FOREGROUND;
        }
    }

    /** System memory figures. */
    public static class MemoryInfo {
        public long availMem;
        public long totalMem;
        public long threshold;
        public boolean lowMemory;

        public MemoryInfo() {}
    }

    /** A task of the calling app. */
    public static class RunningTaskInfo {
        public int id;
        public android.content.ComponentName baseActivity;
        public android.content.ComponentName topActivity;
        public int numActivities;

        public RunningTaskInfo() {}
    }

    /** A recently used task. */
    public static class RecentTaskInfo {
        public int id;
        public int persistentId;
        public android.content.ComponentName origActivity;
        public android.content.ComponentName baseActivity;

        public RecentTaskInfo() {}
    }

    /** A running service. */
    public static class RunningServiceInfo {
        public android.content.ComponentName service;
        public int pid;
        public int uid;
        public String process;
        public boolean foreground;
        public boolean started;

        public RunningServiceInfo() {}
    }
}
