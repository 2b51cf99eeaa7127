package android.app;

import android.content.ComponentCallbacks;
import android.content.ComponentName;
import android.content.Context;
import android.content.ContextWrapper;
import android.content.Intent;
import android.content.pm.PackageManager;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.view.KeyEvent;
import android.view.View;
import android.view.ViewGroup;
import android.widget.FrameLayout;

/** A single screen of an app; the runtime (ActivityThread) drives its lifecycle on the main thread. */
public class Activity extends ContextWrapper implements ComponentCallbacks {
    public static final int RESULT_CANCELED = 0;
    public static final int RESULT_OK = -1;

    private Application mApplication;
    private Intent mIntent;
    private ComponentName mComponent;
    private CharSequence mTitle;
    FrameLayout mDecor;
    FrameLayout mContentParent;
    boolean mFinished;
    boolean mDestroyed;
    boolean mResumed;
    boolean mStopped = true;
    private Handler mHandler;

    public Activity() {
        super(null);
    }

    final void attach(Context base, Application app, Intent intent, ComponentName component) {
        attachBaseContext(base);
        mApplication = app;
        mIntent = intent;
        mComponent = component;
        mHandler = new Handler(Looper.getMainLooper());
        mDecor = new FrameLayout(this);
        // Room for the status and navigation bars: the content starts below the status bar.
        mDecor.setPadding(0, com.android.internal.sim.Layout.STATUS_BAR, 0, com.android.internal.sim.Layout.NAV_BAR);
        mContentParent = new FrameLayout(this);
        mContentParent.setId(android.R.id.content);
        mDecor.addView(mContentParent);
    }

    protected void onCreate(Bundle savedInstanceState) {}
    protected void onStart() {}
    protected void onRestart() {}
    protected void onResume() {}
    protected void onPostResume() {}
    protected void onPause() {}
    protected void onStop() {}
    protected void onDestroy() {}
    protected void onNewIntent(Intent intent) {}
    protected void onSaveInstanceState(Bundle outState) {}
    protected void onActivityResult(int requestCode, int resultCode, Intent data) {}
    public void onWindowFocusChanged(boolean hasFocus) {}
    @Override public void onConfigurationChanged(android.content.res.Configuration newConfig) {}
    @Override public void onLowMemory() {}

    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {}

    public final Application getApplication() { return mApplication; }

    public Intent getIntent() { return mIntent; }

    public void setIntent(Intent newIntent) { mIntent = newIntent; }

    public ComponentName getComponentName() { return mComponent; }

    public String getLocalClassName() { return mComponent.getShortClassName().replaceFirst("^\\.", ""); }

    public void setTitle(CharSequence title) { mTitle = title; }

    public final CharSequence getTitle() { return mTitle; }

    public void setContentView(View view) {
        mContentParent.removeAllViews();
        mContentParent.addView(view, new ViewGroup.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT,
                ViewGroup.LayoutParams.MATCH_PARENT));
    }

    public void setContentView(View view, ViewGroup.LayoutParams params) {
        mContentParent.removeAllViews();
        mContentParent.addView(view, params);
    }

    public void addContentView(View view, ViewGroup.LayoutParams params) {
        mContentParent.addView(view, params);
    }

    public <T extends View> T findViewById(int id) { return mDecor.findViewById(id); }

    public final void runOnUiThread(Runnable action) {
        if (Looper.myLooper() == Looper.getMainLooper()) action.run();
        else mHandler.post(action);
    }

    public void finish() {
        if (mFinished) return;
        mFinished = true;
        ActivityThread.scheduleFinish(this);
    }

    public boolean isFinishing() { return mFinished; }

    public boolean isDestroyed() { return mDestroyed; }

    public boolean moveTaskToBack(boolean nonRoot) {
        ActivityThread.scheduleMoveToBack();
        return true;
    }

    public void onBackPressed() { finish(); }

    public boolean onKeyDown(int keyCode, KeyEvent event) {
        if (keyCode == KeyEvent.KEYCODE_BACK) {
            onBackPressed();
            return true;
        }
        return false;
    }

    @Override public void startActivity(Intent intent) { ActivityThread.startActivity(this, intent, -1); }

    public void startActivityForResult(Intent intent, int requestCode) {
        ActivityThread.startActivity(this, intent, requestCode);
    }

    /**
     * As on Android: a permission already held is granted without asking, one the manifest does
     * not declare is denied without asking, and the rest go to the system's permission prompt
     * (com.android.internal.sim.PermissionPrompt); onRequestPermissionsResult follows on the main
     * thread once every prompt is answered.
     */
    public final void requestPermissions(String[] permissions, int requestCode) {
        if (requestCode < 0) throw new IllegalArgumentException("requestCode should be >= 0");
        String[] perms = permissions.clone();
        int[] results = new int[perms.length];
        java.util.List<Integer> ask = new java.util.ArrayList<>();
        for (int i = 0; i < perms.length; i++) {
            boolean held = checkSelfPermission(perms[i]) == PackageManager.PERMISSION_GRANTED;
            results[i] = held ? PackageManager.PERMISSION_GRANTED : PackageManager.PERMISSION_DENIED;
            if (!held && com.android.internal.sim.SimEnv.isDeclared(perms[i])) ask.add(i);
        }
        Runnable deliver = () -> onRequestPermissionsResult(requestCode, perms, results);
        if (ask.isEmpty()) {
            mHandler.post(deliver);
        } else {
            mHandler.post(() -> com.android.internal.sim.PermissionPrompt.ask(this, perms, ask, results, deliver));
        }
    }

    public boolean shouldShowRequestPermissionRationale(String permission) { return false; }

    final void performCreate(Bundle state) {
        onCreate(state);
        mApplication.dispatchActivityCreated(this, state);
    }

    final void performStart() {
        onStart();
        mStopped = false;
        mApplication.dispatchActivityStarted(this);
    }

    final void performRestart() {
        onRestart();
        performStart();
    }

    final void performResume() {
        onResume();
        mResumed = true;
        mApplication.dispatchActivityResumed(this);
        onPostResume();
    }

    final void performPause() {
        mResumed = false;
        onPause();
        mApplication.dispatchActivityPaused(this);
    }

    final void performStop() {
        mStopped = true;
        onStop();
        mApplication.dispatchActivityStopped(this);
    }

    final void performDestroy() {
        mDestroyed = true;
        onDestroy();
        mApplication.dispatchActivityDestroyed(this);
    }
}
