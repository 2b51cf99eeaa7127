package android.telephony;

import com.android.internal.sim.DeviceData;

/** Signal strength of the serving cell. */
public class SignalStrength {
    SignalStrength() {}

    public int getLevel() { return new CellSignalStrengthLte(DeviceData.CELL_DBM).getLevel(); }

    @Deprecated
    public int getGsmSignalStrength() { return 99; }

    public boolean isGsm() { return true; }

    @Override
    public String toString() { return "SignalStrength:{mLte=" + new CellSignalStrengthLte(DeviceData.CELL_DBM) + "}"; }
}
