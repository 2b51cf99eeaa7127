package android.net.wifi;

import com.android.internal.sim.DeviceData;
import com.android.internal.sim.SimEnv;

/** The current Wi-Fi connection. */
public class WifiInfo {
    public static final String LINK_SPEED_UNITS = "Mbps";
    public static final String FREQUENCY_UNITS = "MHz";
    /** What the SSID reads as when the app may not learn it. */
    static final String UNKNOWN_SSID = "<unknown ssid>";

    private final boolean revealNetwork;

    WifiInfo(boolean revealNetwork) {
        this.revealNetwork = revealNetwork;
    }

    /** Android 6+ returns a fixed placeholder instead of the device's MAC address. */
    public String getMacAddress() {
        return SimEnv.apiLevel() >= 23 ? DeviceData.HIDDEN_MAC : DeviceData.WIFI_MAC;
    }

    public String getSSID() { return revealNetwork ? DeviceData.SSID : UNKNOWN_SSID; }
    public String getBSSID() { return revealNetwork ? DeviceData.BSSID : DeviceData.HIDDEN_MAC; }
    public int getIpAddress() { return DeviceData.IP_ADDRESS; }
    public int getRssi() { return DeviceData.RSSI; }
    public int getLinkSpeed() { return DeviceData.LINK_SPEED_MBPS; }
    public int getFrequency() { return DeviceData.FREQUENCY_MHZ; }
    public int getNetworkId() { return revealNetwork ? 0 : -1; }
    public boolean getHiddenSSID() { return false; }

    @Override
    public String toString() {
        return "SSID: " + getSSID() + ", BSSID: " + getBSSID() + ", MAC: " + getMacAddress()
            + ", RSSI: " + getRssi() + ", Link speed: " + getLinkSpeed() + LINK_SPEED_UNITS
            + ", Frequency: " + getFrequency() + FREQUENCY_UNITS + ", Net ID: " + getNetworkId();
    }
}
