package com.qq.e.comm.net;

import android.util.Log;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Sends the device profile with the first ad request, as ad SDKs do (muid = MD5 of the IMEI). */
public final class AdReporter {
    private static final String TAG = "GDTADNetClient";
    static final String ENDPOINT = "https://mi.gdt.qq.example/gdt_mview.fcg";

    private AdReporter() {}

    public static void reportAsync(final String imei, final String androidId) {
        Thread sender = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    Log.d(TAG, "ad request: HTTP " + report(imei, androidId));
                } catch (Exception e) {
                    Log.w(TAG, "ad request failed: " + e);
                }
            }
        }, "GDT_NET");
        sender.start();
    }

    static int report(String imei, String androidId) throws Exception {
        String body = "muidtype=1&muid=" + md5(imei) + "&aid=" + URLEncoder.encode(androidId, "UTF-8")
                + "&os=android";
        HttpURLConnection c = (HttpURLConnection) new URL(ENDPOINT).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        try (OutputStream out = c.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        int code = c.getResponseCode();
        drain(c.getInputStream());
        return code;
    }

    static String md5(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (byte b : digest) sb.append(String.format("%02x", b));
        return sb.toString();
    }

    private static void drain(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
        in.close();
    }
}
