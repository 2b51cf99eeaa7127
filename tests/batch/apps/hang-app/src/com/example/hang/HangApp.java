package com.example.hang;

import android.app.Application;
import android.content.Context;
import android.telephony.TelephonyManager;

/** Reads the IMEI, then never returns from onCreate: the main thread hangs, no UI ever shows. */
public class HangApp extends Application {
    @Override
    public void onCreate() {
        super.onCreate();
        TelephonyManager tm = (TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
        System.out.println("imei=" + tm.getDeviceId());
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                // keep hanging, as a stuck app does
            }
        }
    }
}
