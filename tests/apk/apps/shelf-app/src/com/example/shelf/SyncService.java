package com.example.shelf;

import android.app.Service;
import android.content.Intent;
import android.os.IBinder;

/** Declared in its own ":sync" process, but nothing starts it during a run. */
public class SyncService extends Service {
    @Override
    public IBinder onBind(Intent intent) {
        return null;
    }
}
