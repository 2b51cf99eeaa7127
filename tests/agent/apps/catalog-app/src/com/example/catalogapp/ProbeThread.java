package com.example.catalogapp;

import android.content.Context;

/** The probes on a thread of the app's own, as SDKs start them from Application.onCreate. */
final class ProbeThread extends Thread {
    private final Context ctx;

    ProbeThread(Context ctx) {
        super("probe-worker");
        this.ctx = ctx;
    }

    @Override
    public void run() {
        Probe.contextFree("thread");
        Probe.withContext("thread", ctx);
    }
}
