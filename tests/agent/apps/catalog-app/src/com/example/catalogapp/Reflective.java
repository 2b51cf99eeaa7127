package com.example.catalogapp;

import android.content.ContentResolver;
import android.content.Context;

import java.lang.reflect.Method;

/** The same APIs reached by reflection, as obfuscated SDKs do. */
final class Reflective {
    private static final String[] TELEPHONY = {
        "getDeviceId", "getImei", "getSubscriberId", "getSimSerialNumber", "getLine1Number",
    };

    private Reflective() {}

    static void run(final String w, final Context ctx) throws Exception {
        final Object tm = ctx.getSystemService("phone");
        final Class<?> telephony = Class.forName("android.telephony.TelephonyManager");
        for (final String name : TELEPHONY) {
            final Method method = telephony.getMethod(name);
            Results.call(w, "telephony." + name, () -> method.invoke(tm));
        }
        final Method imei = telephony.getMethod("getImei", int.class);
        Results.call(w, "telephony.getImei", () -> imei.invoke(tm, 1));
        final Method secure = Class.forName("android.provider.Settings$Secure")
            .getMethod("getString", ContentResolver.class, String.class);
        final ContentResolver cr = ctx.getContentResolver();
        Results.call(w, "settings.secure.getString", () -> secure.invoke(null, cr, "android_id"));
        final Method serial = Class.forName("android.os.Build").getMethod("getSerial");
        Results.call(w, "build.getSerial", () -> serial.invoke(null));
    }
}
