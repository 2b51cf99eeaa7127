package android.telephony;

import android.os.Handler;
import android.os.Looper;
import java.util.List;
import java.util.concurrent.Executor;

/** Receives telephony state changes registered with TelephonyManager.listen. */
public class PhoneStateListener {
    public static final int LISTEN_NONE = 0;
    public static final int LISTEN_SERVICE_STATE = 0x00000001;
    @Deprecated public static final int LISTEN_SIGNAL_STRENGTH = 0x00000002;
    public static final int LISTEN_MESSAGE_WAITING_INDICATOR = 0x00000004;
    public static final int LISTEN_CALL_FORWARDING_INDICATOR = 0x00000008;
    public static final int LISTEN_CELL_LOCATION = 0x00000010;
    public static final int LISTEN_CALL_STATE = 0x00000020;
    public static final int LISTEN_DATA_CONNECTION_STATE = 0x00000040;
    public static final int LISTEN_DATA_ACTIVITY = 0x00000080;
    public static final int LISTEN_SIGNAL_STRENGTHS = 0x00000100;
    public static final int LISTEN_CELL_INFO = 0x00000400;

    final Executor executor;

    /** Callbacks run on the constructing thread's Looper (the main one if it has none). */
    public PhoneStateListener() {
        Looper looper = Looper.myLooper() != null ? Looper.myLooper() : Looper.getMainLooper();
        Handler handler = new Handler(looper);
        this.executor = handler::post;
    }

    public PhoneStateListener(Executor executor) {
        this.executor = executor;
    }

    public void onServiceStateChanged(ServiceState serviceState) {}
    @Deprecated public void onSignalStrengthChanged(int asu) {}
    public void onMessageWaitingIndicatorChanged(boolean mwi) {}
    public void onCallForwardingIndicatorChanged(boolean cfi) {}
    public void onCellLocationChanged(CellLocation location) {}
    public void onCallStateChanged(int state, String phoneNumber) {}
    public void onDataConnectionStateChanged(int state) {}
    public void onDataConnectionStateChanged(int state, int networkType) {}
    public void onDataActivity(int direction) {}
    public void onSignalStrengthsChanged(SignalStrength signalStrength) {}
    public void onCellInfoChanged(List<CellInfo> cellInfo) {}
}
