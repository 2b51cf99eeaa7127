package com.qq.e.comm.managers;

import android.content.Context;

import com.qq.e.comm.managers.status.SDKStatus;

/** Public entry point of the (fake) GDT ad SDK. */
public final class GDTAdSdk {
    private static volatile boolean initialized;

    private GDTAdSdk() {}

    public static void init(Context context, String appId) {
        if (initialized) return;
        initialized = true;
        Context app = context.getApplicationContext();
        SDKStatus.getInstance().attach(app, appId);
        new DeviceStatus(app).collectNow();
        DeviceStatus.collectInBackground(app);
    }
}
