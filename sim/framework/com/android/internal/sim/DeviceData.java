package com.android.internal.sim;

import java.util.List;

/**
 * The fixed personal data of the simulated device. Every value an app can read through the
 * framework stand-ins comes from here, so tests and reports can name exact expected values.
 * The same table is documented in docs/sim-framework.md; keep the two in step.
 */
public final class DeviceData {
    private DeviceData() {}

    // Telephony (slot 0 is the first SIM slot, as Android numbers them).
    public static final String IMEI_SLOT0 = "861234567890123";
    public static final String IMEI_SLOT1 = "861234567890135";
    public static final String MEID = "A0000049876543";
    public static final String IMSI = "460001234567890";
    public static final String ICCID = "89860012345678901234";
    public static final String LINE1_NUMBER = "+8613800138000";
    public static final String NETWORK_OPERATOR = "46000";
    public static final String NETWORK_OPERATOR_NAME = "CHINA MOBILE";
    public static final String COUNTRY_ISO = "cn";
    public static final String DEVICE_SOFTWARE_VERSION = "01";
    public static final String VOICE_MAIL_NUMBER = "+8613800138001";
    public static final int CELL_LAC = 4187;
    public static final int CELL_CID = 26738433;
    public static final int CELL_PCI = 211;
    public static final int CELL_DBM = -85;

    // Identifiers.
    public static final String ANDROID_ID = "3f8e2b7c9d104a65";
    public static final String SERIAL = "SIM0123456789";
    public static final String DEVICE_NAME = "Pixel 4";

    // Wi-Fi and Bluetooth. Android 6+ hides the device's own MAC addresses from apps.
    public static final String HIDDEN_MAC = "02:00:00:00:00:00";
    /** The Wi-Fi MAC apps saw before Android 6 (API 23). */
    public static final String WIFI_MAC = "f0:5c:77:3a:9e:21";
    public static final String SSID = "\"LabWiFi\"";
    public static final String BSSID = "a4:5e:60:12:34:56";
    /** 192.168.1.23 in the little-endian int form WifiInfo.getIpAddress() returns. */
    public static final int IP_ADDRESS = (23 << 24) | (1 << 16) | (168 << 8) | 192;
    public static final int GATEWAY = (1 << 24) | (1 << 16) | (168 << 8) | 192;
    public static final int RSSI = -55;
    public static final int LINK_SPEED_MBPS = 433;
    public static final int FREQUENCY_MHZ = 5180;
    public static final String BLUETOOTH_NAME = "Pixel 4";
    public static final String BLUETOOTH_ADDRESS = HIDDEN_MAC;

    /** SSID, BSSID, capabilities, level (dBm), frequency (MHz) of the visible access points. */
    public static final List<String[]> SCAN_RESULTS = List.of(
        new String[] {"LabWiFi", BSSID, "[WPA2-PSK-CCMP][ESS]", "-55", "5180"},
        new String[] {"CMCC-Guest", "f4:83:cd:aa:bb:01", "[ESS]", "-71", "2437"},
        new String[] {"Office-5G", "8c:a6:df:10:20:30", "[WPA2-EAP-CCMP][ESS]", "-78", "5745"});

    /** Name, address of the paired Bluetooth devices. */
    public static final List<String[]> BONDED_DEVICES = List.of(
        new String[] {"Galaxy Buds", "5C:C1:D7:11:22:33"},
        new String[] {"Mi Band 6", "C8:0F:10:44:55:66"});

    // Location: Tiananmen, Beijing.
    public static final double LATITUDE = 39.9042;
    public static final double LONGITUDE = 116.4074;
    public static final double ALTITUDE = 43.5;
    /** What the simulated Geocoder resolves the device's position to (and back). */
    public static final String GEOCODE_LOCALITY = "Beijing";
    public static final String GEOCODE_STREET = "Dongchang'an Street";
    public static final float ACCURACY_M = 12.0f;
    /** Fix time of the last known location: 2023-11-14T22:13:20Z. */
    public static final long LAST_FIX_TIME_MS = 1_700_000_000_000L;

    // Content providers: column names, then rows (ContactsContract, CallLog, Telephony, CalendarContract).
    public static final String[] CONTACT_COLUMNS = {"_id", "display_name", "has_phone_number", "lookup"};
    public static final List<Object[]> CONTACTS = List.of(
        new Object[] {1L, "张伟", 1L, "0r1-zw"},
        new Object[] {2L, "Alice Smith", 1L, "0r2-as"},
        new Object[] {3L, "李娜", 1L, "0r3-ln"});

    public static final String[] PHONE_COLUMNS = {"_id", "contact_id", "display_name", "data1", "data2"};
    public static final List<Object[]> PHONES = List.of(
        new Object[] {11L, 1L, "张伟", "+8613912345678", 2L},
        new Object[] {12L, 2L, "Alice Smith", "+14155550123", 2L},
        new Object[] {13L, 3L, "李娜", "+8613698765432", 2L});

    public static final String[] CALL_COLUMNS = {"_id", "number", "date", "duration", "type", "name"};
    public static final List<Object[]> CALLS = List.of(
        new Object[] {1L, "+8613912345678", 1_699_990_000_000L, 125L, 1L, "张伟"},
        new Object[] {2L, "+14155550123", 1_699_995_000_000L, 0L, 3L, "Alice Smith"},
        new Object[] {3L, "10086", 1_699_998_000_000L, 61L, 2L, null});

    public static final String[] SMS_COLUMNS = {"_id", "thread_id", "address", "person", "date", "read", "type", "body"};
    public static final List<Object[]> SMS = List.of(
        new Object[] {1L, 1L, "10086", null, 1_699_980_000_000L, 1L, 1L, "【中国移动】您本月话费余额为 58.20 元。"},
        new Object[] {2L, 2L, "95588", null, 1_699_990_000_000L, 0L, 1L, "【工商银行】您的验证码为 482913，5分钟内有效。"},
        new Object[] {3L, 3L, "+8613912345678", 1L, 1_699_995_000_000L, 1L, 2L, "晚上七点见"});

    public static final String[] EVENT_COLUMNS = {"_id", "calendar_id", "title", "description", "eventLocation", "dtstart", "dtend"};
    public static final List<Object[]> EVENTS = List.of(
        new Object[] {1L, 1L, "Team meeting", "Weekly sync", "Room 301", 1_700_042_400_000L, 1_700_046_000_000L},
        new Object[] {2L, 1L, "牙医预约", "", "朝阳区建国路 88 号", 1_700_128_800_000L, 1_700_132_400_000L});

    public static final String[] CALENDAR_COLUMNS = {"_id", "account_name", "account_type", "calendar_displayName"};
    public static final List<Object[]> CALENDARS = List.<Object[]>of(
        new Object[] {1L, "user@example.com", "com.google", "user@example.com"});

    /** Package name, label, launcher activity (null: none), system app? */
    public static final List<Object[]> PACKAGES = List.of(
        new Object[] {"android", "Android System", null, true},
        new Object[] {"com.android.settings", "Settings", "com.android.settings.Settings", true},
        new Object[] {"com.android.systemui", "System UI", null, true},
        new Object[] {"com.android.phone", "Phone Services", null, true},
        new Object[] {"com.android.providers.contacts", "Contacts Storage", null, true},
        new Object[] {"com.android.chrome", "Chrome", "com.google.android.apps.chrome.Main", true},
        new Object[] {"com.tencent.mm", "WeChat", "com.tencent.mm.ui.LauncherUI", false},
        new Object[] {"com.eg.android.AlipayGphone", "Alipay", "com.eg.android.AlipayGphone.AlipayLogin", false},
        new Object[] {"com.tencent.mobileqq", "QQ", "com.tencent.mobileqq.activity.SplashActivity", false},
        new Object[] {"com.sina.weibo", "Weibo", "com.sina.weibo.SplashActivity", false},
        new Object[] {"com.ss.android.ugc.aweme", "Douyin", "com.ss.android.ugc.aweme.splash.SplashActivity", false},
        new Object[] {"com.taobao.taobao", "Taobao", "com.taobao.tao.welcome.Welcome", false});

    /** Other processes an app could see before Android 5.1 (API 22): process name, pid, uid. */
    public static final List<Object[]> OTHER_PROCESSES = List.of(
        new Object[] {"system", 1001, 1000},
        new Object[] {"com.android.systemui", 1350, 10025},
        new Object[] {"com.android.phone", 1402, 1001},
        new Object[] {"com.tencent.mm", 2210, 10211},
        new Object[] {"com.tencent.mm:push", 2288, 10211});

    public static final String CLIPBOARD_LABEL = "sms code";
    public static final String CLIPBOARD_TEXT = "验证码 123456";

    /** Account name, type. */
    public static final List<String[]> ACCOUNTS = List.of(
        new String[] {"user@example.com", "com.google"},
        new String[] {"wxid_lab0001", "com.tencent.mm.account"});

    /** Sensor type, name, vendor, max range, resolution, power (mA), min delay (us), event values. */
    public static final List<Object[]> SENSORS = List.of(
        new Object[] {1, "LSM6DSR Accelerometer", "STMicro", 78.4532f, 0.0023928226f, 0.17f, 2404, new float[] {0.12f, 0.31f, 9.79f}},
        new Object[] {4, "LSM6DSR Gyroscope", "STMicro", 34.906586f, 0.0012217305f, 0.57f, 2404, new float[] {0.001f, -0.002f, 0.0f}},
        new Object[] {5, "TMD3702V Ambient Light Sensor", "AMS", 60000.0f, 1.0f, 0.1f, 0, new float[] {320.0f, 0f, 0f}});

    public static final int CAMERA_COUNT = 2;

    // Delivery pacing of location and sensor callbacks: short, bounded, so tests stay fast.
    public static final long FIRST_FIX_DELAY_MS = 50;
    public static final long MIN_UPDATE_INTERVAL_MS = 20;
    public static final int MAX_LOCATION_UPDATES = 1000;
    public static final int SENSOR_EVENTS_PER_REGISTRATION = 5;
}
