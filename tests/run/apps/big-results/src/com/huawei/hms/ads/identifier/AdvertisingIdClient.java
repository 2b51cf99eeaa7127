package com.huawei.hms.ads.identifier;

import android.content.Context;

/** A stand-in of Huawei's OAID client (app-side, hooked by the catalogue) with heavy results. */
public final class AdvertisingIdClient {
    public static final int BALLAST_BYTES = 2 << 20;

    public static final class Info {
        private final byte[] ballast = new byte[BALLAST_BYTES]; // only collectable once released
        private final String id;

        Info(String id) {
            this.id = id;
        }

        public String getId() {
            return id;
        }

        @Override
        public String toString() {
            return "Info{" + id + ", " + ballast.length + " bytes}";
        }
    }

    private AdvertisingIdClient() {
    }

    public static Info getAdvertisingIdInfo(Context context) {
        return new Info("8f6c2a0e-3b1d-4c5e-9a7f-0d2e4b6c8a1f");
    }
}
