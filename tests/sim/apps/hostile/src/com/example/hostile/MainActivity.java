package com.example.hostile;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.DialogInterface;
import android.os.Bundle;
import android.util.Log;
import android.widget.TextView;

/** An ordinary English privacy dialog, so that the run goes through its whole protocol. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("Hostile " + HostileApp.CONTROLS);
        setContentView(text);
        new AlertDialog.Builder(this)
                .setTitle("Privacy Policy")
                .setMessage("Please read our Privacy Policy and User Agreement. Tap Agree to accept.")
                .setCancelable(false)
                .setPositiveButton("Agree", new DialogInterface.OnClickListener() {
                    @Override
                    public void onClick(DialogInterface dialog, int which) {
                        Log.i(HostileApp.TAG, "consent given");
                    }
                })
                .setNegativeButton("Disagree", new DialogInterface.OnClickListener() {
                    @Override
                    public void onClick(DialogInterface dialog, int which) {
                        finish();
                    }
                })
                .show();
    }
}
