package com.example.linked;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;

/** Registered for BOOT_COMPLETED: the app wakes itself when the phone starts (self_start). */
public class BootReceiver extends BroadcastReceiver {
    @Override
    public void onReceive(Context context, Intent intent) {
        context.startService(new Intent().setClassName("com.example.linked", "com.example.linked.Sync"));
    }
}
