package android.telephony;

/** GSM signal strength (RSSI in dBm). */
public final class CellSignalStrengthGsm extends CellSignalStrength {
    private final int rssi;

    CellSignalStrengthGsm(int rssi) {
        this.rssi = rssi;
    }

    @Override
    public int getDbm() { return rssi; }

    /** GSM ASU: (dBm + 113) / 2. */
    @Override
    public int getAsuLevel() { return (rssi + 113) / 2; }

    @Override
    public int getLevel() {
        if (rssi >= -89) return SIGNAL_STRENGTH_GREAT;
        if (rssi >= -97) return SIGNAL_STRENGTH_GOOD;
        if (rssi >= -103) return SIGNAL_STRENGTH_MODERATE;
        if (rssi >= -107) return SIGNAL_STRENGTH_POOR;
        return SIGNAL_STRENGTH_NONE_OR_UNKNOWN;
    }

    @Override
    public String toString() { return "CellSignalStrengthGsm: rssi=" + rssi + " level=" + getLevel(); }
}
