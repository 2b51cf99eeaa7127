package com.example.partner;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;

/** Receives another app's explicit broadcast (by package). */
public class WakeReceiver extends BroadcastReceiver {
    @Override
    public void onReceive(Context context, Intent intent) {
        Woken.by(context, "receiver", String.valueOf(intent));
    }
}
