package cn.jpush.android.service;

import android.app.Service;
import android.content.Context;
import android.content.Intent;
import android.os.IBinder;
import android.telephony.TelephonyManager;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The (fake) JPush service in the ":push" process: registers the IMEI, raw, on its socket. */
public class PushService extends Service {
    @Override
    public int onStartCommand(Intent intent, int flags, int startId) {
        TelephonyManager tm = (TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
        final String imei = tm.getImei();
        new Thread(() -> {
            try (Socket s = new Socket("s.jpush.example", 7000)) {
                OutputStream out = s.getOutputStream();
                out.write(("REG imei=" + imei + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                System.out.println("PUSH|registered");
            } catch (Exception e) {
                System.out.println("PUSH|error " + e);
            }
            System.out.flush();
        }, "jpush-register").start();
        return START_STICKY;
    }

    @Override
    public IBinder onBind(Intent intent) {
        return null;
    }
}
