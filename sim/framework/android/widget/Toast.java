package android.widget;

import android.content.Context;

/** A transient message; the simulated device writes it to the process log. */
public class Toast {
    public static final int LENGTH_SHORT = 0;
    public static final int LENGTH_LONG = 1;

    private final Context mContext;
    private CharSequence mText = "";
    private int mDuration;

    public Toast(Context context) {
        mContext = context;
    }

    public static Toast makeText(Context context, CharSequence text, int duration) {
        Toast t = new Toast(context);
        t.mText = text == null ? "" : text;
        t.mDuration = duration;
        return t;
    }

    public void setText(CharSequence s) { mText = s; }

    public void setDuration(int duration) { mDuration = duration; }

    public int getDuration() { return mDuration; }

    public void show() { android.util.Log.i("Toast", String.valueOf(mText)); }

    public void cancel() {}
}
