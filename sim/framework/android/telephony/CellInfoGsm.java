package android.telephony;

/** A GSM cell. */
public final class CellInfoGsm extends CellInfo {
    private final CellIdentityGsm identity;
    private final CellSignalStrengthGsm strength;

    CellInfoGsm(boolean registered, CellIdentityGsm identity, CellSignalStrengthGsm strength) {
        super(registered);
        this.identity = identity;
        this.strength = strength;
    }

    public CellIdentityGsm getCellIdentity() { return identity; }
    public CellSignalStrengthGsm getCellSignalStrength() { return strength; }

    @Override
    public String toString() {
        return "CellInfoGsm:{mRegistered=" + (isRegistered() ? "YES" : "NO") + " " + identity + " " + strength + "}";
    }
}
