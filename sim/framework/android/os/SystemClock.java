package android.os;

/** Clocks as on Android: uptime and elapsed realtime are monotonic, in milliseconds. */
public final class SystemClock {
    private static final long ORIGIN = System.nanoTime();

    private SystemClock() {}

    public static long uptimeMillis() { return (System.nanoTime() - ORIGIN) / 1_000_000L; }

    public static long elapsedRealtime() { return uptimeMillis(); }

    public static long elapsedRealtimeNanos() { return System.nanoTime() - ORIGIN; }

    public static long currentThreadTimeMillis() { return uptimeMillis(); }

    public static void sleep(long ms) {
        long end = uptimeMillis() + ms;
        boolean interrupted = false;
        while (true) {
            long left = end - uptimeMillis();
            if (left <= 0) break;
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
