package com.qq.e.comm.managers;

import android.content.Context;
import android.provider.Settings;
import android.telephony.TelephonyManager;
import android.util.Base64;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A (fake) Tencent GDT ad SDK: uploads device identifiers whatever the user said. */
public final class GDTADManager {
    private GDTADManager() {}

    /** Before any dialog: the IMEI's MD5 in the query of a plain http GET. */
    public static void init(Context context) {
        TelephonyManager tm = (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        String imei = tm.getDeviceId();
        run(() -> get("http://mi.gdt.qq.example/gdt_mview.fcg?imei=" + digest("MD5", imei)));
    }

    /** After a refusal: the ANDROID_ID, base64, in a JSON body over https. */
    public static void reportAfterRefusal(Context context) {
        String id = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        String b64 = Base64.encodeToString(id.getBytes(StandardCharsets.UTF_8), Base64.NO_WRAP);
        run(() -> post("https://rpt.gdt.qq.example/report", "{\"d\":\"" + b64 + "\"}"));
    }

    /** In the background: the IMEI's SHA-256, upper case, in a header. */
    public static void heartbeat(Context context) {
        TelephonyManager tm = (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        String imei = tm.getDeviceId();
        run(() -> {
            HttpURLConnection c = (HttpURLConnection) new URL("https://hb.gdt.qq.example/hb").openConnection();
            c.setRequestProperty("X-Dev", digest("SHA-256", imei).toUpperCase());
            c.getResponseCode();
            c.getInputStream().close();
        });
    }

    interface Upload {
        void run() throws Exception;
    }

    private static void run(Upload upload) {
        new Thread(() -> {
            try {
                upload.run();
                System.out.println("UPLOAD|ok");
            } catch (Exception e) {
                System.out.println("UPLOAD|error " + e);
            }
            System.out.flush();
        }, "gdt-upload").start();
    }

    private static void get(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.getResponseCode();
        drain(c.getInputStream());
    }

    private static void post(String url, String json) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        c.getResponseCode();
        drain(c.getInputStream());
    }

    static String digest(String algorithm, String text) throws Exception {
        byte[] d = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (byte b : d) sb.append(String.format("%02x", b));
        return sb.toString();
    }

    private static void drain(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
        in.close();
    }
}
