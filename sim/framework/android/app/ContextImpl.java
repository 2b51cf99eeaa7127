package android.app;

import android.content.ComponentName;
import android.content.ContentResolver;
import android.content.Context;
import android.content.Intent;
import android.content.SharedPreferences;
import android.content.pm.PackageManager;
import android.os.Looper;

import com.android.internal.sim.SimEnv;
import com.android.internal.sim.SystemServices;

import java.io.File;
import java.util.HashMap;
import java.util.Map;

/** The real Context behind Application, Activity and Service; one per component, as on Android. */
class ContextImpl extends Context {
    private static final Map<String, SharedPreferencesImpl> sPrefs = new HashMap<>();
    private static volatile ContentResolver sResolver;

    private final ClassLoader mClassLoader;

    ContextImpl(ClassLoader classLoader) {
        mClassLoader = classLoader;
    }

    @Override public Object getSystemService(String name) {
        if (name == null) return null;
        return SystemServices.getSystemService(this, name);
    }

    @Override public ContentResolver getContentResolver() {
        ContentResolver r = sResolver;
        if (r == null) {
            synchronized (ContextImpl.class) {
                if (sResolver == null) sResolver = SystemServices.contentResolver(this);
                r = sResolver;
            }
        }
        return r;
    }

    @Override public PackageManager getPackageManager() { return SystemServices.packageManager(this); }

    @Override public SharedPreferences getSharedPreferences(String name, int mode) {
        String key = name == null ? "null" : name;
        if (key.indexOf('/') >= 0 || key.indexOf(File.separatorChar) >= 0) {
            throw new IllegalArgumentException("File " + key + " contains a path separator");
        }
        synchronized (sPrefs) {
            return sPrefs.computeIfAbsent(key, n -> new SharedPreferencesImpl(prefsFile(n)));
        }
    }

    private static File prefsFile(String name) {
        return SimEnv.dataDir().resolve("shared_prefs").resolve(name + ".xml").toFile();
    }

    @Override public boolean deleteSharedPreferences(String name) {
        synchronized (sPrefs) {
            SharedPreferencesImpl p = sPrefs.remove(name);
            if (p != null) p.forget();
        }
        File f = prefsFile(name);
        return !f.exists() || f.delete();
    }

    @Override public Context getApplicationContext() { return ActivityThread.currentApplication(); }

    @Override public String getPackageName() { return SimEnv.packageName(); }

    @Override public Looper getMainLooper() { return Looper.getMainLooper(); }

    @Override public ClassLoader getClassLoader() { return mClassLoader; }

    private static File dir(String name) {
        File f = SimEnv.dataDir().resolve(name).toFile();
        f.mkdirs();
        return f;
    }

    @Override public File getFilesDir() { return dir("files"); }

    @Override public File getCacheDir() { return dir("cache"); }

    @Override public ComponentName startService(Intent service) { return ActivityThread.startService(service); }

    @Override public boolean stopService(Intent service) { return ActivityThread.stopService(service); }

    @Override public void startActivity(Intent intent) { ActivityThread.startActivity(null, intent, -1); }

    /**
     * Delivers to the receivers this process registered whose filter matches, each on the main
     * thread, after this call returns (Android queues broadcasts too). An intent aimed at another
     * package (setPackage / setComponent) reaches none of them: other apps run in their own
     * processes, and the simulated device does not carry broadcasts between processes, nor to
     * manifest-declared receivers.
     */
    @Override public void sendBroadcast(Intent intent) {
        if (intent == null) throw new IllegalArgumentException("intent is null");
        String target = intent.getComponent() != null ? intent.getComponent().getPackageName()
            : intent.getPackage();
        if (target != null && !target.equals(getPackageName())) {
            android.util.Log.d("ActivityManager", "broadcast " + intent
                + " (to another app: not delivered on the simulated device)");
            return;
        }
        if (intent.getComponent() != null) {
            android.util.Log.d("ActivityManager", "broadcast " + intent
                + " (to a manifest receiver: not delivered on the simulated device)");
            return;
        }
        Receivers.deliver(this, intent);
    }

    @Override public android.content.Intent registerReceiver(android.content.BroadcastReceiver receiver,
                                                             android.content.IntentFilter filter) {
        return registerReceiver(receiver, filter, 0);
    }

    @Override public android.content.Intent registerReceiver(android.content.BroadcastReceiver receiver,
                                                             android.content.IntentFilter filter, int flags) {
        if (filter == null) throw new NullPointerException("filter is null");
        if (receiver != null) Receivers.register(receiver, filter);
        return null; // no sticky broadcasts on the simulated device
    }

    @Override public void unregisterReceiver(android.content.BroadcastReceiver receiver) {
        Receivers.unregister(receiver);
    }

    /**
     * Binding starts the app's own service (onBind is not delivered: no sim app needs it yet);
     * another package's service is not found, as for startService, and the result is false.
     */
    @Override public boolean bindService(android.content.Intent service, android.content.ServiceConnection conn,
                                         int flags) {
        if (conn == null) throw new IllegalArgumentException("connection is null");
        return ActivityThread.startService(service) != null;
    }

    @Override public int checkPermission(String permission, int pid, int uid) {
        if (permission == null) throw new IllegalArgumentException("permission is null");
        return SimEnv.isGranted(permission) ? PackageManager.PERMISSION_GRANTED : PackageManager.PERMISSION_DENIED;
    }

    @Override public int checkSelfPermission(String permission) {
        return checkPermission(permission, android.os.Process.myPid(), android.os.Process.myUid());
    }
}
