package android.os;

import com.android.internal.sim.DeviceData;
import com.android.internal.sim.SimEnv;

/**
 * The device's build properties: a Pixel 4 running Android 10 by default. SDK_INT follows the
 * API level the simulated device reports (SimEnv), read when this class is first used.
 */
public class Build {
    public static final String UNKNOWN = "unknown";
    public static final String ID = "QQ3A.200805.001";
    public static final String DISPLAY = "QQ3A.200805.001";
    public static final String PRODUCT = "flame";
    public static final String DEVICE = "flame";
    public static final String BOARD = "flame";
    public static final String MANUFACTURER = "Google";
    public static final String BRAND = "google";
    public static final String MODEL = "Pixel 4";
    public static final String BOOTLOADER = "c2f2-0.2-6355063";
    public static final String HARDWARE = "flame";
    /** Apps targeting API 26+ read "unknown" here; the serial comes from getSerial(). */
    @Deprecated
    public static final String SERIAL = UNKNOWN;
    public static final String[] SUPPORTED_ABIS = {"arm64-v8a", "armeabi-v7a", "armeabi"};
    public static final String[] SUPPORTED_32_BIT_ABIS = {"armeabi-v7a", "armeabi"};
    public static final String[] SUPPORTED_64_BIT_ABIS = {"arm64-v8a"};
    @Deprecated public static final String CPU_ABI = "arm64-v8a";
    @Deprecated public static final String CPU_ABI2 = "";
    public static final String TYPE = "user";
    public static final String TAGS = "release-keys";
    public static final String FINGERPRINT = "google/flame/flame:10/QQ3A.200805.001/6578210:user/release-keys";
    public static final long TIME = 1_596_672_000_000L;
    public static final String USER = "android-build";
    public static final String HOST = "abfarm-release-rbe-64-00044";

    public Build() {}

    /** The hardware serial number; needs READ_PHONE_STATE, as on API 26-28 devices. */
    public static String getSerial() {
        SimEnv.enforceAny("getSerial", "android.permission.READ_PHONE_STATE");
        return DeviceData.SERIAL;
    }

    public static String getRadioVersion() { return "g8150-00041-200317-B-6321453"; }

    /** Version of the running system. */
    public static class VERSION {
        public static final String INCREMENTAL = "6578210";
        public static final int SDK_INT = SimEnv.apiLevel();
        public static final String RELEASE = releaseOf(SDK_INT);
        @Deprecated public static final String SDK = Integer.toString(SDK_INT);
        public static final String CODENAME = "REL";
        public static final String SECURITY_PATCH = "2020-08-05";
        public static final int PREVIEW_SDK_INT = 0;
        public static final String BASE_OS = "";

        public VERSION() {}

        private static String releaseOf(int api) {
            String[] names = {"4.4", "4.4W", "5.0", "5.1", "6.0", "7.0", "7.1.1", "8.0.0", "8.1.0", "9", "10", "11",
                "12", "12", "13", "14", "15"};
            int index = api - 19;
            return index >= 0 && index < names.length ? names[index] : Integer.toString(api);
        }
    }

    /** API level numbers. */
    public static class VERSION_CODES {
        public static final int CUR_DEVELOPMENT = 10000;
        public static final int BASE = 1;
        public static final int GINGERBREAD = 9;
        public static final int HONEYCOMB = 11;
        public static final int ICE_CREAM_SANDWICH = 14;
        public static final int JELLY_BEAN = 16;
        public static final int JELLY_BEAN_MR1 = 17;
        public static final int JELLY_BEAN_MR2 = 18;
        public static final int KITKAT = 19;
        public static final int KITKAT_WATCH = 20;
        public static final int LOLLIPOP = 21;
        public static final int LOLLIPOP_MR1 = 22;
        public static final int M = 23;
        public static final int N = 24;
        public static final int N_MR1 = 25;
        public static final int O = 26;
        public static final int O_MR1 = 27;
        public static final int P = 28;
        public static final int Q = 29;
        public static final int R = 30;
        public static final int S = 31;
        public static final int S_V2 = 32;
        public static final int TIRAMISU = 33;
        public static final int UPSIDE_DOWN_CAKE = 34;
        public static final int VANILLA_ICE_CREAM = 35;

        public VERSION_CODES() {}
    }
}
