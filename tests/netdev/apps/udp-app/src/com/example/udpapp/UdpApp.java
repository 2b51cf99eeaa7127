package com.example.udpapp;

import android.app.Application;
import android.content.Context;
import android.provider.Settings;
import android.telephony.TelephonyManager;

import com.tencent.beacon.UdpBeacon;

import static com.example.netsteps.Steps.done;
import static com.example.netsteps.Steps.step;

/**
 * Sends UDP datagrams before consent, from one thread, in a fixed order: to a name, to a public
 * address literal, on a connected socket, through a DatagramChannel, and one on loopback that
 * must stay there. Prints "SENT|step|outcome"; "DONE|udp" ends the sequence.
 */
public class UdpApp extends Application {
    @Override
    public void onCreate() {
        super.onCreate();
        final Context app = this;
        new Thread(() -> run(app), "udp").start();
    }

    static void run(Context app) {
        TelephonyManager tm = (TelephonyManager) app.getSystemService(Context.TELEPHONY_SERVICE);
        String imei = tm.getDeviceId();
        String androidId = Settings.Secure.getString(app.getContentResolver(), Settings.Secure.ANDROID_ID);
        step("named", () -> UdpBeacon.toName(imei));
        step("literal", () -> UdpBeacon.toLiteral(androidId));
        step("connected", () -> UdpBeacon.connected(imei));
        step("channel", () -> UdpBeacon.channel(androidId));
        step("loopback", () -> UdpBeacon.loopback());
        done("udp");
    }
}
