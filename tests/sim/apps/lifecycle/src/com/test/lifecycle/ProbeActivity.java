package com.test.lifecycle;

import android.app.Activity;
import android.content.Context;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.telephony.TelephonyManager;
import android.util.Log;
import android.view.View;
import android.widget.Button;
import android.widget.CheckBox;
import android.widget.LinearLayout;
import android.widget.TextView;

/** A counter persisted in SharedPreferences, a check box, a crash button and a hostile label. */
public class ProbeActivity extends Activity {
    static final int ID_COUNTER = 0x7f010001;

    private TextView counter;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        log("activity.onCreate");
        try {
            TelephonyManager tm = (TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
            Log.i("Probe", "imei=" + tm.getDeviceId());
        } catch (SecurityException e) {
            Log.i("Probe", "imei-denied " + e.getMessage());
        }
        final SharedPreferences prefs = getSharedPreferences("counter", Context.MODE_PRIVATE);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        counter = new TextView(this);
        counter.setId(ID_COUNTER);
        counter.setText("count=" + prefs.getInt("count", 0));
        Button add = new Button(this);
        add.setText("Add");
        add.setOnClickListener(new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                int n = prefs.getInt("count", 0) + 1;
                prefs.edit().putInt("count", n).apply();
                counter.setText("count=" + n);
                log("click");
            }
        });
        CheckBox box = new CheckBox(this);
        box.setText("I have read the terms");
        Button crash = new Button(this);
        crash.setText("Crash");
        crash.setOnClickListener(new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                throw new IllegalStateException("boom from a click");
            }
        });
        TextView hostile = new TextView(this);
        hostile.setText("<b>&\"quoted\"'\u0001</b>");
        hostile.setContentDescription("desc<>&");
        root.addView(counter);
        root.addView(add);
        root.addView(box);
        root.addView(crash);
        root.addView(hostile);
        setContentView(root);
        new Handler(Looper.getMainLooper()).postDelayed(new Runnable() {
            @Override
            public void run() {
                log("handler.postDelayed");
            }
        }, 50);
    }

    @Override
    protected void onStart() {
        super.onStart();
        log("activity.onStart");
    }

    @Override
    protected void onResume() {
        super.onResume();
        log("activity.onResume");
    }

    @Override
    protected void onRestart() {
        super.onRestart();
        log("activity.onRestart");
    }

    @Override
    protected void onPause() {
        super.onPause();
        log("activity.onPause");
    }

    @Override
    protected void onStop() {
        super.onStop();
        log("activity.onStop");
    }

    @Override
    protected void onDestroy() {
        super.onDestroy();
        log("activity.onDestroy");
    }

    private static void log(String what) {
        Log.i("Probe", what + " thread=" + Thread.currentThread().getName());
    }
}
