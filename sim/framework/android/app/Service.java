package android.app;

import android.content.ComponentCallbacks;
import android.content.ComponentName;
import android.content.Context;
import android.content.ContextWrapper;
import android.content.Intent;
import android.os.IBinder;

/** An app component that runs without a UI; may live in its own process (android:process). */
public abstract class Service extends ContextWrapper implements ComponentCallbacks {
    public static final int START_STICKY_COMPATIBILITY = 0;
    public static final int START_STICKY = 1;
    public static final int START_NOT_STICKY = 2;
    public static final int START_REDELIVER_INTENT = 3;

    private Application mApplication;
    private ComponentName mComponent;

    public Service() {
        super(null);
    }

    final void attach(Context base, Application app, ComponentName component) {
        attachBaseContext(base);
        mApplication = app;
        mComponent = component;
    }

    public final Application getApplication() { return mApplication; }

    public void onCreate() {}

    public int onStartCommand(Intent intent, int flags, int startId) { return START_STICKY; }

    public abstract IBinder onBind(Intent intent);

    public boolean onUnbind(Intent intent) { return false; }

    public void onDestroy() {}

    @Override public void onConfigurationChanged(android.content.res.Configuration newConfig) {}

    @Override public void onLowMemory() {}

    public final void stopSelf() { ActivityThread.stopLocalService(mComponent.getClassName()); }

    public final void stopSelf(int startId) { stopSelf(); }
}
