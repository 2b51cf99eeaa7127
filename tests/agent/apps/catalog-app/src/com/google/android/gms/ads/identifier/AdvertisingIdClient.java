package com.google.android.gms.ads.identifier;

import android.content.Context;

import java.io.IOException;

/**
 * Stand-in for Google Play services' advertising-id client, with its real name and signatures.
 * Apps ship it inside their own code, so the agent hooks it when the app's class loader loads it.
 */
public class AdvertisingIdClient {
    public static final class Info {
        private final String advertisingId;
        private final boolean limitAdTracking;

        public Info(String advertisingId, boolean limitAdTracking) {
            this.advertisingId = advertisingId;
            this.limitAdTracking = limitAdTracking;
        }

        public String getId() {
            return advertisingId;
        }

        public boolean isLimitAdTrackingEnabled() {
            return limitAdTracking;
        }
    }

    public static Info getAdvertisingIdInfo(Context context) throws IOException {
        return new Info("38400000-8cf0-11bd-b23e-10b96e40000d", false);
    }
}
