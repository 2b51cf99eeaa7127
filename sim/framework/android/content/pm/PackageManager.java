package android.content.pm;

import android.content.Intent;
import java.util.List;

/**
 * Information about installed packages. Abstract, as on Android; apps get the
 * android.app.ApplicationPackageManager from Context.getPackageManager().
 */
public abstract class PackageManager {
    public static final int GET_ACTIVITIES = 0x00000001;
    public static final int GET_RECEIVERS = 0x00000002;
    public static final int GET_SERVICES = 0x00000004;
    public static final int GET_PROVIDERS = 0x00000008;
    public static final int GET_INSTRUMENTATION = 0x00000010;
    public static final int GET_INTENT_FILTERS = 0x00000020;
    public static final int GET_SIGNATURES = 0x00000040;
    public static final int GET_RESOLVED_FILTER = 0x00000040;
    public static final int GET_META_DATA = 0x00000080;
    public static final int GET_GIDS = 0x00000100;
    public static final int GET_DISABLED_COMPONENTS = 0x00000200;
    public static final int MATCH_DISABLED_COMPONENTS = 0x00000200;
    public static final int GET_SHARED_LIBRARY_FILES = 0x00000400;
    public static final int GET_URI_PERMISSION_PATTERNS = 0x00000800;
    public static final int GET_PERMISSIONS = 0x00001000;
    public static final int GET_UNINSTALLED_PACKAGES = 0x00002000;
    public static final int MATCH_UNINSTALLED_PACKAGES = 0x00002000;
    public static final int GET_CONFIGURATIONS = 0x00004000;
    public static final int MATCH_DEFAULT_ONLY = 0x00010000;
    public static final int MATCH_ALL = 0x00020000;
    public static final int MATCH_SYSTEM_ONLY = 0x00100000;
    public static final int GET_SIGNING_CERTIFICATES = 0x08000000;

    public static final int PERMISSION_GRANTED = 0;
    public static final int PERMISSION_DENIED = -1;
    public static final int SIGNATURE_MATCH = 0;
    public static final int COMPONENT_ENABLED_STATE_DEFAULT = 0;
    public static final int COMPONENT_ENABLED_STATE_ENABLED = 1;
    public static final int COMPONENT_ENABLED_STATE_DISABLED = 2;
    public static final int DONT_KILL_APP = 0x00000001;

    public static final String FEATURE_BLUETOOTH = "android.hardware.bluetooth";
    public static final String FEATURE_BLUETOOTH_LE = "android.hardware.bluetooth_le";
    public static final String FEATURE_CAMERA = "android.hardware.camera";
    public static final String FEATURE_CAMERA_ANY = "android.hardware.camera.any";
    public static final String FEATURE_CAMERA_FRONT = "android.hardware.camera.front";
    public static final String FEATURE_LOCATION = "android.hardware.location";
    public static final String FEATURE_LOCATION_GPS = "android.hardware.location.gps";
    public static final String FEATURE_LOCATION_NETWORK = "android.hardware.location.network";
    public static final String FEATURE_MICROPHONE = "android.hardware.microphone";
    public static final String FEATURE_NFC = "android.hardware.nfc";
    public static final String FEATURE_SENSOR_ACCELEROMETER = "android.hardware.sensor.accelerometer";
    public static final String FEATURE_SENSOR_GYROSCOPE = "android.hardware.sensor.gyroscope";
    public static final String FEATURE_SENSOR_LIGHT = "android.hardware.sensor.light";
    public static final String FEATURE_TELEPHONY = "android.hardware.telephony";
    public static final String FEATURE_TOUCHSCREEN = "android.hardware.touchscreen";
    public static final String FEATURE_WIFI = "android.hardware.wifi";

    public PackageManager() {}

    /** Thrown when a package or component is not installed. */
    public static class NameNotFoundException extends Exception {
        public NameNotFoundException() {}

        public NameNotFoundException(String name) {
            super(name);
        }
    }

    public abstract PackageInfo getPackageInfo(String packageName, int flags) throws NameNotFoundException;
    public abstract ApplicationInfo getApplicationInfo(String packageName, int flags) throws NameNotFoundException;
    public abstract List<PackageInfo> getInstalledPackages(int flags);
    public abstract android.content.Intent getLaunchIntentForPackage(String packageName);
    public abstract List<ApplicationInfo> getInstalledApplications(int flags);
    public abstract List<ResolveInfo> queryIntentActivities(Intent intent, int flags);
    public abstract List<ResolveInfo> queryIntentServices(Intent intent, int flags);
    public abstract List<PackageInfo> getPackagesHoldingPermissions(String[] permissions, int flags);
    public abstract ResolveInfo resolveActivity(Intent intent, int flags);
    public abstract int checkPermission(String permName, String packageName);
    public abstract boolean hasSystemFeature(String featureName);
    public abstract CharSequence getApplicationLabel(ApplicationInfo info);
    @Deprecated
    public abstract String getInstallerPackageName(String packageName);
    public abstract String[] getPackagesForUid(int uid);
    public abstract String getNameForUid(int uid);
}
