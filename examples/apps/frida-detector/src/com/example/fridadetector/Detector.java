package com.example.fridadetector;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** The checks of common anti-Frida code: server binary, default port, TracerPid, the maps. */
final class Detector {
    private Detector() {}

    /** What gave Frida away, or null. */
    static String findFrida() {
        if (new File("/data/local/tmp/frida-server").exists()) {
            return "frida-server binary";
        }
        if (portOpen(27042)) {
            return "frida-server port";
        }
        String tracer = firstLineStarting("/proc/self/status", "TracerPid:");
        if (tracer != null && !tracer.substring("TracerPid:".length()).trim().equals("0")) {
            return "traced";
        }
        String line = firstLineContaining("/proc/self/maps", "frida");
        return line == null ? null : "frida in /proc/self/maps";
    }

    private static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return false; // something answers: on a bench that may be anything, keep looking
        } catch (IOException e) {
            return false;
        }
    }

    private static String firstLineStarting(String path, String prefix) {
        try (BufferedReader in = new BufferedReader(new FileReader(path))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String firstLineContaining(String path, String needle) {
        try (BufferedReader in = new BufferedReader(new FileReader(path))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.contains(needle)) {
                    return line;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
