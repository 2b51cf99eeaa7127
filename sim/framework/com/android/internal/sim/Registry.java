package com.android.internal.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The device's list of live app processes: one JSON file per process under <home>/proc, so that
 * separate controller invocations (CLI commands) find them. Dead entries are ignored by readers.
 */
public final class Registry {
    private Registry() {}

    static Path dir(Path home) { return home.resolve("proc"); }

    static Path file(Path home, long pid) { return dir(home).resolve(pid + ".json"); }

    public static void write(Path home, long pid, String pkg, String process, int controlPort, String state)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("package", pkg);
        m.put("process", process);
        m.put("control_port", controlPort);
        m.put("state", state);
        m.put("started", ProcessHandle.current().info().startInstant().map(Object::toString).orElse(""));
        Files.createDirectories(dir(home));
        Path tmp = dir(home).resolve("." + pid + ".tmp");
        Files.writeString(tmp, Json.write(m) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file(home, pid), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void remove(Path home, long pid) {
        try {
            Files.deleteIfExists(file(home, pid));
        } catch (IOException ignored) {
            // Readers skip dead pids anyway.
        }
    }

    /** Live processes of a package with that process name: pid -> control port. */
    public static Map<Long, Integer> find(Path home, String pkg, String process) {
        Map<Long, Integer> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir(home))) return out;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir(home), "*.json")) {
            for (Path f : files) {
                try {
                    Map<String, Object> m = Json.parseObject(Files.readString(f, StandardCharsets.UTF_8));
                    long pid = ((Number) m.get("pid")).longValue();
                    if (!pkg.equals(m.get("package"))) continue;
                    if (process != null && !process.equals(m.get("process"))) continue;
                    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                    out.put(pid, ((Number) m.get("control_port")).intValue());
                } catch (IOException | RuntimeException e) {
                    // Half-written or foreign file: not a live process.
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
