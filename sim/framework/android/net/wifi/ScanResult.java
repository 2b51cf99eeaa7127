package android.net.wifi;

/** One access point seen by a Wi-Fi scan. */
public class ScanResult {
    public String SSID;
    public String BSSID;
    public String capabilities;
    public int level;
    public int frequency;
    /** Microseconds since boot when the access point was last seen. */
    public long timestamp;

    ScanResult(String ssid, String bssid, String capabilities, int level, int frequency) {
        this.SSID = ssid;
        this.BSSID = bssid;
        this.capabilities = capabilities;
        this.level = level;
        this.frequency = frequency;
        this.timestamp = System.nanoTime() / 1000L;
    }

    public ScanResult(ScanResult source) {
        this(source.SSID, source.BSSID, source.capabilities, source.level, source.frequency);
        this.timestamp = source.timestamp;
    }

    @Override
    public String toString() {
        return "SSID: " + SSID + ", BSSID: " + BSSID + ", capabilities: " + capabilities
            + ", level: " + level + ", frequency: " + frequency + ", timestamp: " + timestamp;
    }
}
