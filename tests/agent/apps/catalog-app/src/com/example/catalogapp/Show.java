package com.example.catalogapp;

import android.accounts.Account;
import android.app.ActivityManager;
import android.content.pm.ApplicationInfo;
import android.content.pm.PackageInfo;
import android.content.pm.ResolveInfo;
import android.database.Cursor;
import android.hardware.Sensor;
import android.net.wifi.ScanResult;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Values as text that is the same on every run. Only fields and getters the catalogue does not
 * hook are read here (reading a hooked getter would be one more call to account for), and no
 * identity hash codes are printed.
 */
final class Show {
    private Show() {}

    static String typed(Object value) {
        if (value == null) return "N|null";
        if (value instanceof CharSequence) return "S|" + clean(value.toString());
        if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            return "I|" + value;
        }
        if (value instanceof Double || value instanceof Float) return "D|" + value;
        if (value instanceof Boolean) return "Z|" + value;
        if (value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) items.add(item(Array.get(value, i)));
            return "A|" + items.size() + " " + items;
        }
        if (value instanceof Cursor) return "O|" + cursor((Cursor) value);
        if (value instanceof Collection) {
            List<String> items = new ArrayList<>();
            for (Object o : (Collection<?>) value) items.add(item(o));
            if (!(value instanceof List)) Collections.sort(items); // sets: no stable order
            return "O|" + items.size() + " " + items;
        }
        return "O|" + value.getClass().getName();
    }

    static String item(Object o) {
        if (o == null) return "null";
        if (o instanceof Byte) return String.format("%02x", (Byte) o);
        if (o instanceof PackageInfo) return ((PackageInfo) o).packageName;
        if (o instanceof ApplicationInfo) return ((ApplicationInfo) o).packageName;
        if (o instanceof ResolveInfo) {
            ResolveInfo r = (ResolveInfo) o;
            return r.activityInfo != null ? r.activityInfo.packageName + "/" + r.activityInfo.name
                : r.serviceInfo != null ? r.serviceInfo.packageName + "/" + r.serviceInfo.name : "?";
        }
        if (o instanceof Account) return ((Account) o).name + "(" + ((Account) o).type + ")";
        if (o instanceof ScanResult) return ((ScanResult) o).SSID;
        if (o instanceof ActivityManager.RunningAppProcessInfo) {
            return ((ActivityManager.RunningAppProcessInfo) o).processName;
        }
        if (o instanceof Sensor) return ((Sensor) o).getName();
        return o.getClass().getSimpleName();
    }

    private static String cursor(Cursor c) {
        StringBuilder out = new StringBuilder("rows=").append(c.getCount());
        try {
            while (c.moveToNext()) {
                out.append(" [").append(clean(c.getString(0))).append(']');
            }
        } finally {
            c.close();
        }
        return out.toString();
    }

    static String clean(String text) {
        return text == null ? "null" : text.replace("\n", "\\n").replace("|", "/");
    }
}
