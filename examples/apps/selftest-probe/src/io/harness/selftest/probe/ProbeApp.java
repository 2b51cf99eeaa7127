package io.harness.selftest.probe;

import android.app.Application;
import android.content.Intent;

/** Calls the main process's probe APIs at start, then starts the ":probe" process's service. */
public class ProbeApp extends Application {
    @Override
    public void onCreate() {
        super.onCreate();
        if (getPackageName().equals(Application.getProcessName())) {
            Probe.collectMain(this);
            startService(new Intent(this, ProbeService.class));
        }
    }
}
