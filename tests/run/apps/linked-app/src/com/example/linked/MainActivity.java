package com.example.linked;

import android.app.Activity;
import android.content.ComponentName;
import android.content.Intent;
import android.os.Bundle;
import android.widget.TextView;

/**
 * Wakes a partner app on start, before any consent: starts its service by an explicit
 * component, sends it an explicit broadcast by package, and opens WeChat through its launch
 * intent (associated_start, three times).
 */
public class MainActivity extends Activity {
    static final String PARTNER = "com.example.partner";

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("Linked");
        setContentView(text);
        startService(new Intent().setComponent(new ComponentName(PARTNER, PARTNER + ".PushService")));
        sendBroadcast(new Intent("com.example.partner.WAKE").setPackage(PARTNER));
        Intent chat = getPackageManager().getLaunchIntentForPackage("com.tencent.mm");
        if (chat != null) startActivity(chat);
    }
}
