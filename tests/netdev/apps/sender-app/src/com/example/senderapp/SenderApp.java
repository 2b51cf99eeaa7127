package com.example.senderapp;

import android.app.Application;
import android.content.Context;
import android.provider.Settings;
import android.telephony.TelephonyManager;

import cn.jiguang.raw.RawChannel;
import com.bytedance.sdk.openadsdk.net.PangleReporter;
import com.umeng.commonsdk.net.UmengUploader;

import java.net.InetAddress;

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
        System.out.println("DONE|sender");
        System.out.flush();
    }

    interface Step {
        String run() throws Exception;
    }

    static void step(String name, Step step) {
        String outcome;
        try {
            outcome = step.run();
        } catch (Exception e) {
            outcome = "error " + e;
        }
        step(name, outcome);
    }

    static void step(String name, String outcome) {
        System.out.println("SENT|" + name + "|" + outcome);
        System.out.flush();
    }
}
