package android.database;

import android.os.Handler;

/** Receives change notifications for content (never fired on the simulated device: its data is fixed). */
public abstract class ContentObserver {
    private final Handler handler;

    public ContentObserver(Handler handler) {
        this.handler = handler;
    }

    public boolean deliverSelfNotifications() { return false; }

    public void onChange(boolean selfChange) {}

    public void onChange(boolean selfChange, android.net.Uri uri) {
        onChange(selfChange);
    }

    public final void dispatchChange(boolean selfChange, android.net.Uri uri) {
        if (handler == null) {
            onChange(selfChange, uri);
        } else {
            handler.post(() -> onChange(selfChange, uri));
        }
    }
}
