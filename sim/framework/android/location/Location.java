package android.location;

import java.util.Locale;

/** A geographic fix: latitude, longitude, accuracy, time and the provider that made it. */
public class Location {
    private static final double EARTH_RADIUS_M = 6_371_008.8;

    private String provider;
    private long time;
    private long elapsedRealtimeNanos;
    private double latitude;
    private double longitude;
    private double altitude;
    private float speed;
    private float bearing;
    private float accuracy;
    private boolean hasAltitude;
    private boolean hasSpeed;
    private boolean hasBearing;
    private boolean hasAccuracy;

    public Location(String provider) {
        this.provider = provider;
    }

    public Location(Location l) {
        set(l);
    }

    public void set(Location l) {
        provider = l.provider;
        time = l.time;
        elapsedRealtimeNanos = l.elapsedRealtimeNanos;
        latitude = l.latitude;
        longitude = l.longitude;
        altitude = l.altitude;
        speed = l.speed;
        bearing = l.bearing;
        accuracy = l.accuracy;
        hasAltitude = l.hasAltitude;
        hasSpeed = l.hasSpeed;
        hasBearing = l.hasBearing;
        hasAccuracy = l.hasAccuracy;
    }

    public String getProvider() { return provider; }
    public void setProvider(String provider) { this.provider = provider; }
    public long getTime() { return time; }
    public void setTime(long time) { this.time = time; }
    public long getElapsedRealtimeNanos() { return elapsedRealtimeNanos; }
    public void setElapsedRealtimeNanos(long nanos) { this.elapsedRealtimeNanos = nanos; }
    public double getLatitude() { return latitude; }
    public void setLatitude(double latitude) { this.latitude = latitude; }
    public double getLongitude() { return longitude; }
    public void setLongitude(double longitude) { this.longitude = longitude; }
    public boolean hasAltitude() { return hasAltitude; }
    public double getAltitude() { return altitude; }

    public void setAltitude(double altitude) {
        this.altitude = altitude;
        hasAltitude = true;
    }

    public boolean hasSpeed() { return hasSpeed; }
    public float getSpeed() { return speed; }

    public void setSpeed(float speed) {
        this.speed = speed;
        hasSpeed = true;
    }

    public boolean hasBearing() { return hasBearing; }
    public float getBearing() { return bearing; }

    public void setBearing(float bearing) {
        this.bearing = bearing;
        hasBearing = true;
    }

    public boolean hasAccuracy() { return hasAccuracy; }
    public float getAccuracy() { return accuracy; }

    public void setAccuracy(float accuracy) {
        this.accuracy = accuracy;
        hasAccuracy = true;
    }

    public boolean isFromMockProvider() { return false; }

    public float distanceTo(Location dest) {
        float[] results = new float[1];
        distanceBetween(latitude, longitude, dest.latitude, dest.longitude, results);
        return results[0];
    }

    public float bearingTo(Location dest) {
        float[] results = new float[2];
        distanceBetween(latitude, longitude, dest.latitude, dest.longitude, results);
        return results[1];
    }

    /**
     * Great-circle distance in metres into results[0] and, when there is room, the initial and
     * final bearings into results[1] and results[2] (a sphere, not Android's ellipsoid).
     */
    public static void distanceBetween(double startLatitude, double startLongitude,
                                       double endLatitude, double endLongitude, float[] results) {
        if (results == null || results.length < 1) {
            throw new IllegalArgumentException("results is null or has length < 1");
        }
        double phi1 = Math.toRadians(startLatitude);
        double phi2 = Math.toRadians(endLatitude);
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(endLongitude - startLongitude);
        double a = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
            + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        results[0] = (float) (2 * EARTH_RADIUS_M * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a)));
        if (results.length > 1) {
            double y = Math.sin(dLambda) * Math.cos(phi2);
            double x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLambda);
            results[1] = (float) Math.toDegrees(Math.atan2(y, x));
            if (results.length > 2) results[2] = results[1];
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Location[%s %.6f,%.6f%s et=%d%s]", provider, latitude, longitude,
            hasAccuracy ? String.format(Locale.ROOT, " hAcc=%.0f", accuracy) : " hAcc=???",
            elapsedRealtimeNanos / 1_000_000L, hasAltitude ? " alt=" + altitude : "");
    }
}
