package com.bun.miitmdid.core;

import android.content.Context;

import com.bun.miitmdid.interfaces.IIdentifierListener;
import com.bun.miitmdid.interfaces.IdSupplier;

/** Stand-in for the MSA OAID SDK's entry point (real name and signature). */
public class MdidSdkHelper {
    public static final int INIT_RESULT_OK = 1008614;

    public static int InitSdk(Context context, boolean isSdkLogOn, IIdentifierListener listener) {
        listener.OnSupport(true, new IdSupplier() {
            @Override
            public boolean isSupported() {
                return true;
            }

            @Override
            public String getOAID() {
                return "5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e";
            }
        });
        return INIT_RESULT_OK;
    }
}
