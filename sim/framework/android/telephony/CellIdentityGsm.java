package android.telephony;

/** GSM cell identity: location area code and cell id (16 bits each). */
public final class CellIdentityGsm extends CellIdentity {
    private final int lac;
    private final int cid;
    private final int arfcn;

    CellIdentityGsm(int lac, int cid, int arfcn, String mcc, String mnc, String alphaLong) {
        super(mcc, mnc, alphaLong);
        this.lac = lac;
        this.cid = cid;
        this.arfcn = arfcn;
    }

    public int getLac() { return lac; }
    public int getCid() { return cid; }
    public int getArfcn() { return arfcn; }
    public int getBsic() { return Integer.MAX_VALUE; }
    public String getMccString() { return mccString(); }
    public String getMncString() { return mncString(); }

    @Deprecated
    public int getMcc() { return mccString() == null ? Integer.MAX_VALUE : Integer.parseInt(mccString()); }

    @Deprecated
    public int getMnc() { return mncString() == null ? Integer.MAX_VALUE : Integer.parseInt(mncString()); }

    @Override
    public String toString() {
        return "CellIdentityGsm:{ mLac=" + lac + " mCid=" + cid + " mArfcn=" + arfcn
            + " mMcc=" + mccString() + " mMnc=" + mncString() + "}";
    }
}
