package android.telephony;

/** An LTE cell. */
public final class CellInfoLte extends CellInfo {
    private final CellIdentityLte identity;
    private final CellSignalStrengthLte strength;

    CellInfoLte(boolean registered, CellIdentityLte identity, CellSignalStrengthLte strength) {
        super(registered);
        this.identity = identity;
        this.strength = strength;
    }

    public CellIdentityLte getCellIdentity() { return identity; }
    public CellSignalStrengthLte getCellSignalStrength() { return strength; }

    @Override
    public String toString() {
        return "CellInfoLte:{mRegistered=" + (isRegistered() ? "YES" : "NO") + " " + identity + " " + strength + "}";
    }
}
