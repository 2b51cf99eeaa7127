package com.example.catalogapp;

import android.app.Service;
import android.content.Intent;
import android.os.IBinder;

/** Runs in the ":probe" process (see AndroidManifest.xml). */
public class ProbeService extends Service {
    @Override
    public int onStartCommand(Intent intent, int flags, int startId) {
        Probe.contextFree("service");
        Probe.withContext("service", this);
        Results.finish("probe");
        return START_NOT_STICKY;
    }

    @Override
    public IBinder onBind(Intent intent) {
        return null;
    }
}
