package android.app;

import android.content.ComponentCallbacks;
import android.content.ContextWrapper;
import android.os.Bundle;

import java.util.ArrayList;
import java.util.List;

/** Base class for maintaining global application state; created first in every app process. */
public class Application extends ContextWrapper implements ComponentCallbacks {
    public interface ActivityLifecycleCallbacks {
        void onActivityCreated(Activity activity, Bundle savedInstanceState);
        void onActivityStarted(Activity activity);
        void onActivityResumed(Activity activity);
        void onActivityPaused(Activity activity);
        void onActivityStopped(Activity activity);
        void onActivitySaveInstanceState(Activity activity, Bundle outState);
        void onActivityDestroyed(Activity activity);
    }

    private final List<ActivityLifecycleCallbacks> mCallbacks = new ArrayList<>();

    public Application() {
        super(null);
    }

    /** Called by the runtime: the base context, then (via ActivityThread) onCreate. */
    final void attach(android.content.Context base) {
        attachBaseContext(base);
    }

    public void onCreate() {}

    public void onTerminate() {}

    @Override public void onLowMemory() {}

    public void onTrimMemory(int level) {}

    @Override public void onConfigurationChanged(android.content.res.Configuration newConfig) {}

    /** The name of the current process (API 28). */
    public static String getProcessName() {
        return com.android.internal.sim.SimEnv.processName();
    }

    public void registerActivityLifecycleCallbacks(ActivityLifecycleCallbacks callback) {
        synchronized (mCallbacks) {
            mCallbacks.add(callback);
        }
    }

    public void unregisterActivityLifecycleCallbacks(ActivityLifecycleCallbacks callback) {
        synchronized (mCallbacks) {
            mCallbacks.remove(callback);
        }
    }

    private ActivityLifecycleCallbacks[] callbacks() {
        synchronized (mCallbacks) {
            return mCallbacks.toArray(new ActivityLifecycleCallbacks[0]);
        }
    }

    void dispatchActivityCreated(Activity a, Bundle state) {
        for (ActivityLifecycleCallbacks c : callbacks()) c.onActivityCreated(a, state);
    }
    void dispatchActivityStarted(Activity a) { for (ActivityLifecycleCallbacks c : callbacks()) c.onActivityStarted(a); }
    void dispatchActivityResumed(Activity a) { for (ActivityLifecycleCallbacks c : callbacks()) c.onActivityResumed(a); }
    void dispatchActivityPaused(Activity a) { for (ActivityLifecycleCallbacks c : callbacks()) c.onActivityPaused(a); }
    void dispatchActivityStopped(Activity a) { for (ActivityLifecycleCallbacks c : callbacks()) c.onActivityStopped(a); }
    void dispatchActivityDestroyed(Activity a) { for (ActivityLifecycleCallbacks c : callbacks()) c.onActivityDestroyed(a); }
}
