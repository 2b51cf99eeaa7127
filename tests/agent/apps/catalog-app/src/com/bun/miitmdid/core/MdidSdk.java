package com.bun.miitmdid.core;

import android.content.Context;

import com.bun.miitmdid.interfaces.IIdentifierListener;

/** Stand-in for the older MSA OAID SDK entry point (an instance method). */
public class MdidSdk {
    public int InitSdk(Context context, IIdentifierListener listener) {
        return MdidSdkHelper.InitSdk(context, false, listener);
    }
}
