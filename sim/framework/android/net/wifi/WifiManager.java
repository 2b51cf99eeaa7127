package android.net.wifi;

import android.content.Context;
import android.net.DhcpInfo;
import com.android.internal.sim.DeviceData;
import com.android.internal.sim.SimEnv;
import java.util.ArrayList;
import java.util.List;

/**
 * Wi-Fi state. Like a device, it hides what reveals the user's location (scan results, configured
 * networks, the connected SSID/BSSID) from an app without a location permission: it returns
 * empty or redacted values instead of throwing.
 */
public class WifiManager {
    public static final int WIFI_STATE_DISABLING = 0;
    public static final int WIFI_STATE_DISABLED = 1;
    public static final int WIFI_STATE_ENABLING = 2;
    public static final int WIFI_STATE_ENABLED = 3;
    public static final int WIFI_STATE_UNKNOWN = 4;
    public static final String WIFI_STATE_CHANGED_ACTION = "android.net.wifi.WIFI_STATE_CHANGED";
    public static final String NETWORK_STATE_CHANGED_ACTION = "android.net.wifi.STATE_CHANGE";
    public static final String SCAN_RESULTS_AVAILABLE_ACTION = "android.net.wifi.SCAN_RESULTS";
    public static final String EXTRA_WIFI_STATE = "wifi_state";

    private final Context context;

    /** @hide Apps obtain it from Context.getSystemService("wifi"). */
    public WifiManager(Context context) {
        this.context = context;
    }

    public boolean isWifiEnabled() { return true; }
    public int getWifiState() { return WIFI_STATE_ENABLED; }

    @Deprecated
    public boolean startScan() { return true; }

    public WifiInfo getConnectionInfo() {
        return new WifiInfo(locationGranted());
    }

    public List<ScanResult> getScanResults() {
        List<ScanResult> results = new ArrayList<>();
        if (!locationGranted()) return results;
        for (String[] row : DeviceData.SCAN_RESULTS) {
            results.add(new ScanResult(row[0], row[1], row[2], Integer.parseInt(row[3]), Integer.parseInt(row[4])));
        }
        return results;
    }

    @Deprecated
    public List<WifiConfiguration> getConfiguredNetworks() {
        List<WifiConfiguration> networks = new ArrayList<>();
        if (!locationGranted()) return networks;
        WifiConfiguration home = new WifiConfiguration();
        home.networkId = 0;
        home.SSID = DeviceData.SSID;
        home.status = WifiConfiguration.Status.CURRENT;
        networks.add(home);
        return networks;
    }

    @Deprecated
    public DhcpInfo getDhcpInfo() {
        DhcpInfo info = new DhcpInfo();
        info.ipAddress = DeviceData.IP_ADDRESS;
        info.gateway = DeviceData.GATEWAY;
        info.serverAddress = DeviceData.GATEWAY;
        info.dns1 = DeviceData.GATEWAY;
        info.netmask = 0x00ffffff;
        info.leaseDuration = 86400;
        return info;
    }

    /** Android's bucketing of an RSSI into numLevels signal bars. */
    @Deprecated
    public static int calculateSignalLevel(int rssi, int numLevels) {
        int min = -100;
        int max = -55;
        if (rssi <= min) return 0;
        if (rssi >= max) return numLevels - 1;
        return (int) ((float) (rssi - min) * (numLevels - 1) / (max - min));
    }

    public static int compareSignalLevel(int rssiA, int rssiB) { return rssiA - rssiB; }

    static boolean locationGranted() {
        return SimEnv.apiLevel() < 27 || SimEnv.isGranted("android.permission.ACCESS_FINE_LOCATION")
            || SimEnv.isGranted("android.permission.ACCESS_COARSE_LOCATION");
    }
}
