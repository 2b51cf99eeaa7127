package com.example.senderapp;

import android.app.Application;
import android.content.Context;
import android.provider.Settings;
import android.telephony.TelephonyManager;

import cn.jiguang.raw.RawChannel;
import com.bytedance.sdk.openadsdk.net.PangleReporter;
import com.umeng.commonsdk.net.UmengUploader;

import java.net.InetAddress;

import static com.example.netsteps.Steps.done;
import static com.example.netsteps.Steps.step;

/**
 * Sends on every channel the agent hooks, before consent, in a fixed order, from one thread
 * (so that runs with and without the agent can be compared byte for byte). Each step prints
 * "SENT|step|outcome" to the app log; "DONE|sender" ends the sequence.
 */
public class SenderApp extends Application {
    @Override
    public void onCreate() {
        super.onCreate();
        final Context app = this;
        Thread sender = new Thread(() -> run(app), "sender");
        sender.start();
    }

    static void run(Context app) {
        TelephonyManager tm = (TelephonyManager) app.getSystemService(Context.TELEPHONY_SERVICE);
        String imei = tm.getDeviceId();
        String androidId = Settings.Secure.getString(app.getContentResolver(), Settings.Secure.ANDROID_ID);
        String imsi = tm.getSubscriberId(); // read, never sent
        step("imsi-read", imsi == null ? "null" : "len=" + imsi.length());
        step("umeng-http", () -> UmengUploader.postLog(imei, androidId));
        step("umeng-https", () -> UmengUploader.fetchConfig(androidId));
        step("pangle-okhttp", () -> PangleReporter.report(imei, androidId));
        step("pangle-okhttp-async", () -> PangleReporter.ping(androidId));
        step("jiguang-socket", () -> RawChannel.register(imei));
        step("dns", () -> InetAddress.getByName("dns.jiguang.example").getHostAddress());
        step("config", () -> ConfigFetch.flags());
        step("jiguang-tls", () -> RawChannel.hello(androidId));
        step("webview", () -> {
            android.webkit.WebView web = new android.webkit.WebView(app);
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            headers.put("X-Requested-With", "com.example.senderapp");
            web.loadUrl("https://h5.senderapp.example/landing?from=start", headers);
            web.postUrl("https://h5.senderapp.example/form", ("aid=" + androidId).getBytes("UTF-8"));
            return "loaded";
        });
        printMacs();
        done("sender");
    }

    /** "MAC|interface|address" for every interface with a hardware address. */
    static void printMacs() {
        try {
            for (java.net.NetworkInterface nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                byte[] mac = nif.getHardwareAddress();
                if (mac == null) continue;
                StringBuilder sb = new StringBuilder();
                for (byte b : mac) sb.append(sb.length() == 0 ? "" : ":").append(String.format("%02x", b));
                System.out.println("MAC|" + nif.getName() + "|" + sb);
            }
        } catch (Exception e) {
            System.out.println("MAC|error|" + e);
        }
    }
}
