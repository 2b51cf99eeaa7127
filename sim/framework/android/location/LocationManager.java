package android.location;

import android.content.Context;
import android.os.Handler;
import android.os.Looper;
import com.android.internal.sim.DeviceData;
import com.android.internal.sim.SimEnv;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Location providers of the simulated device. Every provider reports the fixed device location.
 * Updates are posted to the Looper the app names, else the calling thread's, else the main one:
 * the first soon after
 * the request, then every minTime (at least {@link DeviceData#MIN_UPDATE_INTERVAL_MS}), up to
 * {@link DeviceData#MAX_LOCATION_UPDATES} per request, until removeUpdates.
 */
public class LocationManager {
    public static final String GPS_PROVIDER = "gps";
    public static final String NETWORK_PROVIDER = "network";
    public static final String PASSIVE_PROVIDER = "passive";
    public static final String FUSED_PROVIDER = "fused";
    public static final String KEY_LOCATION_CHANGED = "location";
    public static final String KEY_PROVIDER_ENABLED = "providerEnabled";
    public static final String KEY_STATUS_CHANGED = "status";
    public static final String PROVIDERS_CHANGED_ACTION = "android.location.PROVIDERS_CHANGED";
    public static final String MODE_CHANGED_ACTION = "android.location.MODE_CHANGED";

    private static final List<String> PROVIDERS = List.of(GPS_PROVIDER, NETWORK_PROVIDER, PASSIVE_PROVIDER);
    private static final String FINE = "android.permission.ACCESS_FINE_LOCATION";
    private static final String COARSE = "android.permission.ACCESS_COARSE_LOCATION";

    private final Context context;
    private final Map<LocationListener, Delivery> active = new IdentityHashMap<>();

    /** @hide Apps obtain it from Context.getSystemService("location"). */
    public LocationManager(Context context) {
        this.context = context;
    }

    public List<String> getAllProviders() { return new ArrayList<>(PROVIDERS); }

    public List<String> getProviders(boolean enabledOnly) {
        return hasLocationPermission() ? new ArrayList<>(PROVIDERS) : new ArrayList<>();
    }

    public String getBestProvider(Criteria criteria, boolean enabledOnly) {
        if (!hasLocationPermission()) return null;
        return criteria != null && criteria.getAccuracy() == Criteria.ACCURACY_COARSE ? NETWORK_PROVIDER : GPS_PROVIDER;
    }

    public boolean isProviderEnabled(String provider) {
        checkProvider(provider);
        return PROVIDERS.contains(provider);
    }

    public boolean isLocationEnabled() { return true; }

    public Location getLastKnownLocation(String provider) {
        SimEnv.enforceAny("getLastKnownLocation", FINE, COARSE);
        checkProvider(provider);
        if (!PROVIDERS.contains(provider)) return null;
        Location location = fix(provider);
        location.setTime(DeviceData.LAST_FIX_TIME_MS);
        return location;
    }

    public void requestLocationUpdates(String provider, long minTimeMs, float minDistanceM, LocationListener listener) {
        requestLocationUpdates(provider, minTimeMs, minDistanceM, listener, null);
    }

    public void requestLocationUpdates(String provider, long minTimeMs, float minDistanceM,
                                       LocationListener listener, Looper looper) {
        SimEnv.enforceAny("requestLocationUpdates", FINE, COARSE);
        start(provider, listener, looper, minTimeMs, DeviceData.MAX_LOCATION_UPDATES);
    }

    public void requestSingleUpdate(String provider, LocationListener listener, Looper looper) {
        SimEnv.enforceAny("requestSingleUpdate", FINE, COARSE);
        start(provider, listener, looper, 0, 1);
    }

    public void removeUpdates(LocationListener listener) {
        if (listener == null) throw new IllegalArgumentException("invalid null listener");
        Delivery delivery;
        synchronized (active) {
            delivery = active.remove(listener);
        }
        if (delivery != null) delivery.cancel();
    }

    private void start(String provider, LocationListener listener, Looper looper, long minTimeMs, int count) {
        checkProvider(provider);
        if (!PROVIDERS.contains(provider)) throw new IllegalArgumentException("provider doesn't exist: " + provider);
        if (listener == null) throw new IllegalArgumentException("invalid null listener");
        // Android delivers on the calling thread's Looper; a thread without one gets the main
        // Looper here instead of the RuntimeException a device throws, so no update is lost.
        Looper target = looper != null ? looper : Looper.myLooper() != null ? Looper.myLooper() : Looper.getMainLooper();
        long interval = Math.max(minTimeMs, DeviceData.MIN_UPDATE_INTERVAL_MS);
        Delivery delivery = new Delivery(new Handler(target), provider, listener, interval, count);
        Delivery previous;
        synchronized (active) {
            previous = active.put(listener, delivery);
        }
        // A second request for the same listener replaces the first, as on Android.
        if (previous != null) previous.cancel();
        delivery.schedule(DeviceData.FIRST_FIX_DELAY_MS);
    }

    private final class Delivery implements Runnable {
        private final Handler handler;
        private final String provider;
        private final LocationListener listener;
        private final long intervalMs;
        private int remaining;
        private volatile boolean cancelled;

        Delivery(Handler handler, String provider, LocationListener listener, long intervalMs, int count) {
            this.handler = handler;
            this.provider = provider;
            this.listener = listener;
            this.intervalMs = intervalMs;
            this.remaining = count;
        }

        void schedule(long delayMs) { handler.postDelayed(this, delayMs); }

        void cancel() {
            cancelled = true;
            handler.removeCallbacks(this);
        }

        @Override
        public void run() {
            if (cancelled) return;
            remaining--;
            if (remaining > 0) {
                schedule(intervalMs);
            } else {
                synchronized (active) {
                    active.remove(listener, this);
                }
            }
            listener.onLocationChanged(fix(provider));
        }
    }

    private static Location fix(String provider) {
        Location location = new Location(provider);
        location.setLatitude(DeviceData.LATITUDE);
        location.setLongitude(DeviceData.LONGITUDE);
        location.setAltitude(DeviceData.ALTITUDE);
        location.setAccuracy(DeviceData.ACCURACY_M);
        location.setTime(System.currentTimeMillis());
        location.setElapsedRealtimeNanos(System.nanoTime());
        return location;
    }

    private static void checkProvider(String provider) {
        if (provider == null) throw new IllegalArgumentException("invalid provider: null");
    }

    private static boolean hasLocationPermission() {
        return SimEnv.isGranted(FINE) || SimEnv.isGranted(COARSE);
    }
}
