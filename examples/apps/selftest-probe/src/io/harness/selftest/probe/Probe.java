package io.harness.selftest.probe;

import android.content.Context;
import android.net.wifi.WifiManager;
import android.provider.Settings;
import android.telephony.TelephonyManager;
import android.util.Log;

/** The main process's calls (harness/selftest/probe.yaml); each one may be refused. */
final class Probe {
    static final String TAG = "HarnessProbe";

    private Probe() {}

    static void collectMain(Context context) {
        try {
            TelephonyManager tm =
                    (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
            Log.i(TAG, "getDeviceId " + (tm.getDeviceId() != null));
        } catch (RuntimeException e) {
            Log.i(TAG, "getDeviceId refused: " + e);
        }
        try {
            String id = Settings.Secure.getString(
                    context.getContentResolver(), Settings.Secure.ANDROID_ID);
            Log.i(TAG, "android_id " + (id != null));
        } catch (RuntimeException e) {
            Log.i(TAG, "getString refused: " + e);
        }
        try {
            WifiManager wifi = (WifiManager) context.getSystemService(Context.WIFI_SERVICE);
            Log.i(TAG, "mac " + (wifi.getConnectionInfo().getMacAddress() != null));
        } catch (RuntimeException e) {
            Log.i(TAG, "getMacAddress refused: " + e);
        }
    }
}
