package android.telephony;

/** LTE signal strength (RSRP in dBm). */
public final class CellSignalStrengthLte extends CellSignalStrength {
    private final int rsrp;

    CellSignalStrengthLte(int rsrp) {
        this.rsrp = rsrp;
    }

    @Override
    public int getDbm() { return rsrp; }

    @Override
    public int getAsuLevel() { return rsrp + 140; }

    /** Thresholds of the AOSP default RSRP level table. */
    @Override
    public int getLevel() {
        if (rsrp >= -95) return SIGNAL_STRENGTH_GREAT;
        if (rsrp >= -105) return SIGNAL_STRENGTH_GOOD;
        if (rsrp >= -115) return SIGNAL_STRENGTH_MODERATE;
        if (rsrp >= -140) return SIGNAL_STRENGTH_POOR;
        return SIGNAL_STRENGTH_NONE_OR_UNKNOWN;
    }

    public int getRsrp() { return rsrp; }

    @Override
    public String toString() { return "CellSignalStrengthLte: rsrp=" + rsrp + " level=" + getLevel(); }
}
