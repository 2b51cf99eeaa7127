package com.android.internal.sim;

import android.app.ActivityThread;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process's control port (127.0.0.1 only): one JSON object per line in, one per line out.
 * Requests: ping, resume, state, idle {timeout_ms}, dump, screencap {font}, capture {font} (the
 * dump and the screenshot of one instant, in two reply lines: Capture), tap {x,y},
 * key {key: HOME|BACK}, launch, start_service {class, action}, broadcast {action, class}, exit.
 *
 * Every request carries the device's secret ("token"): the device hands it only to the JVMs it
 * starts (environment HARNESS_SIM_SECRET, readable by the same user only), so another local
 * user who finds the port cannot tap "Agree" or stop the app. Without a secret nothing is served.
 */
final class ControlServer {
    static final int MAX_LINE = 64 * 1024;
    static final long UI_TIMEOUT_MS = 5000;
    static final long THREAD_SETTLE_MS = 5000;
    // Drawing only (Java2D and the font are loaded before, off the main thread).
    static final long SCREENCAP_TIMEOUT_MS = 15000;

    private final ServerSocket server;
    private final String pkg;
    private final String process;
    private final byte[] secret;

    ControlServer(String pkg, String process) throws IOException {
        this.pkg = pkg;
        this.process = process;
        this.secret = DeviceSecret.bytes();
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    }

    int port() { return server.getLocalPort(); }

    void start() {
        Thread t = new Thread(this::acceptLoop, "sim-control");
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop() {
        while (true) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "sim-control-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = s.getOutputStream()) {
            String line;
            while ((line = readLine(in)) != null) {
                if (line.isBlank()) continue;
                Map<String, Object> reply;
                boolean exit = false;
                try {
                    Map<String, Object> req = Json.parseObject(line);
                    if (!DeviceSecret.matches(secret, req.get("token"))) {
                        // One refusal, then the connection ends: no guessing on one socket.
                        out.write("{\"ok\":false,\"error\":\"unauthorized\"}\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        return;
                    }
                    exit = "exit".equals(req.get("cmd"));
                    if ("capture".equals(req.get("cmd"))) {
                        Capture.serve(req, out);  // answers in two lines itself
                        continue;
                    }
                    reply = handle(req);
                } catch (Exception e) {
                    reply = failure(e);
                }
                out.write((Json.write(reply) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (exit) ProcessExit.exit(0);
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    static Map<String, Object> failure(Exception e) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ok", false);
        reply.put("error", String.valueOf(e.getMessage() == null ? e.toString() : e.getMessage()));
        return reply;
    }

    private static long left(long end) { return Math.max(1, end - System.currentTimeMillis()); }

    private static final int MAIN_STACK_FRAMES = 40;

    private static String readLine(BufferedReader in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') return b.toString();
            if (b.length() >= MAX_LINE) throw new IOException("request line too long");
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }

    private Map<String, Object> handle(Map<String, Object> req) throws Exception {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ok", true);
        String cmd = String.valueOf(req.get("cmd"));
        switch (cmd) {
            case "ping":
                reply.put("pid", ProcessHandle.current().pid());
                reply.put("package", pkg);
                reply.put("process", process);
                reply.put("paused", AppMain.paused());
                break;
            case "resume":
                AppMain.resume();
                break;
            case "state":
                if (AppMain.paused() || !ActivityThread.isLooping()) {
                    reply.put("foreground", false);
                    reply.put("since", 0);
                    reply.put("activity", null);
                    reply.put("dialog", false);
                } else {
                    reply.putAll(MainThread.call(ActivityThread::state, UI_TIMEOUT_MS));
                }
                reply.put("paused", AppMain.paused());
                break;
            case "idle": {
                // Instrumentation.waitForIdleSync: once start-up is done, a message posted now
                // runs after everything the app queued on its main thread while starting.
                Object ms = req.get("timeout_ms");
                long end = System.currentTimeMillis() + (ms instanceof Number ? ((Number) ms).longValue() : UI_TIMEOUT_MS);
                boolean started = ActivityThread.awaitLooping(left(end));
                if (started) {
                    MainThread.call(() -> Boolean.TRUE, left(end));
                    // The processes it asked for while starting exist now (they may still boot).
                    reply.put("children", ProcessLauncher.drain(left(end)));
                    // Threads the app started (an SDK collecting in the background) get a
                    // bounded time to finish or block, then what they posted back runs too.
                    List<String> busy = AppThreads.awaitQuiet(Math.min(left(end), THREAD_SETTLE_MS));
                    if (busy.isEmpty()) MainThread.call(() -> Boolean.TRUE, left(end));
                    reply.put("busy_threads", busy);
                }
                reply.put("idle", started);
                break;
            }
            case "dump":
                reply.put("xml", AppMain.paused() ? UiDump.launcher() : MainThread.call(ActivityThread::dumpUi, UI_TIMEOUT_MS));
                break;
            case "screencap": {
                // A PNG of what this process shows, base64 in the JSON line: the launcher when
                // asked for it (another app, or none, is in front) or when this process shows
                // nothing; else drawn on the main thread, which owns the views. Java2D and the
                // font are loaded here first, so a slow first load never holds the main thread
                // and a hung main thread costs the bounded wait only.
                String font = String.valueOf(req.get("font"));
                ScreenRenderer.prepare(font);
                boolean launcher = Boolean.TRUE.equals(req.get("launcher"))
                        || AppMain.paused() || !ActivityThread.isLooping();
                byte[] png = launcher
                        ? ScreenRenderer.render(java.util.List.of(), font)
                        : MainThread.call(() -> ActivityThread.screencap(font), SCREENCAP_TIMEOUT_MS);
                reply.put("png", java.util.Base64.getEncoder().encodeToString(png));
                break;
            }
            case "tap": {
                int x = ((Number) req.get("x")).intValue();
                int y = ((Number) req.get("y")).intValue();
                reply.put("hit", MainThread.call(() -> ActivityThread.tap(x, y), UI_TIMEOUT_MS));
                break;
            }
            case "key": {
                String key = String.valueOf(req.get("key"));
                MainThread.call(() -> { ActivityThread.key(key); return null; }, UI_TIMEOUT_MS);
                break;
            }
            case "launch":
                MainThread.call(() -> { ActivityThread.launch(); return null; }, UI_TIMEOUT_MS);
                break;
            case "start_service": {
                String cls = String.valueOf(req.get("class"));
                Object action = req.get("action");
                ActivityThread.deliverService(cls, action == null ? null : action.toString());
                break;
            }
            case "broadcast": {
                // A broadcast the device (or another app's process) sends to this app's manifest
                // receivers: `class` names one (explicit), else every receiver of the action.
                Object cls = req.get("class");
                Object action = req.get("action");
                reply.put("receivers", ActivityThread.receiveBroadcast(
                        action == null ? null : action.toString(), cls == null ? null : cls.toString()));
                break;
            }
            case "main_stack":
                // Read from this (control) thread: it answers even when the main thread is stuck.
                reply.put("frames", AppMain.mainStack(MAIN_STACK_FRAMES));
                break;
            case "exit":
                break;
            default:
                throw new IllegalArgumentException("unknown request " + cmd);
        }
        return reply;
    }
}
