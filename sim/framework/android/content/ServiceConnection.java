package android.content;

import android.os.IBinder;

/** Told when a bound service connects or goes away (Context.bindService). */
public interface ServiceConnection {
    void onServiceConnected(ComponentName name, IBinder service);

    void onServiceDisconnected(ComponentName name);
}
