package com.example.netbench;

import android.app.Application;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Times requests to the device's sink, each from the call to the last byte of the answer:
 * "TIME|<client>|<size>|<nanoseconds>" per request, after a warm-up; "DONE|bench" at the end.
 * benchmarks/bench_netsend.py runs it with and without the agent and compares.
 */
public class BenchApp extends Application {
    static final int WARMUP = 100;
    static final int SMALL = 1024;
    static final int LARGE = 1024 * 1024;
    static final OkHttpClient OKHTTP = new OkHttpClient();

    @Override
    public void onCreate() {
        super.onCreate();
        new Thread(BenchApp::run, "bench").start();
    }

    static void run() {
        try {
            byte[] small = body(SMALL);
            byte[] large = body(LARGE);
            for (int i = 0; i < WARMUP; i++) {
                huc(small);
                okhttp(small);
            }
            for (int i = 0; i < 300; i++) time("huc", SMALL, () -> huc(small));
            for (int i = 0; i < 300; i++) time("okhttp", SMALL, () -> okhttp(small));
            for (int i = 0; i < 40; i++) time("huc", LARGE, () -> huc(large));
            for (int i = 0; i < 40; i++) time("okhttp", LARGE, () -> okhttp(large));
        } catch (Exception e) {
            System.out.println("ERROR|" + e);
        }
        System.out.println("DONE|bench");
        System.out.flush();
    }

    interface Request0 {
        void run() throws Exception;
    }

    static void time(String client, int size, Request0 r) throws Exception {
        long start = System.nanoTime();
        r.run();
        long took = System.nanoTime() - start;
        System.out.println("TIME|" + client + "|" + size + "|" + took);
    }

    static byte[] body(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) ('0' + i % 10);
        return b;
    }

    static void huc(byte[] body) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL("http://collect.bench.example/v1/log").openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        try (InputStream in = c.getInputStream()) {
            byte[] buf = new byte[256];
            while (in.read(buf) > 0) { /* discard */ }
        }
    }

    static void okhttp(byte[] body) throws Exception {
        Request request = new Request.Builder().url("http://collect.bench.example/v1/ok")
                .post(RequestBody.create(MediaType.get("application/octet-stream"), body)).build();
        try (Response response = OKHTTP.newCall(request).execute()) {
            response.body().bytes();
        }
    }
}
