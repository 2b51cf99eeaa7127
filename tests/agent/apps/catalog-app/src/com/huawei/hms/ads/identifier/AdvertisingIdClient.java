package com.huawei.hms.ads.identifier;

import android.content.Context;

import java.io.IOException;

/** Stand-in for Huawei Mobile Services' OAID client (real name and signature). */
public class AdvertisingIdClient {
    public static final class Info {
        private final String advertisingId;

        public Info(String advertisingId) {
            this.advertisingId = advertisingId;
        }

        public String getId() {
            return advertisingId;
        }
    }

    public static Info getAdvertisingIdInfo(Context context) throws IOException {
        return new Info("fbd7ec1b-6ce5-4d4c-9a7e-1f2c3b4a5d6e");
    }
}
