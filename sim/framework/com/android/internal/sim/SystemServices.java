package com.android.internal.sim;

import android.accounts.AccountManager;
import android.app.ActivityManager;
import android.app.ApplicationPackageManager;
import android.bluetooth.BluetoothManager;
import android.content.ClipboardManager;
import android.content.ContentResolver;
import android.content.Context;
import android.content.pm.LauncherApps;
import android.content.pm.PackageManager;
import android.hardware.SystemSensorManager;
import android.hardware.camera2.CameraManager;
import android.location.LocationManager;
import android.net.ConnectivityManager;
import android.net.wifi.WifiManager;
import android.telephony.SubscriptionManager;
import android.telephony.TelephonyManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The system-service registry of one simulated app process: Context.getSystemService,
 * getContentResolver and getPackageManager land here. Each manager is created on first request
 * and then cached for the process (Android caches most of them per context; one per process
 * gives the same object identity an app sees from its Application).
 */
public final class SystemServices {
    private SystemServices() {}

    /** Real service names (Context.*_SERVICE values) and how to build each manager. */
    private static final Map<String, Function<Context, Object>> FACTORIES = Map.ofEntries(
        Map.entry("phone", TelephonyManager::new),
        Map.entry("telephony_subscription_service", SubscriptionManager::new),
        Map.entry("location", LocationManager::new),
        Map.entry("wifi", WifiManager::new),
        Map.entry("clipboard", ClipboardManager::new),
        Map.entry("activity", ActivityManager::new),
        Map.entry("account", AccountManager::new),
        Map.entry("sensor", SystemSensorManager::new),
        Map.entry("bluetooth", BluetoothManager::new),
        Map.entry("camera", CameraManager::new),
        Map.entry("connectivity", ConnectivityManager::new),
        Map.entry("launcherapps", LauncherApps::new),
        Map.entry("device_policy", android.app.admin.DevicePolicyManager::new));

    private static final Map<String, Object> services = new ConcurrentHashMap<>();
    private static volatile ContentResolver resolver;
    private static volatile PackageManager packageManager;

    /** The manager for a real service name, or null for a name this device does not serve. */
    public static Object getSystemService(Context ctx, String name) {
        if (name == null) return null;
        Function<Context, Object> factory = FACTORIES.get(name);
        return factory == null ? null : services.computeIfAbsent(name, n -> factory.apply(ctx));
    }

    public static ContentResolver contentResolver(Context ctx) {
        ContentResolver r = resolver;
        if (r == null) {
            synchronized (SystemServices.class) {
                if (resolver == null) resolver = new ContentResolver(ctx) {};
                r = resolver;
            }
        }
        return r;
    }

    public static PackageManager packageManager(Context ctx) {
        PackageManager pm = packageManager;
        if (pm == null) {
            synchronized (SystemServices.class) {
                if (packageManager == null) packageManager = new ApplicationPackageManager(ctx);
                pm = packageManager;
            }
        }
        return pm;
    }

    /** The service names this device answers, for listings and tests. */
    public static java.util.Set<String> names() {
        return new java.util.TreeSet<>(FACTORIES.keySet());
    }
}
