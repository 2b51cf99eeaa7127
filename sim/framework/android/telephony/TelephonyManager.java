package android.telephony;

import android.content.Context;
import com.android.internal.sim.DeviceData;
import com.android.internal.sim.SimEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** The phone's identity, SIM and cell network, with the permission checks a device makes. */
public class TelephonyManager {
    public static final int PHONE_TYPE_NONE = 0;
    public static final int PHONE_TYPE_GSM = 1;
    public static final int PHONE_TYPE_CDMA = 2;
    public static final int PHONE_TYPE_SIP = 3;
    public static final int SIM_STATE_UNKNOWN = 0;
    public static final int SIM_STATE_ABSENT = 1;
    public static final int SIM_STATE_READY = 5;
    public static final int NETWORK_TYPE_UNKNOWN = 0;
    public static final int NETWORK_TYPE_GPRS = 1;
    public static final int NETWORK_TYPE_EDGE = 2;
    public static final int NETWORK_TYPE_UMTS = 3;
    public static final int NETWORK_TYPE_HSPA = 10;
    public static final int NETWORK_TYPE_LTE = 13;
    public static final int NETWORK_TYPE_NR = 20;
    public static final int DATA_DISCONNECTED = 0;
    public static final int DATA_CONNECTED = 2;
    public static final int CALL_STATE_IDLE = 0;
    public static final int CALL_STATE_RINGING = 1;
    public static final int CALL_STATE_OFFHOOK = 2;

    private static final String READ_PHONE_STATE = "android.permission.READ_PHONE_STATE";
    private static final String READ_PHONE_NUMBERS = "android.permission.READ_PHONE_NUMBERS";
    private static final String READ_SMS = "android.permission.READ_SMS";
    private static final String FINE = "android.permission.ACCESS_FINE_LOCATION";
    private static final String COARSE = "android.permission.ACCESS_COARSE_LOCATION";
    private static final String[] IMEIS = {DeviceData.IMEI_SLOT0, DeviceData.IMEI_SLOT1};

    private final Context context;

    /** @hide Apps obtain it from Context.getSystemService("phone"). */
    public TelephonyManager(Context context) {
        this.context = context;
    }

    public String getDeviceId() {
        SimEnv.enforceAny("getDeviceId", READ_PHONE_STATE);
        return IMEIS[0];
    }

    public String getDeviceId(int slotIndex) {
        SimEnv.enforceAny("getDeviceId", READ_PHONE_STATE);
        return imeiOf(slotIndex);
    }

    public String getImei() {
        SimEnv.enforceAny("getImei", READ_PHONE_STATE);
        return IMEIS[0];
    }

    public String getImei(int slotIndex) {
        SimEnv.enforceAny("getImei", READ_PHONE_STATE);
        return imeiOf(slotIndex);
    }

    public String getMeid() {
        SimEnv.enforceAny("getMeid", READ_PHONE_STATE);
        return DeviceData.MEID;
    }

    public String getMeid(int slotIndex) {
        SimEnv.enforceAny("getMeid", READ_PHONE_STATE);
        return slotIndex == 0 ? DeviceData.MEID : null;
    }

    public String getSubscriberId() {
        SimEnv.enforceAny("getSubscriberId", READ_PHONE_STATE);
        return DeviceData.IMSI;
    }

    public String getSimSerialNumber() {
        SimEnv.enforceAny("getSimSerialNumber", READ_PHONE_STATE);
        return DeviceData.ICCID;
    }

    public String getLine1Number() {
        SimEnv.enforceAny("getLine1Number", READ_PHONE_STATE, READ_PHONE_NUMBERS, READ_SMS);
        return DeviceData.LINE1_NUMBER;
    }

    public String getVoiceMailNumber() {
        SimEnv.enforceAny("getVoiceMailNumber", READ_PHONE_STATE);
        return DeviceData.VOICE_MAIL_NUMBER;
    }

    public String getDeviceSoftwareVersion() {
        SimEnv.enforceAny("getDeviceSoftwareVersion", READ_PHONE_STATE);
        return DeviceData.DEVICE_SOFTWARE_VERSION;
    }

    public String getNetworkOperator() { return DeviceData.NETWORK_OPERATOR; }
    public String getNetworkOperatorName() { return DeviceData.NETWORK_OPERATOR_NAME; }
    public String getNetworkCountryIso() { return DeviceData.COUNTRY_ISO; }
    public String getSimOperator() { return DeviceData.NETWORK_OPERATOR; }
    public String getSimOperatorName() { return DeviceData.NETWORK_OPERATOR_NAME; }
    public String getSimCountryIso() { return DeviceData.COUNTRY_ISO; }
    public int getPhoneType() { return PHONE_TYPE_GSM; }
    public int getPhoneCount() { return IMEIS.length; }
    public int getSimState() { return SIM_STATE_READY; }
    public int getNetworkType() { return NETWORK_TYPE_LTE; }
    public int getDataState() { return DATA_CONNECTED; }
    public int getCallState() { return CALL_STATE_IDLE; }
    public boolean isNetworkRoaming() { return false; }
    public boolean hasIccCard() { return true; }

    public int getDataNetworkType() {
        SimEnv.enforceAny("getDataNetworkType", READ_PHONE_STATE);
        return NETWORK_TYPE_LTE;
    }

    /** @deprecated as on Android; still answered by devices up to API 29. */
    @Deprecated
    /** The device's SIM cards (API 29); the simulated device has one, in slot 0. */
    public List<UiccCardInfo> getUiccCardsInfo() {
        List<UiccCardInfo> out = new ArrayList<>();
        out.add(UiccCardInfo.first());
        return out;
    }

    public CellLocation getCellLocation() {
        SimEnv.enforceAny("getCellLocation", FINE, COARSE);
        return cellLocation();
    }

    public List<CellInfo> getAllCellInfo() {
        SimEnv.enforceAny("getAllCellInfo", FINE, COARSE);
        return cells();
    }

    /** Fresh cell info, delivered once through the executor. */
    public void requestCellInfoUpdate(Executor executor, CellInfoCallback callback) {
        SimEnv.enforceAny("requestCellInfoUpdate", FINE, COARSE);
        List<CellInfo> cells = cells();
        executor.execute(() -> callback.onCellInfo(cells));
    }

    /** @deprecated as on Android (removed from the SDK at API 29); the one GSM neighbour. */
    @Deprecated
    public List<NeighboringCellInfo> getNeighboringCellInfo() {
        SimEnv.enforceAny("getNeighboringCellInfo", FINE, COARSE);
        List<NeighboringCellInfo> out = new ArrayList<>();
        out.add(new NeighboringCellInfo(NEIGHBOUR_ASU, NEIGHBOUR_CID, NEIGHBOUR_LAC));
        return out;
    }

    public ServiceState getServiceState() {
        SimEnv.enforceAny("getServiceState", READ_PHONE_STATE);
        return new ServiceState();
    }

    /**
     * Registers for state changes. Each requested event is reported once, on the listener's
     * executor, with the device's current (unchanging) state.
     */
    public void listen(PhoneStateListener listener, int events) {
        if (listener == null) return;
        if ((events & (PhoneStateListener.LISTEN_CELL_LOCATION | PhoneStateListener.LISTEN_CELL_INFO)) != 0) {
            SimEnv.enforceAny("listen", FINE, COARSE);
        }
        if ((events & PhoneStateListener.LISTEN_SERVICE_STATE) != 0) {
            listener.executor.execute(() -> listener.onServiceStateChanged(new ServiceState()));
        }
        if ((events & PhoneStateListener.LISTEN_CALL_STATE) != 0) {
            listener.executor.execute(() -> listener.onCallStateChanged(CALL_STATE_IDLE, ""));
        }
        if ((events & PhoneStateListener.LISTEN_CELL_LOCATION) != 0) {
            listener.executor.execute(() -> listener.onCellLocationChanged(cellLocation()));
        }
        if ((events & PhoneStateListener.LISTEN_SIGNAL_STRENGTHS) != 0) {
            listener.executor.execute(() -> listener.onSignalStrengthsChanged(new SignalStrength()));
        }
        if ((events & PhoneStateListener.LISTEN_CELL_INFO) != 0) {
            listener.executor.execute(() -> listener.onCellInfoChanged(cells()));
        }
        if ((events & PhoneStateListener.LISTEN_DATA_CONNECTION_STATE) != 0) {
            listener.executor.execute(() -> listener.onDataConnectionStateChanged(DATA_CONNECTED, NETWORK_TYPE_LTE));
        }
    }

    /** Receives the answer of requestCellInfoUpdate. */
    public abstract static class CellInfoCallback {
        public static final int ERROR_TIMEOUT = 1;
        public static final int ERROR_MODEM_ERROR = 2;

        public CellInfoCallback() {}

        public abstract void onCellInfo(List<CellInfo> cellInfo);

        public void onError(int errorCode, Throwable detail) {}
    }

    private static final int NEIGHBOUR_LAC = 9365;
    private static final int NEIGHBOUR_CID = 17521;
    private static final int NEIGHBOUR_ASU = 12;

    private static CellLocation cellLocation() {
        android.telephony.gsm.GsmCellLocation cell = new android.telephony.gsm.GsmCellLocation();
        cell.setLacAndCid(DeviceData.CELL_LAC, DeviceData.CELL_CID);
        return cell;
    }

    /** The serving LTE cell and one GSM neighbour. */
    private static List<CellInfo> cells() {
        String mcc = DeviceData.NETWORK_OPERATOR.substring(0, 3);
        String mnc = DeviceData.NETWORK_OPERATOR.substring(3);
        CellIdentityLte identity = new CellIdentityLte(DeviceData.CELL_CID, DeviceData.CELL_PCI,
            DeviceData.CELL_LAC, 1850, mcc, mnc, DeviceData.NETWORK_OPERATOR_NAME);
        CellInfoLte serving = new CellInfoLte(true, identity, new CellSignalStrengthLte(DeviceData.CELL_DBM));
        CellIdentityGsm neighbourId = new CellIdentityGsm(NEIGHBOUR_LAC, NEIGHBOUR_CID, 60, mcc, mnc, null);
        CellInfoGsm neighbour = new CellInfoGsm(false, neighbourId, new CellSignalStrengthGsm(2 * NEIGHBOUR_ASU - 113));
        List<CellInfo> out = new ArrayList<>();
        out.add(serving);
        out.add(neighbour);
        return out;
    }

    private static String imeiOf(int slotIndex) {
        return slotIndex >= 0 && slotIndex < IMEIS.length ? IMEIS[slotIndex] : null;
    }
}
