package android.provider;

import android.content.ContentResolver;
import android.content.Context;
import android.net.Uri;
import com.android.internal.sim.DeviceData;
import java.util.Map;

/** Device settings. Reading them needs no permission; the values are the simulated device's. */
public final class Settings {
    public static final String AUTHORITY = "settings";
    public static final String ACTION_SETTINGS = "android.settings.SETTINGS";
    public static final String ACTION_APPLICATION_DETAILS_SETTINGS = "android.settings.APPLICATION_DETAILS_SETTINGS";
    public static final String ACTION_LOCATION_SOURCE_SETTINGS = "android.settings.LOCATION_SOURCE_SETTINGS";
    public static final String ACTION_WIFI_SETTINGS = "android.settings.WIFI_SETTINGS";
    public static final String ACTION_MANAGE_OVERLAY_PERMISSION = "android.settings.action.MANAGE_OVERLAY_PERMISSION";

    public Settings() {}

    public static boolean canDrawOverlays(Context context) { return false; }

    /** Thrown by the getters without a default when the setting does not exist. */
    public static class SettingNotFoundException extends Exception {
        public SettingNotFoundException(String msg) {
            super(msg);
        }
    }

    /** Columns of the settings tables. */
    public static class NameValueTable implements BaseColumns {
        public static final String NAME = "name";
        public static final String VALUE = "value";

        public NameValueTable() {}
    }

    /** Per-user secure settings, among them the app-visible ANDROID_ID. */
    public static final class Secure extends NameValueTable {
        public static final Uri CONTENT_URI = Uri.parse("content://settings/secure");
        public static final String ANDROID_ID = "android_id";
        public static final String DEFAULT_INPUT_METHOD = "default_input_method";
        public static final String ENABLED_INPUT_METHODS = "enabled_input_methods";
        public static final String ACCESSIBILITY_ENABLED = "accessibility_enabled";
        public static final String ENABLED_ACCESSIBILITY_SERVICES = "enabled_accessibility_services";
        @Deprecated public static final String LOCATION_MODE = "location_mode";
        @Deprecated public static final String ALLOW_MOCK_LOCATION = "mock_location";
        @Deprecated public static final String INSTALL_NON_MARKET_APPS = "install_non_market_apps";
        public static final int LOCATION_MODE_OFF = 0;
        public static final int LOCATION_MODE_HIGH_ACCURACY = 3;

        private static final Map<String, String> VALUES = Map.of(
            ANDROID_ID, DeviceData.ANDROID_ID,
            "bluetooth_name", DeviceData.BLUETOOTH_NAME,
            DEFAULT_INPUT_METHOD, "com.google.android.inputmethod.latin/com.android.inputmethod.latin.LatinIME",
            ENABLED_INPUT_METHODS, "com.google.android.inputmethod.latin/com.android.inputmethod.latin.LatinIME",
            ACCESSIBILITY_ENABLED, "0",
            LOCATION_MODE, "3",
            ALLOW_MOCK_LOCATION, "0",
            INSTALL_NON_MARKET_APPS, "1");

        private Secure() {}

        public static String getString(ContentResolver resolver, String name) {
            return VALUES.get(name);
        }

        public static int getInt(ContentResolver cr, String name, int def) { return parseInt(getString(cr, name), def); }
        public static long getLong(ContentResolver cr, String name, long def) { return parseLong(getString(cr, name), def); }

        public static int getInt(ContentResolver cr, String name) throws SettingNotFoundException {
            return parseInt(require(name, getString(cr, name)));
        }

        public static long getLong(ContentResolver cr, String name) throws SettingNotFoundException {
            return parseLong(require(name, getString(cr, name)));
        }
    }

    /** Global device settings. */
    public static final class Global extends NameValueTable {
        public static final Uri CONTENT_URI = Uri.parse("content://settings/global");
        public static final String DEVICE_NAME = "device_name";
        public static final String ADB_ENABLED = "adb_enabled";
        public static final String AIRPLANE_MODE_ON = "airplane_mode_on";
        public static final String DEVELOPMENT_SETTINGS_ENABLED = "development_settings_enabled";
        public static final String BLUETOOTH_ON = "bluetooth_on";
        public static final String WIFI_ON = "wifi_on";
        public static final String DATA_ROAMING = "data_roaming";
        public static final String AUTO_TIME = "auto_time";

        private static final Map<String, String> VALUES = Map.of(
            DEVICE_NAME, DeviceData.DEVICE_NAME,
            ADB_ENABLED, "0",
            AIRPLANE_MODE_ON, "0",
            DEVELOPMENT_SETTINGS_ENABLED, "0",
            BLUETOOTH_ON, "1",
            WIFI_ON, "1",
            DATA_ROAMING, "0",
            AUTO_TIME, "1");

        private Global() {}

        public static String getString(ContentResolver resolver, String name) {
            return VALUES.get(name);
        }

        public static int getInt(ContentResolver cr, String name, int def) { return parseInt(getString(cr, name), def); }
        public static long getLong(ContentResolver cr, String name, long def) { return parseLong(getString(cr, name), def); }

        public static int getInt(ContentResolver cr, String name) throws SettingNotFoundException {
            return parseInt(require(name, getString(cr, name)));
        }
    }

    /** Per-user system preferences. */
    public static final class System extends NameValueTable {
        public static final Uri CONTENT_URI = Uri.parse("content://settings/system");
        @Deprecated public static final String ANDROID_ID = "android_id";
        public static final String SCREEN_BRIGHTNESS = "screen_brightness";
        public static final String SCREEN_OFF_TIMEOUT = "screen_off_timeout";
        public static final String TIME_12_24 = "time_12_24";
        public static final String FONT_SCALE = "font_scale";

        private static final Map<String, String> VALUES = Map.of(
            SCREEN_BRIGHTNESS, "102",
            SCREEN_OFF_TIMEOUT, "60000",
            TIME_12_24, "24",
            FONT_SCALE, "1.0");

        private System() {}

        public static String getString(ContentResolver resolver, String name) {
            // Keys moved to Secure (such as android_id) are still answered from there, as on Android.
            String value = VALUES.get(name);
            return value != null ? value : Secure.getString(resolver, name);
        }

        public static int getInt(ContentResolver cr, String name, int def) { return parseInt(getString(cr, name), def); }

        public static int getInt(ContentResolver cr, String name) throws SettingNotFoundException {
            return parseInt(require(name, getString(cr, name)));
        }

        public static boolean canWrite(Context context) { return false; }
    }

    private static String require(String name, String value) throws SettingNotFoundException {
        if (value == null) throw new SettingNotFoundException(name);
        return value;
    }

    private static int parseInt(String value, int def) {
        try {
            return value == null ? def : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return def;
        }
    }

    private static int parseInt(String value) throws SettingNotFoundException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new SettingNotFoundException(value);
        }
    }

    private static long parseLong(String value, long def) {
        try {
            return value == null ? def : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return def;
        }
    }

    private static long parseLong(String value) throws SettingNotFoundException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new SettingNotFoundException(value);
        }
    }
}
