package com.bytedance.sdk.openadsdk.net;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.json.JSONObject;

/** A (fake) ad SDK that reports through the real OkHttp 3 (libs/system-jars.txt). */
public final class PangleReporter {
    private static final OkHttpClient CLIENT = new OkHttpClient();

    private PangleReporter() {}

    /** https POST, a gzip-compressed JSON body with the IMEI and the ANDROID_ID. */
    public static String report(String imei, String androidId) throws Exception {
        JSONObject device = new JSONObject();
        device.put("imei", imei);
        device.put("aid", androidId);
        device.put("os", "android");
        JSONObject body = new JSONObject();
        body.put("device", device);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(body.toString().getBytes("UTF-8"));
        }
        Request request = new Request.Builder()
                .url("https://api-access.pangle.example/api/ad/union/sdk/get_ads/")
                .header("Content-Encoding", "gzip")
                .post(RequestBody.create(MediaType.get("application/json; charset=utf-8"), zipped.toByteArray()))
                .build();
        try (Response response = CLIENT.newCall(request).execute()) {
            return response.code() + " " + response.body().string();
        }
    }

    /** https GET from OkHttp's dispatcher thread (enqueue), the ANDROID_ID hex-encoded. */
    public static String ping(String androidId) throws Exception {
        StringBuilder hex = new StringBuilder();
        for (byte b : androidId.getBytes("UTF-8")) hex.append(String.format("%02X", b));
        Request request = new Request.Builder().url("https://api-access.pangle.example/ping?h=" + hex).build();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> result = new AtomicReference<>("no answer");
        CLIENT.newCall(request).enqueue(new Callback() {
            @Override public void onFailure(Call call, java.io.IOException e) {
                result.set("error " + e);
                done.countDown();
            }

            @Override public void onResponse(Call call, Response response) throws java.io.IOException {
                try (Response r = response) {
                    result.set(r.code() + " " + r.body().string());
                }
                done.countDown();
            }
        });
        done.await(20, TimeUnit.SECONDS);
        return result.get();
    }
}
