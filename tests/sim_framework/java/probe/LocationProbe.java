package probe;

import android.content.Context;
import android.location.Location;
import android.location.LocationListener;
import android.location.LocationManager;
import android.os.Handler;
import android.os.Looper;
import java.util.concurrent.atomic.AtomicInteger;

/** Last known location, and repeated updates delivered on the main Looper until removeUpdates. */
public final class LocationProbe {
    public static void main(String[] args) {
        Looper.prepareMainLooper();
        Thread main = Thread.currentThread();
        Context ctx = Probe.context();
        LocationManager lm = (LocationManager) ctx.getSystemService(Context.LOCATION_SERVICE);

        Probe.grant();
        Probe.attempt("denied.getLastKnownLocation", () -> lm.getLastKnownLocation(LocationManager.GPS_PROVIDER));
        Probe.attempt("denied.requestLocationUpdates", () -> {
            lm.requestLocationUpdates(LocationManager.GPS_PROVIDER, 10L, 0f, l -> {});
            return "ok";
        });
        Probe.attempt("denied.getProviders", () -> lm.getProviders(true));

        Probe.grant("android.permission.ACCESS_FINE_LOCATION");
        Probe.attempt("granted.getLastKnownLocation", () -> {
            Location l = lm.getLastKnownLocation(LocationManager.GPS_PROVIDER);
            return l.getLatitude() + "," + l.getLongitude() + "," + l.getProvider() + "," + l.getTime();
        });
        Probe.attempt("granted.unknownProvider", () -> lm.getLastKnownLocation("bogus"));
        Probe.attempt("granted.nullProvider", () -> lm.getLastKnownLocation(null));
        Probe.attempt("granted.getProviders", () -> lm.getProviders(true));
        Probe.attempt("granted.constants", () -> LocationManager.GPS_PROVIDER + "," + LocationManager.NETWORK_PROVIDER);

        AtomicInteger updates = new AtomicInteger();
        AtomicInteger offMain = new AtomicInteger();
        AtomicInteger single = new AtomicInteger();
        LocationListener listener = new LocationListener() {
            @Override
            public void onLocationChanged(Location location) {
                if (Thread.currentThread() != main) offMain.incrementAndGet();
                if (updates.incrementAndGet() == 1) Probe.put("first_fix", location.getLatitude() + "," + location.getLongitude());
            }
        };
        long minTimeMs = Long.parseLong(args[0]);
        long windowMs = Long.parseLong(args[1]);
        long requested = System.nanoTime();
        lm.requestLocationUpdates(LocationManager.NETWORK_PROVIDER, minTimeMs, 0f, listener);
        lm.requestSingleUpdate(LocationManager.GPS_PROVIDER, l -> single.incrementAndGet(), null);
        Handler handler = new Handler(Looper.getMainLooper());
        handler.postDelayed(() -> {
            Probe.put("updates_in_window", updates.get());
            // how long the window really was: on a loaded machine this post runs late too
            Probe.put("window_elapsed_ms", (System.nanoTime() - requested) / 1_000_000);
            lm.removeUpdates(listener);
            int atRemove = updates.get();
            handler.postDelayed(() -> {
                Probe.put("updates_after_remove", updates.get() - atRemove);
                Probe.put("off_main_thread", offMain.get());
                Probe.put("single_updates", single.get());
                Looper.getMainLooper().quit();
            }, windowMs / 2);
        }, windowMs);
        Looper.loop();
    }
}
