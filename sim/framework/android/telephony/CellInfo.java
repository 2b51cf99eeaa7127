package android.telephony;

/** One cell seen by the modem (serving or neighbour). */
public abstract class CellInfo {
    public static final int CONNECTION_NONE = 0;
    public static final int CONNECTION_PRIMARY_SERVING = 1;
    public static final int CONNECTION_SECONDARY_SERVING = 2;
    public static final int CONNECTION_UNKNOWN = Integer.MAX_VALUE;
    public static final int UNAVAILABLE = Integer.MAX_VALUE;

    private final boolean registered;
    private final long timeStampNanos;

    CellInfo(boolean registered) {
        this.registered = registered;
        this.timeStampNanos = System.nanoTime();
    }

    public boolean isRegistered() { return registered; }

    @Deprecated
    public long getTimeStamp() { return timeStampNanos; }

    public long getTimestampMillis() { return timeStampNanos / 1_000_000L; }

    public int getCellConnectionStatus() {
        return registered ? CONNECTION_PRIMARY_SERVING : CONNECTION_NONE;
    }
}
