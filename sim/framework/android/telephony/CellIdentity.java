package android.telephony;

/** Identity of a cell, common part. */
public abstract class CellIdentity {
    private final String mcc;
    private final String mnc;
    private final String alphaLong;

    CellIdentity(String mcc, String mnc, String alphaLong) {
        this.mcc = mcc;
        this.mnc = mnc;
        this.alphaLong = alphaLong;
    }

    public CharSequence getOperatorAlphaLong() { return alphaLong; }
    public CharSequence getOperatorAlphaShort() { return alphaLong; }

    String mccString() { return mcc; }
    String mncString() { return mnc; }
}
