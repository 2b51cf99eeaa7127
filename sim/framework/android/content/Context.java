package android.content;

import android.content.pm.PackageManager;
import android.os.Looper;

import java.io.File;

/**
 * Interface to global information about an application environment, as on Android: the
 * concrete implementation is supplied by the runtime (ContextImpl) and reached through
 * ContextWrapper subclasses (Application, Activity, Service).
 */
public abstract class Context {
    public static final int MODE_PRIVATE = 0x0000;
    public static final int MODE_APPEND = 0x8000;
    public static final int BIND_AUTO_CREATE = 0x0001;

    public static final String ACTIVITY_SERVICE = "activity";
    public static final String ACCOUNT_SERVICE = "account";
    public static final String ALARM_SERVICE = "alarm";
    public static final String AUDIO_SERVICE = "audio";
    public static final String BLUETOOTH_SERVICE = "bluetooth";
    public static final String CAMERA_SERVICE = "camera";
    public static final String CLIPBOARD_SERVICE = "clipboard";
    public static final String CONNECTIVITY_SERVICE = "connectivity";
    public static final String DEVICE_POLICY_SERVICE = "device_policy";
    public static final String INPUT_METHOD_SERVICE = "input_method";
    public static final String LAYOUT_INFLATER_SERVICE = "layout_inflater";
    public static final String LOCATION_SERVICE = "location";
    public static final String NOTIFICATION_SERVICE = "notification";
    public static final String POWER_SERVICE = "power";
    public static final String SENSOR_SERVICE = "sensor";
    public static final String TELEPHONY_SERVICE = "phone";
    public static final String TELEPHONY_SUBSCRIPTION_SERVICE = "telephony_subscription_service";
    public static final String VIBRATOR_SERVICE = "vibrator";
    public static final String WIFI_SERVICE = "wifi";
    public static final String WINDOW_SERVICE = "window";

    public Context() {}

    public abstract Object getSystemService(String name);

    public abstract ContentResolver getContentResolver();

    public abstract PackageManager getPackageManager();

    public abstract SharedPreferences getSharedPreferences(String name, int mode);

    public abstract Context getApplicationContext();

    public abstract String getPackageName();

    public abstract Looper getMainLooper();

    public abstract ClassLoader getClassLoader();

    public abstract File getFilesDir();

    public abstract File getCacheDir();

    public abstract ComponentName startService(Intent service);

    public abstract boolean stopService(Intent service);

    public abstract void startActivity(Intent intent);

    public abstract void sendBroadcast(Intent intent);

    /** Flags of registerReceiver(receiver, filter, flags) (API 33 requires one of the two). */
    public static final int RECEIVER_EXPORTED = 0x2;
    public static final int RECEIVER_NOT_EXPORTED = 0x4;

    public abstract Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter);

    public abstract Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter, int flags);

    public abstract void unregisterReceiver(BroadcastReceiver receiver);

    public abstract boolean bindService(Intent service, ServiceConnection conn, int flags);

    public abstract int checkPermission(String permission, int pid, int uid);

    public abstract int checkSelfPermission(String permission);

    public abstract boolean deleteSharedPreferences(String name);
}
