package android.os;

import java.util.Iterator;
import java.util.PriorityQueue;

/** The time-ordered queue a Looper drains; FIFO among messages due at the same time. */
public final class MessageQueue {
    private final PriorityQueue<Message> mQueue = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.when, b.when);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private long mSeq;
    private boolean mQuitting;
    private boolean mQuitSafely;

    MessageQueue() {}

    synchronized boolean enqueue(Message msg, long when) {
        if (mQuitting) return false;
        msg.when = when;
        msg.seq = mSeq++;
        mQueue.add(msg);
        notifyAll();
        return true;
    }

    /** Blocks until the next message is due; null once the queue has quit. */
    synchronized Message next() {
        while (true) {
            if (mQuitting && (!mQuitSafely || mQueue.isEmpty())) return null;
            Message head = mQueue.peek();
            long now = SystemClock.uptimeMillis();
            if (head != null && head.when <= now) {
                return mQueue.poll();
            }
            if (mQuitting && mQuitSafely) {
                // Only future messages are left: quitSafely drops them.
                mQueue.clear();
                return null;
            }
            try {
                if (head == null) wait();
                else wait(Math.max(1, head.when - now));
            } catch (InterruptedException e) {
                // A looper thread is only stopped through quit().
            }
        }
    }

    synchronized void quit(boolean safe) {
        mQuitting = true;
        mQuitSafely = safe;
        if (!safe) mQueue.clear();
        notifyAll();
    }

    synchronized boolean hasMessages(Handler h, int what, Object object) {
        for (Message m : mQueue) {
            if (m.target == h && m.callback == null && m.what == what && (object == null || m.obj == object)) {
                return true;
            }
        }
        return false;
    }

    synchronized boolean hasCallbacks(Handler h, Runnable r) {
        for (Message m : mQueue) {
            if (m.target == h && m.callback == r) return true;
        }
        return false;
    }

    synchronized void removeMessages(Handler h, int what, Object object) {
        Iterator<Message> it = mQueue.iterator();
        while (it.hasNext()) {
            Message m = it.next();
            if (m.target == h && m.callback == null && m.what == what && (object == null || m.obj == object)) {
                it.remove();
            }
        }
    }

    synchronized void removeCallbacks(Handler h, Runnable r, Object object) {
        Iterator<Message> it = mQueue.iterator();
        while (it.hasNext()) {
            Message m = it.next();
            if (m.target == h && m.callback == r && (object == null || m.obj == object)) it.remove();
        }
    }

    synchronized void removeCallbacksAndMessages(Handler h, Object object) {
        Iterator<Message> it = mQueue.iterator();
        while (it.hasNext()) {
            Message m = it.next();
            if (m.target == h && (object == null || m.obj == object)) it.remove();
        }
    }

    public synchronized boolean isIdle() {
        Message head = mQueue.peek();
        return head == null || head.when > SystemClock.uptimeMillis();
    }
}
