package android.location;

import android.os.Bundle;

/** Receives location updates; the three status callbacks have default bodies as on API 30+. */
public interface LocationListener {
    void onLocationChanged(Location location);

    @Deprecated
    default void onStatusChanged(String provider, int status, Bundle extras) {}

    default void onProviderEnabled(String provider) {}

    default void onProviderDisabled(String provider) {}
}
