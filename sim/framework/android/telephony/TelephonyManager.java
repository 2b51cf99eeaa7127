package android.telephony;

import android.content.Context;
import com.android.internal.sim.DeviceData;
import com.android.internal.sim.SimEnv;
import java.util.List;

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
    public CellLocation getCellLocation() {
        SimEnv.enforceAny("getCellLocation", FINE, COARSE);
        android.telephony.gsm.GsmCellLocation cell = new android.telephony.gsm.GsmCellLocation();
        cell.setLacAndCid(DeviceData.CELL_LAC, DeviceData.CELL_CID);
        return cell;
    }

    public List<CellInfo> getAllCellInfo() {
        SimEnv.enforceAny("getAllCellInfo", FINE, COARSE);
        String mcc = DeviceData.NETWORK_OPERATOR.substring(0, 3);
        String mnc = DeviceData.NETWORK_OPERATOR.substring(3);
        CellIdentityLte identity = new CellIdentityLte(DeviceData.CELL_CID, DeviceData.CELL_PCI,
            DeviceData.CELL_LAC, 1850, mcc, mnc, DeviceData.NETWORK_OPERATOR_NAME);
        CellInfoLte serving = new CellInfoLte(true, identity, new CellSignalStrengthLte(DeviceData.CELL_DBM));
        CellIdentityLte neighbourId = new CellIdentityLte(Integer.MAX_VALUE, 87,
            Integer.MAX_VALUE, 1850, null, null, null);
        CellInfoLte neighbour = new CellInfoLte(false, neighbourId, new CellSignalStrengthLte(-104));
        return new java.util.ArrayList<>(List.of(serving, neighbour));
    }

    private static String imeiOf(int slotIndex) {
        return slotIndex >= 0 && slotIndex < IMEIS.length ? IMEIS[slotIndex] : null;
    }
}
