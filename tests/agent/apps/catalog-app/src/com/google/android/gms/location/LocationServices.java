package com.google.android.gms.location;

import android.content.Context;

/** Stand-in for Play services' entry point to the fused location client. */
public final class LocationServices {
    private LocationServices() {}

    public static FusedLocationProviderClient getFusedLocationProviderClient(Context context) {
        return new FusedLocationProviderClient(context);
    }
}
