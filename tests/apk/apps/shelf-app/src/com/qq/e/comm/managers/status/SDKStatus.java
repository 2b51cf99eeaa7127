package com.qq.e.comm.managers.status;

import android.content.Context;

/** Holds the SDK's process-wide configuration. */
public final class SDKStatus {
    private static final SDKStatus INSTANCE = new SDKStatus();
    private Context context;
    private String appId;

    private SDKStatus() {}

    public static SDKStatus getInstance() { return INSTANCE; }

    public void attach(Context context, String appId) {
        this.context = context;
        this.appId = appId;
    }

    public Context getContext() { return context; }

    public String getAppId() { return appId; }
}
