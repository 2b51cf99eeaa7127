package cn.jpush.android.service;

import android.app.Service;
import android.content.Context;
import android.content.Intent;
import android.os.Handler;
import android.os.IBinder;
import android.os.Looper;
import android.telephony.TelephonyManager;
import android.util.Log;

/** The push connection service; runs in the app's ":push" process. */
public class PushService extends Service {
    private static final String TAG = "JIGUANG-JCore";

    @Override
    public void onCreate() {
        super.onCreate();
        Log.i(TAG, "push service created in " + android.app.Application.getProcessName());
    }

    @Override
    public int onStartCommand(Intent intent, int flags, int startId) {
        // Registration runs on the next loop turn, as the SDK's own handler does.
        new Handler(Looper.getMainLooper()).post(new Runnable() {
            @Override
            public void run() {
                register();
            }
        });
        return START_STICKY;
    }

    private void register() {
        TelephonyManager tm = (TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
        String imei;
        try {
            imei = tm.getImei();
        } catch (SecurityException e) {
            imei = "";
        }
        Log.i(TAG, "register with device id " + imei);
        RegisterClient.registerAsync(imei);
    }

    @Override
    public IBinder onBind(Intent intent) {
        return null;
    }
}
