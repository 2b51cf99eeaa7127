package com.umeng.commonsdk.net;

import android.util.Base64;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A (fake) analytics SDK that uploads over java.net.HttpURLConnection. */
public final class UmengUploader {
    private UmengUploader() {}

    /** http POST, form-encoded: the IMEI's MD5 and the ANDROID_ID. */
    public static String postLog(String imei, String androidId) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL("http://alog.umeng.example:8080/app_logs").openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        c.setRequestProperty("X-Umeng-Sdk", "9.6.1");
        String body = "imei_md5=" + md5(imei) + "&aid=" + URLEncoder.encode(androidId, "UTF-8") + "&note=a%20b";
        try (OutputStream out = c.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        return c.getResponseCode() + " " + readAll(c.getInputStream());
    }

    /** https GET, the ANDROID_ID base64 in the query. */
    public static String fetchConfig(String androidId) throws Exception {
        String d = Base64.encodeToString(androidId.getBytes(StandardCharsets.UTF_8), Base64.NO_WRAP | Base64.URL_SAFE);
        HttpURLConnection c = (HttpURLConnection) new URL("https://ulogs.umeng.example/config?d=" + d).openConnection();
        return c.getResponseCode() + " " + readAll(c.getInputStream());
    }

    static String md5(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (byte b : digest) sb.append(String.format("%02x", b));
        return sb.toString();
    }

    static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
        in.close();
        return out.toString("UTF-8");
    }
}
