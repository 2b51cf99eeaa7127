package com.example.partner;

import android.app.Service;
import android.content.Intent;
import android.os.IBinder;

/** Started (and bound) by another app by an explicit component. */
public class PushService extends Service {
    @Override
    public int onStartCommand(Intent intent, int flags, int startId) {
        Woken.by(this, "service" + startId, String.valueOf(intent));
        return START_NOT_STICKY;
    }

    @Override
    public IBinder onBind(Intent intent) {
        return null;
    }
}
