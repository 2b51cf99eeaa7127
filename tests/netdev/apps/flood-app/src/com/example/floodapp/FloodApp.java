package com.example.floodapp;

import android.app.Application;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * The adversary's traffic (issue #11's bad input): a huge body, a flood of requests, and a
 * connection it never closes. Prints "SENT|step|outcome", then "DONE|flood".
 */
public class FloodApp extends Application {
    public static final int HUGE = 5 * 1024 * 1024;
    public static final int REQUESTS = 300;
    static Socket neverClosed; // held open until the process dies

    @Override
    public void onCreate() {
        super.onCreate();
        new Thread(FloodApp::run, "flood").start();
    }

    static void run() {
        try {
            byte[] body = new byte[HUGE];
            for (int i = 0; i < body.length; i++) body[i] = (byte) ('a' + i % 26);
            HttpURLConnection c = (HttpURLConnection) new URL("http://bulk.flood.example/upload").openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            System.out.println("SENT|huge|" + c.getResponseCode());
            drain(c.getInputStream());

            int ok = 0;
            for (int i = 0; i < REQUESTS; i++) {
                HttpURLConnection p = (HttpURLConnection) new URL("http://api.flood.example/ping?i=" + i).openConnection();
                if (p.getResponseCode() == 200) ok++;
                drain(p.getInputStream());
            }
            System.out.println("SENT|flood|" + ok);

            neverClosed = new Socket("idle.flood.example", 9000);
            OutputStream out = neverClosed.getOutputStream();
            out.write("PING\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            System.out.println("SENT|open|written");
        } catch (Exception e) {
            System.out.println("SENT|error|" + e);
        }
        System.out.println("DONE|flood");
        System.out.flush();
    }

    static void drain(InputStream in) throws Exception {
        byte[] buf = new byte[4096];
        while (in.read(buf) > 0) { /* discard */ }
        in.close();
    }
}
