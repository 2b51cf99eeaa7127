package com.example.linked;

import android.app.Activity;
import android.content.ComponentName;
import android.content.Intent;
import android.content.ServiceConnection;
import android.content.pm.PackageManager;
import android.os.Bundle;
import android.os.IBinder;
import android.widget.TextView;

/**
 * Wakes a partner app on start, before any consent: starts its service by an explicit
 * component, binds to it, sends it an explicit broadcast by package, opens it through its
 * launch intent, and tries WeChat's the same way (associated_start). It also probes whether
 * two other apps are installed (one is not) and looks up its own package, which is no probe.
 */
public class MainActivity extends Activity {
    static final String PARTNER = "com.example.partner";

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("Linked");
        setContentView(text);
        ComponentName push = new ComponentName(PARTNER, PARTNER + ".PushService");
        startService(new Intent().setComponent(push));
        bindService(new Intent().setComponent(push), new ServiceConnection() {
            @Override public void onServiceConnected(ComponentName name, IBinder service) {}
            @Override public void onServiceDisconnected(ComponentName name) {}
        }, BIND_AUTO_CREATE);
        sendBroadcast(new Intent("com.example.partner.WAKE").setPackage(PARTNER));
        PackageManager pm = getPackageManager();
        Intent chat = pm.getLaunchIntentForPackage("com.tencent.mm");
        if (chat != null) startActivity(chat);
        Intent partner = pm.getLaunchIntentForPackage(PARTNER);
        if (partner != null) startActivity(partner);
        for (String probed : new String[] {"com.tencent.mm", "com.example.absent", getPackageName()}) {
            try {
                pm.getPackageInfo(probed, 0);
            } catch (PackageManager.NameNotFoundException e) {
                // not installed: that is the answer the probe wanted
            }
        }
    }
}
