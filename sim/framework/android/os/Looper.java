package android.os;

/** Runs a message loop for a thread; the main looper runs lifecycle, clicks and Handler posts. */
public final class Looper {
    private static final ThreadLocal<Looper> sThreadLocal = new ThreadLocal<>();
    private static volatile Looper sMainLooper;

    final MessageQueue mQueue;
    final Thread mThread;

    private Looper() {
        mQueue = new MessageQueue();
        mThread = Thread.currentThread();
    }

    public static void prepare() {
        if (sThreadLocal.get() != null) {
            throw new RuntimeException("Only one Looper may be created per thread");
        }
        sThreadLocal.set(new Looper());
    }

    public static void prepareMainLooper() {
        prepare();
        synchronized (Looper.class) {
            if (sMainLooper != null) {
                throw new IllegalStateException("The main Looper has already been prepared.");
            }
            sMainLooper = myLooper();
        }
    }

    public static Looper getMainLooper() {
        return sMainLooper;
    }

    public static Looper myLooper() {
        return sThreadLocal.get();
    }

    public static MessageQueue myQueue() {
        Looper me = myLooper();
        if (me == null) throw new RuntimeException("No Looper; Looper.prepare() wasn't called on this thread.");
        return me.mQueue;
    }

    /** Dispatches messages until quit; an exception thrown by a message escapes, as on Android. */
    public static void loop() {
        Looper me = myLooper();
        if (me == null) {
            throw new RuntimeException("No Looper; Looper.prepare() wasn't called on this thread.");
        }
        while (true) {
            Message msg = me.mQueue.next();
            if (msg == null) return;
            msg.target.dispatchMessage(msg);
        }
    }

    public boolean isCurrentThread() { return Thread.currentThread() == mThread; }

    public Thread getThread() { return mThread; }

    public MessageQueue getQueue() { return mQueue; }

    public void quit() { mQueue.quit(false); }

    public void quitSafely() { mQueue.quit(true); }

    @Override public String toString() {
        return "Looper (" + mThread.getName() + ", tid " + mThread.getId() + ") {"
                + Integer.toHexString(System.identityHashCode(this)) + "}";
    }
}
