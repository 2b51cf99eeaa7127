package com.example.fridadetector;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.Context;
import android.os.Bundle;
import android.telephony.TelephonyManager;
import android.widget.TextView;

/** Reached only when no instrumentation was found: the privacy dialog, then the IMEI. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("Frida Detector");
        setContentView(text);
        new AlertDialog.Builder(this)
                .setTitle("Privacy policy")
                .setMessage("Please read and accept our privacy policy to continue.")
                .setCancelable(false)
                .setPositiveButton("Agree", (dialog, which) -> {
                    TelephonyManager tm = (TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
                    text.setText("device " + tm.getDeviceId());
                })
                .setNegativeButton("Disagree", (dialog, which) -> finish())
                .show();
    }
}
