package com.example.linked;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.provider.Settings;

/**
 * Registered for BOOT_COMPLETED: the app wakes itself when the phone starts (self_start) and
 * reads ANDROID_ID there, before the user has opened it again.
 */
public class BootReceiver extends BroadcastReceiver {
    @Override
    public void onReceive(Context context, Intent intent) {
        Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        context.getSharedPreferences("boot", Context.MODE_PRIVATE).edit()
                .putString("received", String.valueOf(intent)).commit();
    }
}
