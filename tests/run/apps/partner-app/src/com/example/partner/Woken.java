package com.example.partner;

import android.content.Context;

/** Writes down which of its components another app woke (the sim test reads the file). */
final class Woken {
    private Woken() {}

    static void by(Context context, String component, String detail) {
        context.getSharedPreferences("woken", Context.MODE_PRIVATE).edit()
                .putString(component, detail + " pid=" + android.os.Process.myPid()).commit();
    }
}
