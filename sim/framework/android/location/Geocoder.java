package android.location;

import android.content.Context;

import com.android.internal.sim.DeviceData;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Addresses for coordinates and back. Android's Geocoder asks a backend service over the
 * network and needs no permission (the coordinates are the app's); the simulated device answers
 * from DeviceData: the device's own position resolves to its street, any other point within
 * about 0.05 degrees to the same city, anything else to nothing (an empty list, as Android
 * returns when the backend knows no address).
 */
public final class Geocoder {
    private static final double NEAR_DEGREES = 0.05;
    private final Locale mLocale;

    public Geocoder(Context context) { this(context, Locale.getDefault()); }

    public Geocoder(Context context, Locale locale) {
        if (locale == null) throw new NullPointerException("locale == null");
        mLocale = locale;
    }

    public static boolean isPresent() { return true; }

    public List<Address> getFromLocation(double latitude, double longitude, int maxResults)
            throws IOException {
        if (latitude < -90.0 || latitude > 90.0) {
            throw new IllegalArgumentException("latitude == " + latitude);
        }
        if (longitude < -180.0 || longitude > 180.0) {
            throw new IllegalArgumentException("longitude == " + longitude);
        }
        List<Address> out = new ArrayList<>();
        boolean near = Math.abs(latitude - DeviceData.LATITUDE) < NEAR_DEGREES
            && Math.abs(longitude - DeviceData.LONGITUDE) < NEAR_DEGREES;
        if (near && maxResults > 0) out.add(address(latitude, longitude));
        return out;
    }

    public List<Address> getFromLocationName(String locationName, int maxResults) throws IOException {
        if (locationName == null) throw new IllegalArgumentException("locationName == null");
        List<Address> out = new ArrayList<>();
        if (maxResults > 0 && locationName.contains(DeviceData.GEOCODE_LOCALITY)) {
            out.add(address(DeviceData.LATITUDE, DeviceData.LONGITUDE));
        }
        return out;
    }

    private Address address(double latitude, double longitude) {
        Address a = new Address(mLocale);
        a.setCountryCode("CN");
        a.setCountryName("China");
        a.setAdminArea(DeviceData.GEOCODE_LOCALITY);
        a.setLocality(DeviceData.GEOCODE_LOCALITY);
        a.setThoroughfare(DeviceData.GEOCODE_STREET);
        a.setLatitude(latitude);
        a.setLongitude(longitude);
        return a;
    }
}
