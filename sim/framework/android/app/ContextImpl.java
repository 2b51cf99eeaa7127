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
     * As on Android: an implicit broadcast reaches the receivers this process registered whose
     * filter matches (each on the main thread, after this call returns); one made explicit by
     * package or component reaches that app's manifest receivers (and, for this app's own
     * package, its registered ones too). Another installed app's receivers run in that app's
     * process, started for them when it is not running. A package not installed here gets
     * nothing (logged).
     */
    @Override public void sendBroadcast(Intent intent) {
        if (intent == null) throw new IllegalArgumentException("intent is null");
        android.content.ComponentName cmp = intent.getComponent();
        String target = cmp != null ? cmp.getPackageName() : intent.getPackage();
        String own = getPackageName();
        if (target != null && !target.equals(own)) {
            if (!com.android.internal.sim.RuntimeConfig.installed(SimEnv.deviceDir(), target)) {
                android.util.Log.d("ActivityManager", "broadcast " + intent + ": " + target + " is not installed");
                return;
            }
            com.android.internal.sim.ProcessLauncher.startOther(target, "broadcast",
                    cmp == null ? null : cmp.getClassName(), intent.getAction());
            return;
        }
        if (cmp != null) {
            ActivityThread.deliverBroadcast(intent.getAction(), cmp.getClassName());
            return;
        }
        Receivers.deliver(this, intent);
        if (target != null) ActivityThread.deliverBroadcast(intent.getAction(), null);
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
     * Binding starts the service (the app's own, or another installed app's, in its process);
     * onBind is not delivered (no sim app needs it yet). A service not found gives false.
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
