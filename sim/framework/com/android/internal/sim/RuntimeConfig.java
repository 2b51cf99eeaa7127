package com.android.internal.sim;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * What the device recorded at install time for one package (<home>/packages/<pkg>/runtime.properties,
 * written by the Python controller): classes, components, permissions.
 */
public final class RuntimeConfig {
    public final Path home;
    public final String packageName;
    public final String processName;
    public final Path classesDir;
    public final String applicationClass;     // null: android.app.Application
    public final String launcherActivity;     // null: no launcher
    public final Set<String> activities;
    public final Map<String, String> services; // class name -> full process name
    public final Map<String, Set<String>> receivers; // manifest receivers: class -> filter actions
    public final Set<String> requested;
    public final Set<String> granted;
    public final int apiLevel;
    public final List<Path> libs;             // SDK jars the app ships (libs/), in order

    private RuntimeConfig(Path home, String process, Properties p) {
        this.home = home;
        this.packageName = p.getProperty("package");
        this.processName = process == null ? packageName : process;
        this.classesDir = Path.of(p.getProperty("classes"));
        this.applicationClass = blankToNull(p.getProperty("application"));
        this.launcherActivity = blankToNull(p.getProperty("launcher"));
        this.activities = list(p.getProperty("activities"));
        this.requested = list(p.getProperty("requested"));
        this.granted = list(p.getProperty("granted"));
        this.apiLevel = Integer.parseInt(p.getProperty("api", "29"));
        List<Path> jars = new ArrayList<>();
        for (String jar : list(p.getProperty("libs"))) jars.add(Path.of(jar));
        this.libs = Collections.unmodifiableList(jars);
        Map<String, String> svc = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("service.")) svc.put(key.substring("service.".length()), p.getProperty(key));
        }
        this.services = Collections.unmodifiableMap(svc);
        Map<String, Set<String>> rcv = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("receiver.")) rcv.put(key.substring("receiver.".length()), list(p.getProperty(key)));
        }
        this.receivers = Collections.unmodifiableMap(rcv);
    }

    /** The manifest receivers whose intent filters name this action, in a stable order. */
    public List<String> receiversFor(String action) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : receivers.entrySet()) {
            if (action != null && e.getValue().contains(action)) out.add(e.getKey());
        }
        Collections.sort(out);
        return out;
    }

    /** Whether a package is installed on this device (its runtime.properties exists). */
    public static boolean installed(Path home, String pkg) {
        return home != null && pkg != null && pkg.matches("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)+")
                && Files.isRegularFile(home.resolve("packages").resolve(pkg).resolve("runtime.properties"));
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.trim(); }

    private static Set<String> list(String s) {
        Set<String> out = new LinkedHashSet<>();
        if (s != null) {
            for (String part : s.split(",")) if (!part.isBlank()) out.add(part.trim());
        }
        return Collections.unmodifiableSet(out);
    }

    public static RuntimeConfig load(Path home, String pkg, String process) throws IOException {
        Path file = home.resolve("packages").resolve(pkg).resolve("runtime.properties");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        if (!pkg.equals(p.getProperty("package"))) {
            throw new IOException(file + ": package is " + p.getProperty("package") + ", expected " + pkg);
        }
        return new RuntimeConfig(home, process, p);
    }

    /** The packages installed on this device (folders with a runtime.properties), sorted. */
    public static List<String> installedPackages(Path home) {
        List<String> out = new ArrayList<>();
        if (home == null) return out;
        try (java.util.stream.Stream<Path> dirs = Files.list(home.resolve("packages"))) {
            dirs.map(d -> d.getFileName().toString()).filter(n -> installed(home, n)).sorted().forEach(out::add);
        } catch (IOException | RuntimeException e) {
            // no packages folder: nothing installed beyond the fixed list
        }
        return out;
    }

    public Path dataDir() { return home.resolve("data").resolve(packageName); }

    public Path logFile() { return home.resolve("logs").resolve(packageName + ".log"); }

    @Override public String toString() { return processName + " " + Arrays.asList(classesDir); }
}
