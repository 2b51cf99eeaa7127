package com.example.senderapp;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/** The app's own, non-personal request: a feature-flag fetch. */
final class ConfigFetch {
    private ConfigFetch() {}

    static String flags() throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL("https://config.senderapp.example/v1/flags?v=1").openConnection();
        c.setRequestProperty("Accept", "application/json");
        int code = c.getResponseCode();
        return code + " " + readAll(c.getInputStream());
    }

    static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
        in.close();
        return out.toString("UTF-8");
    }
}
