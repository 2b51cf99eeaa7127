package com.example.catalogapp;

import android.app.Application;
import android.content.Context;
import android.content.Intent;

import java.util.concurrent.TimeUnit;

/**
 * Runs the probes in every place app code runs early: the class initialiser, attachBaseContext,
 * onCreate (directly and by reflection), a worker thread, callbacks, and (ProbeService) another
 * process. Every process of the app runs this class, the ":probe" one too.
 */
public class CatalogApp extends Application {
    static {
        Probe.contextFree("clinit");
    }

    @Override
    protected void attachBaseContext(Context base) {
        super.attachBaseContext(base);
        Probe.contextFree("attach");
        Probe.withContext("attach", base);
    }

    @Override
    public void onCreate() {
        super.onCreate();
        if (!getPackageName().equals(Application.getProcessName())) {
            return; // the :probe process: ProbeService takes it from here
        }
        Probe.contextFree("main");
        Probe.withContext("main", this);
        try {
            Reflective.run("reflect", this);
        } catch (Exception e) {
            Results.note("reflect", "failed", e.toString());
        }
        Callbacks.start(this);
        Results.call("main", "context.startService", () -> startService(new Intent(this, ProbeService.class)));
        final ProbeThread worker = new ProbeThread(this);
        worker.start();
        Thread finisher = new Thread("probe-finisher") {
            @Override
            public void run() {
                try {
                    worker.join(10_000);
                    boolean all = Callbacks.arrived.await(10, TimeUnit.SECONDS);
                    Results.finish(all ? "main" : "main-missing-" + Callbacks.arrived.getCount() + "-callbacks");
                } catch (InterruptedException e) {
                    Results.finish("main-interrupted");
                }
            }
        };
        finisher.start();
    }
}
