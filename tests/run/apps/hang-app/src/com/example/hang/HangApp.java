package com.example.hang;

import android.app.Application;

/** Never gets past its static initialiser: the main thread waits forever (a licence check,
 * say, that blocks on a server that never answers), so no screen is ever drawn. */
public class HangApp extends Application {
    static final Object NEVER = new Object();

    static {
        blockForever();
    }

    static void blockForever() {
        synchronized (NEVER) {
            while (true) {
                try {
                    NEVER.wait();
                } catch (InterruptedException e) {
                    // keep waiting
                }
            }
        }
    }
}
