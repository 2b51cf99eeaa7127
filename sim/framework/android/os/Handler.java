package android.os;

/** Posts Runnables and Messages to a Looper's queue, to run on that Looper's thread. */
public class Handler {
    public interface Callback {
        boolean handleMessage(Message msg);
    }

    final Looper mLooper;
    final MessageQueue mQueue;
    final Callback mCallback;

    /** @deprecated as on Android: implicitly uses the current thread's Looper. */
    @Deprecated
    public Handler() { this((Callback) null); }

    @Deprecated
    public Handler(Callback callback) {
        this(currentLooper(), callback);
    }

    public Handler(Looper looper) { this(looper, null); }

    public Handler(Looper looper, Callback callback) {
        if (looper == null) throw new NullPointerException("looper");
        mLooper = looper;
        mQueue = looper.mQueue;
        mCallback = callback;
    }

    private static Looper currentLooper() {
        Looper looper = Looper.myLooper();
        if (looper == null) {
            throw new RuntimeException("Can't create handler inside thread " + Thread.currentThread()
                    + " that has not called Looper.prepare()");
        }
        return looper;
    }

    public static Handler createAsync(Looper looper) { return new Handler(looper); }

    public void handleMessage(Message msg) {}

    public void dispatchMessage(Message msg) {
        if (msg.callback != null) {
            msg.callback.run();
        } else {
            if (mCallback != null && mCallback.handleMessage(msg)) return;
            handleMessage(msg);
        }
    }

    public final Looper getLooper() { return mLooper; }

    public final Message obtainMessage() { return Message.obtain(this); }
    public final Message obtainMessage(int what) { return Message.obtain(this, what); }
    public final Message obtainMessage(int what, Object obj) { return Message.obtain(this, what, obj); }
    public final Message obtainMessage(int what, int arg1, int arg2) {
        return Message.obtain(this, what, arg1, arg2);
    }
    public final Message obtainMessage(int what, int arg1, int arg2, Object obj) {
        return Message.obtain(this, what, arg1, arg2, obj);
    }

    public final boolean post(Runnable r) { return sendMessageDelayed(callbackMessage(r), 0); }

    public final boolean postDelayed(Runnable r, long delayMillis) {
        return sendMessageDelayed(callbackMessage(r), delayMillis);
    }

    public final boolean postDelayed(Runnable r, Object token, long delayMillis) {
        Message m = callbackMessage(r);
        m.obj = token;
        return sendMessageDelayed(m, delayMillis);
    }

    public final boolean postAtTime(Runnable r, long uptimeMillis) {
        return sendMessageAtTime(callbackMessage(r), uptimeMillis);
    }

    public final boolean postAtFrontOfQueue(Runnable r) {
        return sendMessageAtFrontOfQueue(callbackMessage(r));
    }

    private Message callbackMessage(Runnable r) {
        if (r == null) throw new NullPointerException("callback");
        return Message.obtain(this, r);
    }

    public final boolean sendMessage(Message msg) { return sendMessageDelayed(msg, 0); }

    public final boolean sendEmptyMessage(int what) { return sendEmptyMessageDelayed(what, 0); }

    public final boolean sendEmptyMessageDelayed(int what, long delayMillis) {
        return sendMessageDelayed(Message.obtain(this, what), delayMillis);
    }

    public final boolean sendEmptyMessageAtTime(int what, long uptimeMillis) {
        return sendMessageAtTime(Message.obtain(this, what), uptimeMillis);
    }

    public final boolean sendMessageDelayed(Message msg, long delayMillis) {
        return sendMessageAtTime(msg, SystemClock.uptimeMillis() + Math.max(0, delayMillis));
    }

    public boolean sendMessageAtTime(Message msg, long uptimeMillis) {
        msg.target = this;
        return mQueue.enqueue(msg, uptimeMillis);
    }

    public final boolean sendMessageAtFrontOfQueue(Message msg) {
        msg.target = this;
        return mQueue.enqueue(msg, Long.MIN_VALUE);
    }

    public final boolean hasMessages(int what) { return mQueue.hasMessages(this, what, null); }
    public final boolean hasMessages(int what, Object object) { return mQueue.hasMessages(this, what, object); }
    public final boolean hasCallbacks(Runnable r) { return mQueue.hasCallbacks(this, r); }
    public final void removeMessages(int what) { mQueue.removeMessages(this, what, null); }
    public final void removeMessages(int what, Object object) { mQueue.removeMessages(this, what, object); }
    public final void removeCallbacks(Runnable r) { mQueue.removeCallbacks(this, r, null); }
    public final void removeCallbacks(Runnable r, Object token) { mQueue.removeCallbacks(this, r, token); }
    public final void removeCallbacksAndMessages(Object token) { mQueue.removeCallbacksAndMessages(this, token); }

    @Override public String toString() {
        return "Handler (" + getClass().getName() + ") {" + Integer.toHexString(System.identityHashCode(this)) + "}";
    }
}
