package android.telephony;

/** A neighbouring GSM cell (the pre-API 29 way to read them). */
@Deprecated
public class NeighboringCellInfo {
    public static final int UNKNOWN_RSSI = 99;
    public static final int UNKNOWN_CID = -1;

    private final int rssi;
    private final int cid;
    private final int lac;

    NeighboringCellInfo(int rssi, int cid, int lac) {
        this.rssi = rssi;
        this.cid = cid;
        this.lac = lac;
    }

    public int getRssi() { return rssi; }
    public int getCid() { return cid; }
    public int getLac() { return lac; }
    public int getPsc() { return -1; }
    public int getNetworkType() { return TelephonyManager.NETWORK_TYPE_EDGE; }

    @Override
    public String toString() { return "[" + Integer.toHexString(lac) + Integer.toHexString(cid) + " at " + rssi + "]"; }
}
