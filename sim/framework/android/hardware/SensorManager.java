package android.hardware;

import android.os.Handler;
import java.util.ArrayList;
import java.util.List;

/** Access to the device's sensors. Abstract as on Android; apps get a SystemSensorManager. */
public abstract class SensorManager {
    public static final int SENSOR_DELAY_FASTEST = 0;
    public static final int SENSOR_DELAY_GAME = 1;
    public static final int SENSOR_DELAY_UI = 2;
    public static final int SENSOR_DELAY_NORMAL = 3;
    public static final int SENSOR_STATUS_NO_CONTACT = -1;
    public static final int SENSOR_STATUS_UNRELIABLE = 0;
    public static final int SENSOR_STATUS_ACCURACY_LOW = 1;
    public static final int SENSOR_STATUS_ACCURACY_MEDIUM = 2;
    public static final int SENSOR_STATUS_ACCURACY_HIGH = 3;
    public static final float STANDARD_GRAVITY = 9.80665f;
    public static final float GRAVITY_EARTH = 9.80665f;
    public static final float LIGHT_SUNLIGHT = 110000.0f;

    /** @hide */
    public SensorManager() {}

    /** @hide */
    protected abstract List<Sensor> getFullSensorList();

    /** @hide */
    protected abstract boolean registerListenerImpl(SensorEventListener listener, Sensor sensor, int delayUs,
                                                    Handler handler, int maxReportLatencyUs);

    /** @hide */
    protected abstract void unregisterListenerImpl(SensorEventListener listener, Sensor sensor);

    public List<Sensor> getSensorList(int type) {
        List<Sensor> out = new ArrayList<>();
        for (Sensor s : getFullSensorList()) {
            if (type == Sensor.TYPE_ALL || s.getType() == type) out.add(s);
        }
        return out;
    }

    public Sensor getDefaultSensor(int type) {
        for (Sensor s : getFullSensorList()) {
            if (s.getType() == type) return s;
        }
        return null;
    }

    public boolean registerListener(SensorEventListener listener, Sensor sensor, int samplingPeriodUs) {
        return registerListener(listener, sensor, samplingPeriodUs, (Handler) null);
    }

    public boolean registerListener(SensorEventListener listener, Sensor sensor, int samplingPeriodUs, Handler handler) {
        if (listener == null || sensor == null) return false;
        return registerListenerImpl(listener, sensor, delayUs(samplingPeriodUs), handler, 0);
    }

    public boolean registerListener(SensorEventListener listener, Sensor sensor, int samplingPeriodUs,
                                    int maxReportLatencyUs) {
        if (listener == null || sensor == null) return false;
        return registerListenerImpl(listener, sensor, delayUs(samplingPeriodUs), null, maxReportLatencyUs);
    }

    public void unregisterListener(SensorEventListener listener, Sensor sensor) {
        if (listener == null || sensor == null) return;
        unregisterListenerImpl(listener, sensor);
    }

    public void unregisterListener(SensorEventListener listener) {
        if (listener == null) return;
        unregisterListenerImpl(listener, null);
    }

    /** The SENSOR_DELAY_* shorthands in microseconds; any other value already is one. */
    private static int delayUs(int rate) {
        return switch (rate) {
            case SENSOR_DELAY_FASTEST -> 0;
            case SENSOR_DELAY_GAME -> 20_000;
            case SENSOR_DELAY_UI -> 66_667;
            case SENSOR_DELAY_NORMAL -> 200_000;
            default -> rate;
        };
    }
}
