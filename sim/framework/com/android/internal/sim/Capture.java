package com.android.internal.sim;

import android.app.ActivityThread;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `capture {font, launcher}`: a phase's UI dump and screenshot in one request, answered in two
 * lines. The first, {"ok":true,"xml":...}, is written as soon as the main thread has dumped and
 * drawn the screen (one instant for both: nothing of the app runs between them); the second,
 * {"ok":true,"png":"<base64>"}, once the picture is encoded here, off the main thread. The
 * controller goes on with the protocol after the first line and reads the second in the
 * background, so a phase's picture is still of its instant but its encoding is off the run's
 * critical path (docs/speed.md).
 *
 * A process that ends on its own right after a capture (a crash on the decisive tap) waits a
 * bounded time for the pictures still being encoded or sent (ProcessExit), so the picture taken
 * before is still delivered; the controller itself waits for them before it kills the app.
 */
public final class Capture {
    /** What the main thread read: the dump and the drawn screen. */
    public record Shot(String xml, BufferedImage image) {}

    private static final Object LOCK = new Object();
    private static int sending;  // shots drawn whose second line is not written yet

    private Capture() {}

    static void serve(Map<String, Object> req, OutputStream out) throws IOException {
        Shot shot;
        try {
            String font = String.valueOf(req.get("font"));
            ScreenRenderer.prepare(font);  // off the main thread, as for screencap
            boolean launcher = Boolean.TRUE.equals(req.get("launcher"))
                    || AppMain.paused() || !ActivityThread.isLooping();
            shot = launcher
                    ? new Shot(UiDump.launcher(), ScreenRenderer.draw(List.of(), font))
                    : MainThread.call(() -> ActivityThread.capture(font), ControlServer.SCREENCAP_TIMEOUT_MS);
        } catch (Exception e) {
            write(out, ControlServer.failure(e));
            return;
        }
        synchronized (LOCK) {
            sending++;
        }
        try {
            Map<String, Object> first = new LinkedHashMap<>();
            first.put("ok", true);
            first.put("xml", shot.xml());
            write(out, first);
            Map<String, Object> second;
            try {
                second = new LinkedHashMap<>();
                second.put("ok", true);
                second.put("png", Base64.getEncoder().encodeToString(Png.encode(shot.image())));
            } catch (IOException | RuntimeException e) {
                second = ControlServer.failure(e);
            }
            write(out, second);
        } finally {
            synchronized (LOCK) {
                sending--;
                LOCK.notifyAll();
            }
        }
    }

    private static void write(OutputStream out, Map<String, Object> reply) throws IOException {
        out.write((Json.write(reply) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Waits (at most `ms`) until no drawn picture is left to encode or send. */
    static void awaitSent(long ms) {
        long end = System.currentTimeMillis() + ms;
        synchronized (LOCK) {
            long left;
            while (sending > 0 && (left = end - System.currentTimeMillis()) > 0) {
                try {
                    LOCK.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
