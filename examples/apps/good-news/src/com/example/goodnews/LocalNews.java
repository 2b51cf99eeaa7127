package com.example.goodnews;

import android.content.Context;
import android.location.Location;
import android.location.LocationManager;
import android.provider.Settings;
import android.util.Log;

/** The personalised part: runs only once the user has agreed. */
final class LocalNews {
    private LocalNews() {}

    static String region(Context context) {
        String androidId = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        Log.i(GoodNewsApp.TAG, "device id for news sync: " + androidId);
        try {
            LocationManager lm = (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
            Location last = lm.getLastKnownLocation(LocationManager.GPS_PROVIDER);
            if (last != null) {
                return String.format("%.2f,%.2f", last.getLatitude(), last.getLongitude());
            }
        } catch (SecurityException e) {
            Log.w(GoodNewsApp.TAG, "no location permission: national news only");
        }
        return "全国";
    }
}
