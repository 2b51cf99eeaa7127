package android.net.wifi;

/** A saved Wi-Fi network. */
@Deprecated
public class WifiConfiguration {
    public int networkId = -1;
    public String SSID;
    public String BSSID;
    public String preSharedKey;
    public boolean hiddenSSID;
    public int status;
    @Deprecated public int priority;

    public WifiConfiguration() {}

    /** Network status values. */
    public static class Status {
        public static final int CURRENT = 0;
        public static final int DISABLED = 1;
        public static final int ENABLED = 2;

        private Status() {}
    }

    @Override
    public String toString() {
        return "ID: " + networkId + " SSID: " + SSID + " BSSID: " + BSSID + " status: " + status;
    }
}
