package com.android.internal.sim;

import android.view.View;

import java.util.ArrayList;
import java.util.List;

/**
 * The windows of this process, bottom to top: one per activity, one per showing dialog.
 * Only the main thread changes them, but the control thread reads them; hence the locking.
 */
public final class Screen {
    public static final int WIDTH = 1080;
    public static final int HEIGHT = 2400;

    /** One window: its root view, the activity or dialog that owns it, and where it is. */
    public static final class Window {
        public final View root;
        public final Object owner;      // an android.app.Activity or android.app.Dialog
        public final Object activity;   // the activity this window belongs to
        public final boolean dialog;
        int left, top, right, bottom;

        Window(View root, Object owner, Object activity, boolean dialog) {
            this.root = root;
            this.owner = owner;
            this.activity = activity;
            this.dialog = dialog;
        }

        public boolean contains(int x, int y) { return x >= left && x < right && y >= top && y < bottom; }
    }

    private static final Screen INSTANCE = new Screen();

    private final List<Window> windows = new ArrayList<>();

    private Screen() {}

    public static Screen get() { return INSTANCE; }

    public synchronized Window add(View root, Object owner, Object activity, boolean dialog) {
        Window w = new Window(root, owner, activity, dialog);
        windows.add(w);
        return w;
    }

    public synchronized void remove(Object owner) {
        windows.removeIf(w -> w.owner == owner);
    }

    /** Windows of one activity (its own and its dialogs), in z-order. */
    public synchronized List<Window> windowsOf(Object activity) {
        List<Window> out = new ArrayList<>();
        for (Window w : windows) if (w.activity == activity) out.add(w);
        return out;
    }

    public synchronized List<Object> dialogsOf(Object activity) {
        List<Object> out = new ArrayList<>();
        for (Window w : windows) if (w.activity == activity && w.dialog) out.add(w.owner);
        return out;
    }

    public synchronized boolean isWindowRoot(View v) {
        for (Window w : windows) if (w.root == v) return true;
        return false;
    }
}
