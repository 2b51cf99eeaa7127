package android.app;

import android.content.Context;
import android.content.Intent;
import android.content.pm.ActivityInfo;
import android.content.pm.ApplicationInfo;
import android.content.pm.PackageInfo;
import android.content.pm.PackageManager;
import android.content.pm.ResolveInfo;
import com.android.internal.sim.DeviceData;
import com.android.internal.sim.SimEnv;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * @hide The PackageManager apps get. Installed packages are the device's fixed list
 * ({@link DeviceData#PACKAGES}), the calling app itself, and the apps installed on the simulated
 * device when the device lists them in {@code <device dir>/data/system/packages.list}
 * (Android's own format: "name uid ..." per line). No permission is needed, as up to API 29.
 */
public class ApplicationPackageManager extends PackageManager {
    private static final String ACTION_MAIN = "android.intent.action.MAIN";
    private static final String ACTION_VIEW = "android.intent.action.VIEW";
    private static final String INSTALLER = "com.android.vending";
    private static final int FIRST_APP_UID = 10100;
    private static final Set<String> FEATURES = Set.of(
        FEATURE_BLUETOOTH, FEATURE_BLUETOOTH_LE, FEATURE_CAMERA, FEATURE_CAMERA_ANY, FEATURE_CAMERA_FRONT,
        FEATURE_LOCATION, FEATURE_LOCATION_GPS, FEATURE_LOCATION_NETWORK, FEATURE_MICROPHONE,
        FEATURE_SENSOR_ACCELEROMETER, FEATURE_SENSOR_GYROSCOPE, FEATURE_SENSOR_LIGHT, FEATURE_TELEPHONY,
        FEATURE_TOUCHSCREEN, FEATURE_WIFI);

    /** One installed package: the subset of facts the simulated device keeps. */
    private record Pkg(String name, String label, String launcher, boolean system, int uid) {}

    private final Context context;

    /** @hide Apps obtain it from Context.getPackageManager(). */
    public ApplicationPackageManager(Context context) {
        this.context = context;
    }

    @Override
    public List<PackageInfo> getInstalledPackages(int flags) {
        List<PackageInfo> out = new ArrayList<>();
        for (Pkg pkg : installed().values()) out.add(packageInfo(pkg));
        return out;
    }

    @Override
    public List<ApplicationInfo> getInstalledApplications(int flags) {
        List<ApplicationInfo> out = new ArrayList<>();
        for (Pkg pkg : installed().values()) out.add(applicationInfo(pkg));
        return out;
    }

    @Override
    public PackageInfo getPackageInfo(String packageName, int flags) throws NameNotFoundException {
        return packageInfo(find(packageName));
    }

    @Override
    public ApplicationInfo getApplicationInfo(String packageName, int flags) throws NameNotFoundException {
        return applicationInfo(find(packageName));
    }

    /** Launcher activities for ACTION_MAIN, the browser for ACTION_VIEW, nothing else. */
    @Override
    public List<ResolveInfo> queryIntentActivities(Intent intent, int flags) {
        List<ResolveInfo> out = new ArrayList<>();
        String action = intent.getAction();
        String only = intent.getPackage();
        for (Pkg pkg : installed().values()) {
            if (pkg.launcher == null || (only != null && !only.equals(pkg.name))) continue;
            boolean matches = ACTION_MAIN.equals(action)
                || (ACTION_VIEW.equals(action) && pkg.name.equals("com.android.chrome"));
            if (matches) out.add(resolveInfo(pkg));
        }
        return out;
    }

    /** The launcher intent of an installed package (null when it is not installed or has none). */
    @Override
    public Intent getLaunchIntentForPackage(String packageName) {
        Pkg pkg = installed().get(packageName);
        if (pkg == null || pkg.launcher == null) return null;
        return new Intent(ACTION_MAIN).addCategory("android.intent.category.LAUNCHER")
            .setClassName(pkg.name, pkg.launcher).addFlags(0x10000000);  // FLAG_ACTIVITY_NEW_TASK
    }

    @Override
    public List<ResolveInfo> queryIntentServices(Intent intent, int flags) {
        return new ArrayList<>();
    }

    /** Only the calling app's own grants are known to the simulated device. */
    @Override
    public List<PackageInfo> getPackagesHoldingPermissions(String[] permissions, int flags) {
        List<PackageInfo> out = new ArrayList<>();
        String self = SimEnv.packageName();
        for (String permission : permissions) {
            if (self != null && !self.isEmpty() && SimEnv.isGranted(permission)) {
                out.add(packageInfo(installed().get(self)));
                break;
            }
        }
        return out;
    }

    @Override
    public ResolveInfo resolveActivity(Intent intent, int flags) {
        List<ResolveInfo> matches = queryIntentActivities(intent, flags);
        return matches.isEmpty() ? null : matches.get(0);
    }

    @Override
    public int checkPermission(String permName, String packageName) {
        boolean granted = packageName != null && packageName.equals(SimEnv.packageName()) && SimEnv.isGranted(permName);
        return granted ? PERMISSION_GRANTED : PERMISSION_DENIED;
    }

    @Override
    public boolean hasSystemFeature(String featureName) {
        return FEATURES.contains(featureName);
    }

    @Override
    public CharSequence getApplicationLabel(ApplicationInfo info) {
        return info.loadLabel(this);
    }

    @Override
    @Deprecated
    public String getInstallerPackageName(String packageName) {
        Pkg pkg = installed().get(packageName);
        if (pkg == null) throw new IllegalArgumentException("Unknown package: " + packageName);
        return pkg.system || pkg.name.equals(SimEnv.packageName()) ? null : INSTALLER;
    }

    @Override
    public String[] getPackagesForUid(int uid) {
        List<String> names = new ArrayList<>();
        for (Pkg pkg : installed().values()) {
            if (pkg.uid == uid) names.add(pkg.name);
        }
        return names.isEmpty() ? null : names.toArray(new String[0]);
    }

    @Override
    public String getNameForUid(int uid) {
        String[] names = getPackagesForUid(uid);
        return names == null ? null : names[0];
    }

    private Pkg find(String packageName) throws NameNotFoundException {
        Pkg pkg = installed().get(packageName);
        if (pkg == null) throw new NameNotFoundException(packageName);
        return pkg;
    }

    // The device's package records change only when the harness installs or removes an app. On
    // Android a package-manager call is a binder call to system_server; here it read the records
    // again in the app's own process, a dozen file reads per call, each one passing through the
    // agent's file probes. They are read again only when their fingerprint (names, sizes and
    // modification times, taken with File.length/lastModified, which read no file) changes.
    private static final Object RECORDS_LOCK = new Object();
    private static String recordsKey;
    private static Map<String, Pkg> records;

    /** Fixed packages, then the device's own list, then the calling app (always installed). */
    private static Map<String, Pkg> installed() {
        String key = recordsFingerprint();
        synchronized (RECORDS_LOCK) {
            if (records != null && key.equals(recordsKey)) return new LinkedHashMap<>(records);
        }
        Map<String, Pkg> fresh = readInstalled();
        synchronized (RECORDS_LOCK) {
            recordsKey = key;
            records = fresh;
        }
        return new LinkedHashMap<>(fresh);
    }

    private static String recordsFingerprint() {
        Path device = SimEnv.deviceDir();
        if (device == null) return "";
        StringBuilder key = new StringBuilder();
        File list = device.resolve("data").resolve("system").resolve("packages.list").toFile();
        key.append(list.length()).append(':').append(list.lastModified());
        String[] names = device.resolve("packages").toFile().list();
        if (names != null) {
            java.util.Arrays.sort(names);
            for (String name : names) {
                File record = device.resolve("packages").resolve(name).resolve("runtime.properties").toFile();
                key.append('|').append(name).append(':').append(record.length()).append(':').append(record.lastModified());
            }
        }
        return key.toString();
    }

    private static Map<String, Pkg> readInstalled() {
        Map<String, Pkg> packages = new LinkedHashMap<>();
        int uid = FIRST_APP_UID;
        for (Object[] row : DeviceData.PACKAGES) {
            boolean system = (Boolean) row[3];
            String name = (String) row[0];
            packages.put(name, new Pkg(name, (String) row[1], (String) row[2], system, system ? 1000 : uid++));
        }
        for (String[] entry : deviceList()) {
            int entryUid = parseUid(entry.length > 1 ? entry[1] : "", uid++);
            packages.putIfAbsent(entry[0], new Pkg(entry[0], entry[0], null, false, entryUid));
        }
        // The simulated apps installed on this device beside the caller, with their launchers.
        for (String name : com.android.internal.sim.RuntimeConfig.installedPackages(SimEnv.deviceDir())) {
            String launcher = null;
            try {
                launcher = com.android.internal.sim.RuntimeConfig.load(SimEnv.deviceDir(), name, null).launcherActivity;
            } catch (IOException | RuntimeException e) {
                // unreadable record: listed without a launcher
            }
            packages.putIfAbsent(name, new Pkg(name, name, launcher, false, uid++));
        }
        String self = SimEnv.packageName();
        if (self != null && !self.isEmpty()) {
            packages.put(self, new Pkg(self, self, null, false, android.os.Process.myUid()));
        }
        return packages;
    }

    private static List<String[]> deviceList() {
        List<String[]> entries = new ArrayList<>();
        Path device = SimEnv.deviceDir();
        if (device == null) return entries;
        Path list = device.resolve("data").resolve("system").resolve("packages.list");
        try {
            if (!Files.isRegularFile(list)) return entries;
            for (String line : Files.readAllLines(list)) {
                String[] fields = line.trim().split("\\s+");
                if (!fields[0].isEmpty()) entries.add(fields);
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable list means the device shows only its fixed packages, as if none were installed.
        }
        return entries;
    }

    private static int parseUid(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static ApplicationInfo applicationInfo(Pkg pkg) {
        ApplicationInfo info = new ApplicationInfo();
        info.packageName = pkg.name;
        info.processName = pkg.name;
        info.nonLocalizedLabel = pkg.label;
        info.uid = pkg.uid;
        info.flags = ApplicationInfo.FLAG_INSTALLED | ApplicationInfo.FLAG_HAS_CODE
            | (pkg.system ? ApplicationInfo.FLAG_SYSTEM : 0);
        info.sourceDir = (pkg.system ? "/system/app/" : "/data/app/") + pkg.name + "-1/base.apk";
        info.publicSourceDir = info.sourceDir;
        info.dataDir = "/data/user/0/" + pkg.name;
        info.targetSdkVersion = SimEnv.apiLevel();
        info.minSdkVersion = 21;
        return info;
    }

    private static PackageInfo packageInfo(Pkg pkg) {
        PackageInfo info = new PackageInfo();
        info.packageName = pkg.name;
        info.versionName = "1.0";
        info.setLongVersionCode(1);
        info.applicationInfo = applicationInfo(pkg);
        info.firstInstallTime = DeviceData.LAST_FIX_TIME_MS;
        info.lastUpdateTime = DeviceData.LAST_FIX_TIME_MS;
        return info;
    }

    private static ResolveInfo resolveInfo(Pkg pkg) {
        ActivityInfo activity = new ActivityInfo();
        activity.name = pkg.launcher;
        activity.packageName = pkg.name;
        activity.applicationInfo = applicationInfo(pkg);
        activity.processName = pkg.name;
        activity.exported = true;
        ResolveInfo info = new ResolveInfo();
        info.activityInfo = activity;
        info.isDefault = true;
        return info;
    }
}
