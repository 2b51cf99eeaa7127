package io.harness.selftest.probe;

import android.app.Service;
import android.content.Context;
import android.content.Intent;
import android.os.IBinder;
import android.telephony.TelephonyManager;
import android.util.Log;

/** Runs in the ":probe" process and calls its probe APIs when created. */
public class ProbeService extends Service {
    @Override
    public void onCreate() {
        super.onCreate();
        try {
            TelephonyManager tm = (TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
            Log.i(Probe.TAG, "getSubscriberId " + (tm.getSubscriberId() != null));
            Log.i(Probe.TAG, "getDeviceId " + (tm.getDeviceId() != null));
        } catch (RuntimeException e) {
            Log.i(Probe.TAG, "probe process refused: " + e);
        }
    }

    @Override
    public IBinder onBind(Intent intent) {
        return null;
    }
}
