package cn.jpush.android.service;

import android.util.Log;

import org.json.JSONObject;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** Registers the device with the push server, from the ":push" process. */
final class RegisterClient {
    private static final String TAG = "JIGUANG-JCore";
    static final String ENDPOINT = "https://tsis.jpush.example/v1/register";

    private RegisterClient() {}

    static void registerAsync(final String imei) {
        new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    JSONObject body = new JSONObject();
                    body.put("imei", imei);
                    body.put("platform", "a");
                    HttpURLConnection c = (HttpURLConnection) new URL(ENDPOINT).openConnection();
                    c.setRequestMethod("POST");
                    c.setDoOutput(true);
                    c.setRequestProperty("Content-Type", "application/json");
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(body.toString().getBytes(StandardCharsets.UTF_8));
                    }
                    int code = c.getResponseCode();
                    try (InputStream in = c.getInputStream()) {
                        while (in.read() >= 0) { /* drain */ }
                    }
                    Log.i(TAG, "registered: HTTP " + code);
                } catch (Exception e) {
                    Log.w(TAG, "register failed: " + e);
                }
            }
        }, "JCore-register").start();
    }
}
