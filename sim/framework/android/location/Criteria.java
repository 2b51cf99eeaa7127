package android.location;

/** What an app asks of a location provider, for LocationManager.getBestProvider. */
public class Criteria {
    public static final int NO_REQUIREMENT = 0;
    public static final int POWER_LOW = 1;
    public static final int POWER_MEDIUM = 2;
    public static final int POWER_HIGH = 3;
    public static final int ACCURACY_FINE = 1;
    public static final int ACCURACY_COARSE = 2;
    public static final int ACCURACY_LOW = 1;
    public static final int ACCURACY_MEDIUM = 2;
    public static final int ACCURACY_HIGH = 3;

    private int accuracy = NO_REQUIREMENT;
    private int power = NO_REQUIREMENT;
    private boolean altitudeRequired;
    private boolean bearingRequired;
    private boolean speedRequired;
    private boolean costAllowed;

    public Criteria() {}

    public void setAccuracy(int accuracy) {
        if (accuracy < NO_REQUIREMENT || accuracy > ACCURACY_COARSE) {
            throw new IllegalArgumentException("accuracy=" + accuracy);
        }
        this.accuracy = accuracy;
    }

    public int getAccuracy() { return accuracy; }

    public void setPowerRequirement(int level) {
        if (level < NO_REQUIREMENT || level > POWER_HIGH) throw new IllegalArgumentException("level=" + level);
        this.power = level;
    }

    public int getPowerRequirement() { return power; }
    public void setAltitudeRequired(boolean required) { altitudeRequired = required; }
    public boolean isAltitudeRequired() { return altitudeRequired; }
    public void setBearingRequired(boolean required) { bearingRequired = required; }
    public boolean isBearingRequired() { return bearingRequired; }
    public void setSpeedRequired(boolean required) { speedRequired = required; }
    public boolean isSpeedRequired() { return speedRequired; }
    public void setCostAllowed(boolean allowed) { costAllowed = allowed; }
    public boolean isCostAllowed() { return costAllowed; }
}
