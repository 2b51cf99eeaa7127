package android.net;

import android.content.Context;

/** Network connectivity: the simulated device is always on Wi-Fi. */
public class ConnectivityManager {
    public static final int TYPE_NONE = -1;
    public static final int TYPE_MOBILE = 0;
    public static final int TYPE_WIFI = 1;
    public static final int TYPE_ETHERNET = 9;
    public static final String CONNECTIVITY_ACTION = "android.net.conn.CONNECTIVITY_CHANGE";

    private final Context context;

    /** @hide Apps obtain it from Context.getSystemService("connectivity"). */
    public ConnectivityManager(Context context) {
        this.context = context;
    }

    @Deprecated
    public NetworkInfo getActiveNetworkInfo() {
        return new NetworkInfo(TYPE_WIFI, 0, "WIFI", "", true);
    }

    @Deprecated
    public NetworkInfo getNetworkInfo(int networkType) {
        return switch (networkType) {
            case TYPE_WIFI -> new NetworkInfo(TYPE_WIFI, 0, "WIFI", "", true);
            case TYPE_MOBILE -> new NetworkInfo(TYPE_MOBILE, 13, "MOBILE", "LTE", false);
            default -> null;
        };
    }

    public boolean isActiveNetworkMetered() { return false; }
}
