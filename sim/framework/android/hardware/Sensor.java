package android.hardware;

/** A hardware sensor; apps get them from SensorManager. */
public final class Sensor {
    public static final int TYPE_ALL = -1;
    public static final int TYPE_ACCELEROMETER = 1;
    public static final int TYPE_MAGNETIC_FIELD = 2;
    @Deprecated public static final int TYPE_ORIENTATION = 3;
    public static final int TYPE_GYROSCOPE = 4;
    public static final int TYPE_LIGHT = 5;
    public static final int TYPE_PRESSURE = 6;
    public static final int TYPE_PROXIMITY = 8;
    public static final int TYPE_GRAVITY = 9;
    public static final int TYPE_LINEAR_ACCELERATION = 10;
    public static final int TYPE_ROTATION_VECTOR = 11;
    public static final int TYPE_RELATIVE_HUMIDITY = 12;
    public static final int TYPE_AMBIENT_TEMPERATURE = 13;
    public static final int TYPE_STEP_DETECTOR = 18;
    public static final int TYPE_STEP_COUNTER = 19;
    public static final int TYPE_HEART_RATE = 21;
    public static final String STRING_TYPE_ACCELEROMETER = "android.sensor.accelerometer";
    public static final String STRING_TYPE_GYROSCOPE = "android.sensor.gyroscope";
    public static final String STRING_TYPE_LIGHT = "android.sensor.light";
    public static final int REPORTING_MODE_CONTINUOUS = 0;
    public static final int REPORTING_MODE_ON_CHANGE = 1;

    private final int type;
    private final String name;
    private final String vendor;
    private final float maxRange;
    private final float resolution;
    private final float power;
    private final int minDelay;
    private final float[] sample;

    Sensor(int type, String name, String vendor, float maxRange, float resolution, float power, int minDelay,
           float[] sample) {
        this.type = type;
        this.name = name;
        this.vendor = vendor;
        this.maxRange = maxRange;
        this.resolution = resolution;
        this.power = power;
        this.minDelay = minDelay;
        this.sample = sample.clone();
    }

    public int getType() { return type; }
    public String getName() { return name; }
    public String getVendor() { return vendor; }
    public int getVersion() { return 1; }
    public float getMaximumRange() { return maxRange; }
    public float getResolution() { return resolution; }
    public float getPower() { return power; }
    public int getMinDelay() { return minDelay; }
    public int getMaxDelay() { return 1_000_000; }
    public int getFifoMaxEventCount() { return 0; }
    public boolean isWakeUpSensor() { return false; }

    public int getReportingMode() {
        return type == TYPE_LIGHT ? REPORTING_MODE_ON_CHANGE : REPORTING_MODE_CONTINUOUS;
    }

    public String getStringType() {
        return switch (type) {
            case TYPE_ACCELEROMETER -> STRING_TYPE_ACCELEROMETER;
            case TYPE_GYROSCOPE -> STRING_TYPE_GYROSCOPE;
            case TYPE_LIGHT -> STRING_TYPE_LIGHT;
            default -> "android.sensor.unknown";
        };
    }

    /** The reading this sensor reports on the simulated device. */
    float[] sample() { return sample.clone(); }

    @Override
    public String toString() {
        return "{Sensor name=\"" + name + "\", vendor=\"" + vendor + "\", version=1, type=" + type
            + ", maxRange=" + maxRange + ", resolution=" + resolution + ", power=" + power + ", minDelay=" + minDelay + "}";
    }
}
