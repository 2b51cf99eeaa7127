package android.hardware;

import android.content.Context;
import android.os.Handler;
import android.os.Looper;
import com.android.internal.sim.DeviceData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * @hide The SensorManager apps get. Each registration receives
 * {@link DeviceData#SENSOR_EVENTS_PER_REGISTRATION} readings of the sensor's fixed sample, on the
 * given Handler or the main Looper, paced by the sampling period (at least
 * {@link DeviceData#MIN_UPDATE_INTERVAL_MS}), until it is unregistered.
 */
public class SystemSensorManager extends SensorManager {
    private static final List<Sensor> SENSORS = buildSensors();

    private final Context context;
    private final List<Registration> registrations = new ArrayList<>();

    /** @hide Apps obtain it from Context.getSystemService("sensor"). */
    public SystemSensorManager(Context context) {
        this.context = context;
    }

    private static List<Sensor> buildSensors() {
        List<Sensor> sensors = new ArrayList<>();
        for (Object[] row : DeviceData.SENSORS) {
            sensors.add(new Sensor((Integer) row[0], (String) row[1], (String) row[2], (Float) row[3],
                (Float) row[4], (Float) row[5], (Integer) row[6], (float[]) row[7]));
        }
        return Collections.unmodifiableList(sensors);
    }

    @Override
    protected List<Sensor> getFullSensorList() { return SENSORS; }

    @Override
    protected boolean registerListenerImpl(SensorEventListener listener, Sensor sensor, int delayUs,
                                           Handler handler, int maxReportLatencyUs) {
        if (!SENSORS.contains(sensor)) return false;
        Handler target = handler != null ? handler : new Handler(Looper.getMainLooper());
        long intervalMs = Math.max(delayUs / 1000L, DeviceData.MIN_UPDATE_INTERVAL_MS);
        Registration registration = new Registration(target, listener, sensor, intervalMs);
        synchronized (registrations) {
            registrations.add(registration);
        }
        target.postDelayed(registration, DeviceData.FIRST_FIX_DELAY_MS);
        return true;
    }

    @Override
    protected void unregisterListenerImpl(SensorEventListener listener, Sensor sensor) {
        List<Registration> removed = new ArrayList<>();
        synchronized (registrations) {
            registrations.removeIf(r -> {
                boolean match = r.listener == listener && (sensor == null || r.sensor == sensor);
                if (match) removed.add(r);
                return match;
            });
        }
        for (Registration r : removed) r.cancel();
    }

    private final class Registration implements Runnable {
        private final Handler handler;
        private final SensorEventListener listener;
        private final Sensor sensor;
        private final long intervalMs;
        private int remaining = DeviceData.SENSOR_EVENTS_PER_REGISTRATION;
        private volatile boolean cancelled;

        Registration(Handler handler, SensorEventListener listener, Sensor sensor, long intervalMs) {
            this.handler = handler;
            this.listener = listener;
            this.sensor = sensor;
            this.intervalMs = intervalMs;
        }

        void cancel() {
            cancelled = true;
            handler.removeCallbacks(this);
        }

        @Override
        public void run() {
            if (cancelled) return;
            if (--remaining > 0) handler.postDelayed(this, intervalMs);
            float[] sample = sensor.sample();
            SensorEvent event = new SensorEvent(sample.length);
            System.arraycopy(sample, 0, event.values, 0, sample.length);
            event.sensor = sensor;
            event.accuracy = SENSOR_STATUS_ACCURACY_HIGH;
            event.timestamp = System.nanoTime();
            listener.onSensorChanged(event);
        }
    }
}
