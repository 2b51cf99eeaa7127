package com.example.quitspolling;

import android.app.Application;
import android.content.Context;
import android.location.Location;
import android.location.LocationManager;
import android.util.Log;

/**
 * Two threads poll the last known location (each hooked call hands the agent a fresh Java
 * object, whose wrapper the agent later releases), and the app quits with System.exit while they
 * still poll: the process must exit, and the calls made before it must be in the report.
 */
public class PollingApp extends Application {
    static final int CALLS_BEFORE_QUIT = 400;

    @Override
    public void onCreate() {
        super.onCreate();
        LocationManager lm = (LocationManager) getSystemService(Context.LOCATION_SERVICE);
        Object lock = new Object();
        int[] calls = {0};
        for (int t = 0; t < 2; t++) {
            Thread poller = new Thread(() -> {
                while (true) {
                    Location last = lm.getLastKnownLocation(LocationManager.GPS_PROVIDER);
                    synchronized (lock) {
                        calls[0]++;
                        lock.notifyAll();
                    }
                    if (last == null) {
                        Thread.yield();
                    }
                }
            }, "poller-" + t);
            poller.setDaemon(true);
            poller.start();
        }
        Thread quitter = new Thread(() -> {
            synchronized (lock) {
                while (calls[0] < CALLS_BEFORE_QUIT) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            Log.i("QuitsPolling", "quitting after " + CALLS_BEFORE_QUIT + " calls");
            // The last reads happen in a shutdown hook: their objects are released while the
            // JVM is on its way out, the moment at which a release must not stall the exit.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (int i = 0; i < 3000; i++) {
                    lm.getLastKnownLocation(LocationManager.GPS_PROVIDER);
                }
            }, "last-reads"));
            System.exit(0);
        }, "quitter");
        quitter.start();
    }
}
