package android.telephony;

/** LTE cell identity: cell id (28 bits), physical cell id, tracking area code. */
public final class CellIdentityLte extends CellIdentity {
    private final int ci;
    private final int pci;
    private final int tac;
    private final int earfcn;

    CellIdentityLte(int ci, int pci, int tac, int earfcn, String mcc, String mnc, String alphaLong) {
        super(mcc, mnc, alphaLong);
        this.ci = ci;
        this.pci = pci;
        this.tac = tac;
        this.earfcn = earfcn;
    }

    public int getCi() { return ci; }
    public int getPci() { return pci; }
    public int getTac() { return tac; }
    public int getEarfcn() { return earfcn; }
    public String getMccString() { return mccString(); }
    public String getMncString() { return mncString(); }

    @Deprecated
    public int getMcc() { return mccString() == null ? Integer.MAX_VALUE : Integer.parseInt(mccString()); }

    @Deprecated
    public int getMnc() { return mncString() == null ? Integer.MAX_VALUE : Integer.parseInt(mncString()); }

    @Override
    public String toString() {
        return "CellIdentityLte:{ mCi=" + ci + " mPci=" + pci + " mTac=" + tac + " mEarfcn=" + earfcn
            + " mMcc=" + mccString() + " mMnc=" + mncString() + "}";
    }
}
