package com.test.lifecycle;

import android.app.Application;
import android.content.Context;
import android.provider.Settings;
import android.util.Log;

/** Logs every lifecycle step with its thread, and reads ANDROID_ID as early as an app can. */
public class ProbeApp extends Application {
    static {
        Log.i("Probe", "static-init thread=" + Thread.currentThread().getName());
    }

    @Override
    protected void attachBaseContext(Context base) {
        super.attachBaseContext(base);
        String id = Settings.Secure.getString(base.getContentResolver(), Settings.Secure.ANDROID_ID);
        Log.i("Probe", "attachBaseContext thread=" + Thread.currentThread().getName() + " aid=" + id);
    }

    @Override
    public void onCreate() {
        super.onCreate();
        Log.i("Probe", "app.onCreate thread=" + Thread.currentThread().getName()
                + " process=" + Application.getProcessName());
    }
}
