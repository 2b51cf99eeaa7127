package android.telephony;

import com.android.internal.sim.DeviceData;

/** Registration state of the phone on the cellular network. */
public class ServiceState {
    public static final int STATE_IN_SERVICE = 0;
    public static final int STATE_OUT_OF_SERVICE = 1;
    public static final int STATE_EMERGENCY_ONLY = 2;
    public static final int STATE_POWER_OFF = 3;

    private int state = STATE_IN_SERVICE;
    private String operatorAlphaLong = DeviceData.NETWORK_OPERATOR_NAME;
    private String operatorNumeric = DeviceData.NETWORK_OPERATOR;
    private boolean roaming;

    public ServiceState() {}

    public ServiceState(ServiceState s) {
        state = s.state;
        operatorAlphaLong = s.operatorAlphaLong;
        operatorNumeric = s.operatorNumeric;
        roaming = s.roaming;
    }

    public int getState() { return state; }
    public boolean getRoaming() { return roaming; }
    public String getOperatorAlphaLong() { return operatorAlphaLong; }
    public String getOperatorAlphaShort() { return operatorAlphaLong; }
    public String getOperatorNumeric() { return operatorNumeric; }
    public boolean getIsManualSelection() { return false; }
    public void setStateOutOfService() { state = STATE_OUT_OF_SERVICE; }
    public void setStateOff() { state = STATE_POWER_OFF; }

    @Override
    public String toString() {
        return "{mVoiceRegState=" + state + " " + operatorAlphaLong + " " + operatorNumeric + " roaming=" + roaming + "}";
    }
}
