package com.example.goodnews;

import android.util.Log;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/** Fetches the app's feature switches at start: no identifier, only the app's version. */
final class RemoteConfig {
    static final String ENDPOINT = "https://config.goodnews.example/v1/app-config?ver=1.2.0";

    private RemoteConfig() {}

    static void fetchAsync() {
        new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    HttpURLConnection c = (HttpURLConnection) new URL(ENDPOINT).openConnection();
                    int code = c.getResponseCode();
                    try (InputStream in = c.getInputStream()) {
                        while (in.read() >= 0) { /* drain */ }
                    }
                    Log.i(GoodNewsApp.TAG, "remote config: HTTP " + code);
                } catch (Exception e) {
                    Log.w(GoodNewsApp.TAG, "remote config failed: " + e);
                }
            }
        }, "config").start();
    }
}
