package android.telephony;

/** One active SIM subscription. */
public class SubscriptionInfo {
    private final int id;
    private final String iccId;
    private final int simSlotIndex;
    private final CharSequence displayName;
    private final CharSequence carrierName;
    private final String number;
    private final String mcc;
    private final String mnc;
    private final String countryIso;

    SubscriptionInfo(int id, String iccId, int simSlotIndex, CharSequence displayName, CharSequence carrierName,
                     String number, String mcc, String mnc, String countryIso) {
        this.id = id;
        this.iccId = iccId;
        this.simSlotIndex = simSlotIndex;
        this.displayName = displayName;
        this.carrierName = carrierName;
        this.number = number;
        this.mcc = mcc;
        this.mnc = mnc;
        this.countryIso = countryIso;
    }

    public int getSubscriptionId() { return id; }
    public String getIccId() { return iccId; }
    public int getSimSlotIndex() { return simSlotIndex; }
    public CharSequence getDisplayName() { return displayName; }
    public CharSequence getCarrierName() { return carrierName; }
    @Deprecated public String getNumber() { return number; }
    public String getMccString() { return mcc; }
    public String getMncString() { return mnc; }
    @Deprecated public int getMcc() { return Integer.parseInt(mcc); }
    @Deprecated public int getMnc() { return Integer.parseInt(mnc); }
    public String getCountryIso() { return countryIso; }
    public boolean isEmbedded() { return false; }

    @Override
    public String toString() {
        return "{id=" + id + " iccId=" + iccId + " simSlotIndex=" + simSlotIndex + " carrierName=" + carrierName + "}";
    }
}
