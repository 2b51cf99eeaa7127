package com.example.crashy;

import android.app.Application;
import android.content.Context;
import android.telephony.TelephonyManager;

/** Reads the IMEI at start-up, then crashes on the main thread shortly after. */
public class CrashyApp extends Application {
    @Override
    public void onCreate() {
        super.onCreate();
        TelephonyManager tm = (TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
        System.out.println("imei=" + tm.getDeviceId());
    }
}
