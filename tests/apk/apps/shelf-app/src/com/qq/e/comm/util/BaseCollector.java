package com.qq.e.comm.util;

import android.content.Context;
import android.provider.Settings;
import android.telephony.TelephonyManager;

/** Vendor base class: the reads go through here, as in real SDKs (attribution must see through it). */
public abstract class BaseCollector {
    protected final Context context;

    protected BaseCollector(Context context) {
        this.context = context;
    }

    protected String readImei() {
        try {
            TelephonyManager tm = (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
            return tm.getDeviceId();
        } catch (SecurityException e) {
            return "";
        }
    }

    protected String readAndroidId() {
        return Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
    }
}
