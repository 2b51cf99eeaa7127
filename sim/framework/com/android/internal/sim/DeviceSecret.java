package com.android.internal.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The per-device secret that authenticates requests to a process's control port and its
 * announcement at the device's gate. The device passes it in the environment of the JVMs it
 * starts (HARNESS_SIM_SECRET): /proc/PID/environ is readable by the same user only, unlike the
 * command line.
 */
final class DeviceSecret {
    static final String ENV = "HARNESS_SIM_SECRET";

    private DeviceSecret() {}

    /** The secret, or null when the process was started without one (then nothing is served). */
    static byte[] bytes() {
        String s = System.getenv(ENV);
        return s == null || s.isEmpty() ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static String text() {
        String s = System.getenv(ENV);
        return s == null ? "" : s;
    }

    /** Constant-time comparison of a request's token with the secret. */
    static boolean matches(byte[] secret, Object token) {
        if (secret == null || !(token instanceof String)) return false;
        return MessageDigest.isEqual(secret, ((String) token).getBytes(StandardCharsets.UTF_8));
    }
}
