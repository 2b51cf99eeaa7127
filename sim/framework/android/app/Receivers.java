package android.app;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.content.IntentFilter;
import android.os.Handler;
import android.os.Looper;

import java.util.ArrayList;
import java.util.List;

/** The receivers this process registered at run time, and delivery to them. */
final class Receivers {
    private Receivers() {}

    private static final class Entry {
        final BroadcastReceiver receiver;
        final IntentFilter filter;

        Entry(BroadcastReceiver receiver, IntentFilter filter) {
            this.receiver = receiver;
            this.filter = new IntentFilter(filter);
        }
    }

    private static final List<Entry> registered = new ArrayList<>();

    static synchronized void register(BroadcastReceiver receiver, IntentFilter filter) {
        registered.add(new Entry(receiver, filter));
    }

    /** As on Android: unregistering a receiver that is not registered throws. */
    static synchronized void unregister(BroadcastReceiver receiver) {
        boolean removed = registered.removeIf(e -> e.receiver == receiver);
        if (!removed) throw new IllegalArgumentException("Receiver not registered: " + receiver);
    }

    static void deliver(Context context, Intent intent) {
        List<BroadcastReceiver> matching = new ArrayList<>();
        synchronized (Receivers.class) {
            List<Entry> byPriority = new ArrayList<>(registered);
            byPriority.sort((a, b) -> Integer.compare(b.filter.getPriority(), a.filter.getPriority()));
            for (Entry e : byPriority) if (e.filter.matches(intent)) matching.add(e.receiver);
        }
        if (matching.isEmpty()) return;
        Handler main = new Handler(Looper.getMainLooper());
        Context app = context.getApplicationContext() != null ? context.getApplicationContext() : context;
        for (BroadcastReceiver r : matching) {
            Intent copy = new Intent(intent);
            main.post(() -> r.onReceive(app, copy));
        }
    }
}
