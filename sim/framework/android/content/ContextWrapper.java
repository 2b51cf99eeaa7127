package android.content;

import android.content.pm.PackageManager;
import android.os.Looper;

import java.io.File;

/** Proxies every Context call to a base context, which the runtime attaches before onCreate. */
public class ContextWrapper extends Context {
    Context mBase;

    public ContextWrapper(Context base) {
        mBase = base;
    }

    protected void attachBaseContext(Context base) {
        if (mBase != null) {
            throw new IllegalStateException("Base context already set");
        }
        mBase = base;
    }

    public Context getBaseContext() {
        return mBase;
    }

    private Context base() {
        if (mBase == null) {
            // A real device fails the same way when a context is used before attach.
            throw new NullPointerException("Attempt to use a Context before attachBaseContext");
        }
        return mBase;
    }

    @Override public Object getSystemService(String name) { return base().getSystemService(name); }
    @Override public ContentResolver getContentResolver() { return base().getContentResolver(); }
    @Override public PackageManager getPackageManager() { return base().getPackageManager(); }
    @Override public SharedPreferences getSharedPreferences(String name, int mode) {
        return base().getSharedPreferences(name, mode);
    }
    @Override public Context getApplicationContext() { return base().getApplicationContext(); }
    @Override public String getPackageName() { return base().getPackageName(); }
    @Override public Looper getMainLooper() { return base().getMainLooper(); }
    @Override public ClassLoader getClassLoader() { return base().getClassLoader(); }
    @Override public File getFilesDir() { return base().getFilesDir(); }
    @Override public File getCacheDir() { return base().getCacheDir(); }
    @Override public ComponentName startService(Intent service) { return base().startService(service); }
    @Override public boolean stopService(Intent service) { return base().stopService(service); }
    @Override public void startActivity(Intent intent) { base().startActivity(intent); }
    @Override public void sendBroadcast(Intent intent) { base().sendBroadcast(intent); }

    @Override public Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter) {
        return base().registerReceiver(receiver, filter);
    }

    @Override public Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter, int flags) {
        return base().registerReceiver(receiver, filter, flags);
    }

    @Override public void unregisterReceiver(BroadcastReceiver receiver) { base().unregisterReceiver(receiver); }
    @Override public boolean bindService(Intent service, ServiceConnection conn, int flags) {
        return base().bindService(service, conn, flags);
    }
    @Override public int checkPermission(String permission, int pid, int uid) {
        return base().checkPermission(permission, pid, uid);
    }
    @Override public int checkSelfPermission(String permission) {
        return base().checkSelfPermission(permission);
    }
    @Override public boolean deleteSharedPreferences(String name) {
        return base().deleteSharedPreferences(name);
    }
}
