package com.android.internal.sim;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Process-wide state of one simulated app process: which app it runs, which permissions the
 * device has granted it, and where its data lives. The runtime initialises it before any app
 * class is loaded; framework classes read it to enforce permissions as a device would.
 *
 * This is the contract between the runtime (lifecycle, UI, control) and the framework stand-ins
 * (telephony, location, content providers, ...).
 */
public final class SimEnv {
    private static volatile String packageName = "";
    private static volatile String processName = "";
    private static volatile Path dataDir;      // <sim home>/data/<package>
    private static volatile Path deviceDir;    // <sim home>
    private static volatile int apiLevel = 29;
    private static final Set<String> granted = Collections.synchronizedSet(new LinkedHashSet<>());
    private static final Set<String> requested = Collections.synchronizedSet(new LinkedHashSet<>());

    private SimEnv() {}

    /** Called once by the runtime, before any app class is loaded. */
    public static void init(String pkg, String process, Path data, Path device, int api,
                            Set<String> requestedPerms, Set<String> grantedPerms) {
        packageName = pkg;
        processName = process;
        dataDir = data;
        deviceDir = device;
        apiLevel = api;
        requested.clear();
        requested.addAll(requestedPerms);
        granted.clear();
        granted.addAll(grantedPerms);
    }

    public static String packageName() { return packageName; }
    public static String processName() { return processName; }
    public static Path dataDir() { return dataDir; }
    public static Path deviceDir() { return deviceDir; }
    public static int apiLevel() { return apiLevel; }

    /** Granted means: declared in the manifest and granted by the device (pm grant / install -g). */
    public static boolean isGranted(String permission) {
        return requested.contains(permission) && granted.contains(permission);
    }

    /** Declared in the app's manifest (uses-permission): only these can be asked for at run time. */
    public static boolean isDeclared(String permission) { return requested.contains(permission); }

    /** A grant the user gave in the permission prompt; lasts for this process. */
    public static void grantRuntime(String permission) {
        if (requested.contains(permission)) granted.add(permission);
    }

    /** Throws SecurityException, as the real framework does, when none of the permissions is granted. */
    public static void enforceAny(String api, String... permissions) {
        for (String p : permissions) {
            if (isGranted(p)) return;
        }
        throw new SecurityException(api + ": neither user " + android.os.Process.myUid()
            + " nor current process has " + String.join(" or ", permissions) + ".");
    }
}
