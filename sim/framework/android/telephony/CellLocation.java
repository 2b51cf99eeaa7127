package android.telephony;

/** Abstract cell location, as returned by TelephonyManager.getCellLocation(). */
public abstract class CellLocation {
    public CellLocation() {}

    public static void requestLocationUpdate() {
        // The simulated modem's location never changes, so there is nothing to refresh.
    }

    public static CellLocation getEmpty() {
        return new android.telephony.gsm.GsmCellLocation();
    }
}
