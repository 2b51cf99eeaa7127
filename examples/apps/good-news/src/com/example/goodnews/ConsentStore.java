package com.example.goodnews;

import android.content.Context;
import android.content.SharedPreferences;

/** Remembers the user's answer to the privacy dialog. */
final class ConsentStore {
    private static final String PREFS = "privacy";
    private static final String KEY_AGREED = "agreed_v1";

    private ConsentStore() {}

    static boolean hasConsent(Context context) {
        return prefs(context).getBoolean(KEY_AGREED, false);
    }

    static void saveConsent(Context context) {
        prefs(context).edit().putBoolean(KEY_AGREED, true).apply();
    }

    private static SharedPreferences prefs(Context context) {
        return context.getSharedPreferences(PREFS, Context.MODE_PRIVATE);
    }
}
