package io.harness.selftest.probe;

import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.widget.TextView;

/** Shows the privacy dialog the protocol must find and answer. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("harness self-test probe");
        setContentView(text);
        new AlertDialog.Builder(this)
                .setTitle("Privacy Policy")
                .setMessage("The harness self-test probe. Please read our Privacy Policy and tap "
                        + "Agree to continue.")
                .setCancelable(false)
                .setPositiveButton("Agree", null)
                .setNegativeButton("Disagree", null)
                .show();
    }
}
