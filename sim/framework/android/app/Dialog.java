package android.app;

import android.content.Context;
import android.content.ContextWrapper;
import android.content.DialogInterface;
import android.os.Bundle;
import android.os.Looper;
import android.view.View;
import android.view.ViewGroup;
import android.view.WindowManager;
import android.widget.FrameLayout;

/** A window on top of its activity's window. */
public class Dialog implements DialogInterface {
    private final Context mContext;
    final FrameLayout mDecor;
    final FrameLayout mContentParent;
    private boolean mCreated;
    private boolean mShowing;
    boolean mCancelable = true;
    boolean mCanceledOnTouchOutside = true;
    private CharSequence mTitle;
    private OnCancelListener mOnCancelListener;
    private OnDismissListener mOnDismissListener;
    private OnShowListener mOnShowListener;
    private Activity mOwnerActivity;

    public Dialog(Context context) {
        this(context, 0);
    }

    public Dialog(Context context, int themeResId) {
        if (context == null) throw new NullPointerException("context");
        mContext = context;
        mDecor = new FrameLayout(context);
        mContentParent = new FrameLayout(context);
        mContentParent.setId(android.R.id.content);
        mDecor.addView(mContentParent, new ViewGroup.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT,
                ViewGroup.LayoutParams.WRAP_CONTENT));
        Activity owner = activityOf(context);
        if (owner != null) mOwnerActivity = owner;
    }

    static Activity activityOf(Context context) {
        Context c = context;
        while (c != null) {
            if (c instanceof Activity) return (Activity) c;
            if (!(c instanceof ContextWrapper)) return null;
            c = ((ContextWrapper) c).getBaseContext();
        }
        return null;
    }

    public final Context getContext() { return mContext; }

    public final Activity getOwnerActivity() { return mOwnerActivity; }

    public final void setOwnerActivity(Activity activity) { mOwnerActivity = activity; }

    protected void onCreate(Bundle savedInstanceState) {}

    protected void onStart() {}

    protected void onStop() {}

    public void create() {
        if (!mCreated) {
            mCreated = true;
            onCreate(null);
        }
    }

    public void setContentView(View view) {
        mContentParent.removeAllViews();
        mContentParent.addView(view, new ViewGroup.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT,
                ViewGroup.LayoutParams.WRAP_CONTENT));
    }

    public void setContentView(View view, ViewGroup.LayoutParams params) {
        mContentParent.removeAllViews();
        mContentParent.addView(view, params);
    }

    public <T extends View> T findViewById(int id) { return mDecor.findViewById(id); }

    public void setTitle(CharSequence title) { mTitle = title; }

    CharSequence getTitle() { return mTitle; }

    public void setCancelable(boolean flag) { mCancelable = flag; }

    public void setCanceledOnTouchOutside(boolean cancel) {
        if (cancel && !mCancelable) mCancelable = true;
        mCanceledOnTouchOutside = cancel;
    }

    public void setOnCancelListener(OnCancelListener listener) { mOnCancelListener = listener; }

    public void setOnDismissListener(OnDismissListener listener) { mOnDismissListener = listener; }

    public void setOnShowListener(OnShowListener listener) { mOnShowListener = listener; }

    public boolean isShowing() { return mShowing; }

    /** Adds the window; like Android it needs a running activity and a thread with a Looper. */
    public void show() {
        if (mShowing) return;
        if (Looper.myLooper() == null) {
            throw new RuntimeException("Can't create handler inside thread " + Thread.currentThread()
                    + " that has not called Looper.prepare()");
        }
        Activity activity = activityOf(mContext);
        if (activity == null) {
            throw new WindowManager.BadTokenException(
                    "Unable to add window -- token null is not valid; is your activity running?");
        }
        if (activity.isFinishing() || activity.isDestroyed()) {
            throw new WindowManager.BadTokenException("Unable to add window -- token android.os.BinderProxy@"
                    + Integer.toHexString(System.identityHashCode(activity)) + " is not valid; is your activity running?");
        }
        create();
        ActivityThread.addDialogWindow(this, activity);
        mShowing = true;
        onStart();
        if (mOnShowListener != null) mOnShowListener.onShow(this);
    }

    public void hide() {
        if (mShowing) mDecor.setVisibility(View.GONE);
    }

    @Override public void dismiss() {
        if (!mShowing) return;
        mShowing = false;
        ActivityThread.removeWindow(this);
        onStop();
        if (mOnDismissListener != null) mOnDismissListener.onDismiss(this);
    }

    @Override public void cancel() {
        if (mOnCancelListener != null) mOnCancelListener.onCancel(this);
        dismiss();
    }

    public void onBackPressed() {
        if (mCancelable) cancel();
    }
}
