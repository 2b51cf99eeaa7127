package android.location;

import java.util.Locale;

/** A street address, as Geocoder returns it (the fields the simulated geocoder fills). */
public class Address {
    private final Locale mLocale;
    private String mCountryCode;
    private String mCountryName;
    private String mAdminArea;
    private String mLocality;
    private String mThoroughfare;
    private double mLatitude;
    private double mLongitude;
    private boolean mHasLatitude;
    private boolean mHasLongitude;

    public Address(Locale locale) { mLocale = locale; }

    public Locale getLocale() { return mLocale; }
    public String getCountryCode() { return mCountryCode; }
    public void setCountryCode(String countryCode) { mCountryCode = countryCode; }
    public String getCountryName() { return mCountryName; }
    public void setCountryName(String countryName) { mCountryName = countryName; }
    public String getAdminArea() { return mAdminArea; }
    public void setAdminArea(String adminArea) { mAdminArea = adminArea; }
    public String getLocality() { return mLocality; }
    public void setLocality(String locality) { mLocality = locality; }
    public String getThoroughfare() { return mThoroughfare; }
    public void setThoroughfare(String thoroughfare) { mThoroughfare = thoroughfare; }
    public boolean hasLatitude() { return mHasLatitude; }
    public double getLatitude() {
        if (!mHasLatitude) throw new IllegalStateException();
        return mLatitude;
    }
    public void setLatitude(double latitude) { mLatitude = latitude; mHasLatitude = true; }
    public boolean hasLongitude() { return mHasLongitude; }
    public double getLongitude() {
        if (!mHasLongitude) throw new IllegalStateException();
        return mLongitude;
    }
    public void setLongitude(double longitude) { mLongitude = longitude; mHasLongitude = true; }

    @Override public String toString() {
        return "Address[addressLines=[0:\"" + mThoroughfare + ", " + mLocality + "\"],locality="
            + mLocality + ",countryCode=" + mCountryCode + ",latitude=" + mLatitude
            + ",longitude=" + mLongitude + "]";
    }
}
