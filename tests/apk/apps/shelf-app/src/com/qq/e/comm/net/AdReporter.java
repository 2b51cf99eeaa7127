package com.qq.e.comm.net;

/**
 * This app ships the GDT SDK's sources from examples/apps/ad-sdk-app (symbolic links: one copy
 * of the SDK for both apps) with its reporting switched off: the shelf test is about the SDK
 * inventory, not about what the SDK sends.
 */
public final class AdReporter {
    private AdReporter() {}

    public static void reportAsync(String imei, String androidId) {
        // reporting off in this build
    }
}
