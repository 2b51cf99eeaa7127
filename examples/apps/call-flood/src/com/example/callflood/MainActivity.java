package com.example.callflood;

import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.provider.Settings;
import android.widget.TextView;

/**
 * The controller's memory under a flood (issue #14): one cheap catalogue read, ANDROID_ID,
 * CALLS times from one thread before consent, then the privacy dialog, so a run with a long
 * --dialog-timeout observes the whole flood and goes on as soon as it is over. Prints
 * "FLOOD|done|N" when every call has returned. benchmarks/bench_flood_memory.py and
 * tests/run/test_flood_memory_sim.py copy this folder and rewrite CALLS for smaller sizes.
 */
public class MainActivity extends Activity {
    static final int CALLS = 1000000;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("Call flood");
        setContentView(text);
        new Thread(this::flood, "flood").start();
    }

    private void flood() {
        int done = 0;
        for (int i = 0; i < CALLS; i++) {
            if (Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID) != null) {
                done++;
            }
        }
        System.out.println("FLOOD|done|" + done);
        System.out.flush();
        runOnUiThread(this::askConsent);
    }

    private void askConsent() {
        new AlertDialog.Builder(this)
                .setTitle("隐私政策 Privacy policy")
                .setMessage("请阅读并同意《隐私政策》。Please read and accept the privacy policy.")
                .setCancelable(false)
                .setPositiveButton("同意", (dialog, which) -> { })
                .setNegativeButton("不同意", (dialog, which) -> finish())
                .show();
    }
}
