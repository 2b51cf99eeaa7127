package android.telephony;

import com.android.internal.sim.DeviceData;
import com.android.internal.sim.SimEnv;

/** One UICC (SIM card) of the device, as TelephonyManager.getUiccCardsInfo lists them (API 29). */
public final class UiccCardInfo {
    private final int mCardId;
    private final String mIccId;
    private final int mSlotIndex;

    UiccCardInfo(int cardId, String iccId, int slotIndex) {
        mCardId = cardId;
        mIccId = iccId;
        mSlotIndex = slotIndex;
    }

    public int getCardId() { return mCardId; }

    /**
     * The card's ICCID. Deprecated in API 30 (where apps get an empty string unless privileged);
     * the simulated device answers as API 29 did, to apps holding READ_PHONE_STATE.
     */
    @Deprecated
    public String getIccId() {
        SimEnv.enforceAny("getIccId", "android.permission.READ_PHONE_STATE");
        return mIccId;
    }

    public int getSlotIndex() { return mSlotIndex; }

    public boolean isEuicc() { return false; }

    public boolean isRemovable() { return true; }

    static UiccCardInfo first() { return new UiccCardInfo(0, DeviceData.ICCID, 0); }

    @Override public String toString() {
        return "{cardId=" + mCardId + ", iccId=" + (mIccId == null ? "null" : "***")
            + ", slotIndex=" + mSlotIndex + "}";
    }
}
