package com.android.internal.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Starts the app's other processes (services with android:process), as the system does through
 * zygote: a new JVM with the same flags, which announces itself to the device's gate (inherited
 * environment) before running any app code.
 */
public final class ProcessLauncher {
    public static final String MAIN_CLASS = "com.android.internal.sim.AppMain";
    private static final ExecutorService AM = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ActivityManager");
        t.setDaemon(true);
        return t;
    });
    private static final Map<String, Process> started = new HashMap<>();
    // processes of other installed apps this one started ("pkg|process"): not this app's, so
    // wait_idle does not wait for them; they end with this process as its own children do
    private static final Map<String, Process> others = new HashMap<>();
    private static volatile RuntimeConfig config;

    private ProcessLauncher() {}

    static void init(RuntimeConfig c) { config = c; }

    /** Starts (or reaches) the process, then has it run the service; never blocks the caller. */
    public static void startService(String process, String serviceClass, String action) {
        AM.execute(() -> {
            try {
                deliver(process, serviceClass, action);
            } catch (Exception e) {
                android.util.Log.e("ActivityManager", "Unable to start service " + serviceClass + " in " + process, e);
            }
        });
    }

    private static void deliver(String process, String serviceClass, String action) throws Exception {
        RuntimeConfig c = config;
        Map<Long, Integer> live = Registry.find(c.home, c.packageName, process);
        if (!live.isEmpty()) {
            int port = live.values().iterator().next();
            request(port, "{\"cmd\":\"start_service\",\"class\":" + Json.quote(serviceClass)
                    + ",\"action\":" + (action == null ? "null" : Json.quote(action)) + "}");
            return;
        }
        Process running = started.get(process);
        if (running != null && running.isAlive()) {
            // Started but not registered yet: it runs its first service itself; a second
            // request is delivered once it has registered.
            for (int i = 0; i < 3000 && running.isAlive(); i++) {
                live = Registry.find(c.home, c.packageName, process);
                if (!live.isEmpty()) {
                    deliver(process, serviceClass, action);
                    return;
                }
                Thread.sleep(10);
            }
            return;
        }
        started.put(process, spawn(process, serviceClass));
    }

    /**
     * Reaches another installed app's component (an explicit intent naming its package), as the
     * system would: through its running process's control port, else by starting a process of
     * that app for it (its main process, or the service's own). Never blocks the caller.
     * `kind` is service | broadcast | activity; `cls` the component (null: a broadcast to every
     * receiver of `action`, or the launcher activity).
     */
    public static void startOther(String pkg, String kind, String cls, String action) {
        AM.execute(() -> {
            try {
                deliverOther(pkg, kind, cls, action);
            } catch (Exception e) {
                android.util.Log.e("ActivityManager", "Unable to reach " + kind + " " + cls + " of " + pkg, e);
            }
        });
    }

    private static void deliverOther(String pkg, String kind, String cls, String action) throws Exception {
        RuntimeConfig c = config;
        RuntimeConfig other = RuntimeConfig.load(c.home, pkg, null);
        String process = pkg;
        String request;
        List<String> startArgs = new ArrayList<>();
        switch (kind) {
            case "service":
                process = other.services.get(cls);
                if (process == null) return;
                request = "{\"cmd\":\"start_service\",\"class\":" + Json.quote(cls) + ",\"action\":"
                        + (action == null ? "null" : Json.quote(action)) + "}";
                startArgs.add("--service");
                startArgs.add(cls);
                break;
            case "broadcast":
                request = "{\"cmd\":\"broadcast\",\"action\":" + (action == null ? "null" : Json.quote(action))
                        + ",\"class\":" + (cls == null ? "null" : Json.quote(cls)) + "}";
                startArgs.add("--broadcast");
                startArgs.add(action == null ? "" : action);
                if (cls != null) {
                    startArgs.add("--receiver");
                    startArgs.add(cls);
                }
                break;
            default:
                request = "{\"cmd\":\"launch\"}";
                if (cls != null && !cls.equals(other.launcherActivity)) {
                    startArgs.add("--activity");
                    startArgs.add(cls);
                }
        }
        String key = pkg + "|" + process;
        for (int i = 0; i < 3000; i++) {
            Map<Long, Integer> live = Registry.find(c.home, pkg, process);
            if (!live.isEmpty()) {
                request(live.values().iterator().next(), request);
                return;
            }
            Process running = others.get(key);
            if (running == null || !running.isAlive()) break;
            Thread.sleep(10); // started but not registered yet: deliver once it has
        }
        others.put(key, launch(other, process, startArgs, false));
    }

    private static Process spawn(String process, String serviceClass) throws IOException {
        return launch(config, process, List.of("--service", serviceClass), true);
    }

    /**
     * A new JVM for `target`'s `process`. The app's own processes inherit the device's gate; a
     * process of another app does not (this run's gate instruments only its own app, and
     * would refuse it), so it runs at once, with its own log.
     */
    private static Process launch(RuntimeConfig target, String process, List<String> startArgs, boolean own)
            throws IOException {
        RuntimeConfig c = target;
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String flags = System.getenv("HARNESS_SIM_JVM_FLAGS");
        if (flags != null) {
            for (String f : flags.trim().split("\\s+")) if (!f.isEmpty()) cmd.add(f);
        }
        cmd.add("-javaagent:" + System.getProperty("java.class.path")); // SimAgent: the device's MAC
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MAIN_CLASS);
        cmd.add("--home");
        cmd.add(c.home.toString());
        cmd.add("--package");
        cmd.add(c.packageName);
        if (own || !process.equals(c.packageName)) {  // another app's main process: no --process
            cmd.add("--process");
            cmd.add(process);
        }
        cmd.addAll(startArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (!own) pb.environment().remove("HARNESS_SIM_GATE");
        pb.redirectErrorStream(true);
        java.io.File log = c.logFile().toFile();
        log.getParentFile().mkdirs();
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        android.util.Log.i("ActivityManager", "Start proc " + process + " for " + String.join(" ", startArgs));
        return pb.start();
    }

    /**
     * Waits until every start request made so far has been handled (the executor runs them in
     * order), then returns the pids of the started processes that are alive.
     */
    static List<Long> drain(long timeoutMs) throws Exception {
        return AM.submit(() -> {
            List<Long> pids = new ArrayList<>();
            for (Process p : started.values()) if (p.isAlive()) pids.add(p.pid());
            return pids;
        }).get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Kills the processes this one started (on exit, so that none is left behind). */
    static void killChildren() {
        for (Process p : started.values()) p.destroyForcibly();
        for (Process p : others.values()) p.destroyForcibly();
    }

    static String request(int port, String line) throws IOException {
        // The sibling's control port wants the device's secret, which this process inherited.
        line = "{\"token\":" + Json.quote(DeviceSecret.text()) + "," + line.substring(1);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }
}
