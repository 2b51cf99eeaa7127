package com.android.internal.sim;

import android.app.ActivityThread;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of a simulated app process (the "zygote" half of Android's process start):
 *
 *   java ... com.android.internal.sim.AppMain --home H --package P [--process P:name]
 *            [--paused] [--service CLASS | --broadcast ACTION [--receiver CLASS] | --activity CLASS]
 *
 * It boots the runtime, opens the control port, registers the process, then holds before any
 * app class is loaded: until a control "resume" (--paused) or until the device's gate answers
 * (HARNESS_SIM_GATE=host:port, used for processes the app itself starts). Only then it creates
 * the app's class loader and runs the Application and the first component.
 */
public final class AppMain {
    private static final CountDownLatch resumed = new CountDownLatch(1);
    private static volatile boolean paused;
    // The JVM's primordial thread, which runs the app's main looper: its stack is the evidence
    // of an app that never reached its first screen (the "main_stack" control request).
    private static final Thread MAIN = Thread.currentThread();

    private AppMain() {}

    static boolean paused() { return paused; }

    static void resume() { resumed.countDown(); }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parseArgs(args);
        Path home = Path.of(require(a, "home"));
        String pkg = require(a, "package");
        RuntimeConfig config = RuntimeConfig.load(home, pkg, a.get("process"));
        String process = config.processName;
        long pid = ProcessHandle.current().pid();

        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            // What a device prints for a crash, then the process dies.
            System.err.println("FATAL EXCEPTION: " + t.getName());
            System.err.println("Process: " + process + ", PID: " + pid);
            e.printStackTrace();
            ProcessExit.exit(1);
        });

        Files.createDirectories(config.dataDir());
        watchController();
        SimEnv.init(pkg, process, config.dataDir(), home, config.apiLevel, config.requested, config.granted);
        ProcessLauncher.init(config);
        SimNet.install(); // before any app code: every host resolves to the device's sink
        ProcessExit.install(() -> {
            Registry.remove(home, pid);
            ProcessLauncher.killChildren();
        }, other -> Registry.find(home, pkg, null).containsKey((long) other));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Capture.awaitSent(ProcessExit.CAPTURE_GRACE_MS);  // System.exit by the app: as ProcessExit
            Registry.remove(home, pid);
        }));

        ControlServer control = new ControlServer(pkg, process);
        control.start();
        paused = a.containsKey("paused");
        Registry.write(home, pid, pkg, process, control.port(), paused ? "paused" : "starting");

        if (paused) {
            resumed.await();
            paused = false;
        } else {
            waitForGate(pid, pkg, process, control.port());
        }
        Registry.write(home, pid, pkg, process, control.port(), "running");

        // The app's classes, then the SDK jars it ships in libs/ (as an APK's dex holds both).
        URL[] path = new URL[1 + config.libs.size()];
        path[0] = config.classesDir.toUri().toURL();
        for (int i = 0; i < config.libs.size(); i++) path[i + 1] = config.libs.get(i).toUri().toURL();
        URLClassLoader loader = new URLClassLoader(path, ClassLoader.getSystemClassLoader());
        // Unnamed, like PathClassLoader: stack frames read "at com.x.Y.m(Y.java:1)" as on Android.
        Thread.currentThread().setContextClassLoader(loader);
        Thread.currentThread().setName("main");
        ActivityThread.main(config, loader, new ActivityThread.Start(
                a.get("service"), a.get("broadcast"), a.get("receiver"), a.get("activity")));
    }

    /**
     * Announces the process to the device's gate and waits for its answer (zygote spawn gating).
     * The gate is a Unix socket (HARNESS_SIM_GATE is its path): the device learns the connecting
     * process from the kernel (SO_PEERCRED), not from what is announced, and checks that it is a
     * process it started. The announcement carries the device's secret.
     */
    /** Where the app's main thread is now, innermost frame first, at most {@code max} frames. */
    public static java.util.List<String> mainStack(int max) {
        java.util.List<String> frames = new java.util.ArrayList<>();
        for (StackTraceElement e : MAIN.getStackTrace()) {
            if (frames.size() >= max) break;
            frames.add(e.getClassName() + "." + e.getMethodName() + "("
                    + (e.getFileName() == null ? "Unknown Source" : e.getFileName() + ":" + e.getLineNumber()) + ")");
        }
        return frames;
    }

    private static void waitForGate(long pid, String pkg, String process, int controlPort) {
        String gate = System.getenv("HARNESS_SIM_GATE");
        if (gate == null || gate.isBlank()) return;
        try (SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.connect(UnixDomainSocketAddress.of(gate));
            Map<String, Object> hello = new LinkedHashMap<>();
            hello.put("token", DeviceSecret.text());
            hello.put("pid", pid);
            hello.put("package", pkg);
            hello.put("process", process);
            hello.put("control_port", controlPort);
            paused = true;
            OutputStream out = Channels.newOutputStream(s);
            out.write((Json.write(hello) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            new BufferedReader(new InputStreamReader(Channels.newInputStream(s), StandardCharsets.UTF_8)).readLine();
        } catch (Exception e) {
            // No gate listening (the run is over, or none was asked for): run ungated.
            System.err.println("sim: gate " + gate + " not reachable (" + e.getMessage() + "); starting at once");
        } finally {
            paused = false;
        }
    }

    /**
     * A per-run device's processes end with the controller that started them, even when it is
     * killed with SIGKILL (no cleanup of its own runs then): HARNESS_SIM_CONTROLLER names its
     * pid, checked with its start time so that a reused pid does not keep the process alive.
     */
    private static void watchController() {
        String value = System.getenv("HARNESS_SIM_CONTROLLER");
        if (value == null || value.isBlank()) return;
        long controller;
        try {
            controller = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return;
        }
        java.util.Optional<java.time.Instant> started =
                ProcessHandle.of(controller).flatMap(h -> h.info().startInstant());
        Thread t = new Thread(() -> {
            while (true) {
                java.util.Optional<ProcessHandle> h = ProcessHandle.of(controller);
                if (h.isEmpty() || !h.get().isAlive() || !h.get().info().startInstant().equals(started)) {
                    System.err.println("sim: controller " + controller + " is gone; exiting");
                    ProcessExit.exit(137);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "sim-controller-watch");
        t.setDaemon(true);
        t.start();
    }

    private static Map<String, String> parseArgs(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (!k.startsWith("--")) throw new IllegalArgumentException("unexpected argument " + k);
            k = k.substring(2);
            if (k.equals("paused")) m.put(k, "");
            else if (i + 1 < args.length) m.put(k, args[++i]);
            else throw new IllegalArgumentException("--" + k + " needs a value");
        }
        return m;
    }

    private static String require(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null) throw new IllegalArgumentException("missing --" + key);
        return v;
    }
}
