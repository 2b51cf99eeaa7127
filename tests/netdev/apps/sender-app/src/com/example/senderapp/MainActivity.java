package com.example.senderapp;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.DialogInterface;
import android.os.Bundle;
import android.widget.TextView;

/** A consent dialog, so that the run has phases; the SDKs have sent by then. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("Sender");
        setContentView(text);
        new AlertDialog.Builder(this)
                .setTitle("Privacy Policy")
                .setMessage("Please read our Privacy Policy and tap Agree to continue.")
                .setCancelable(false)
                .setPositiveButton("Agree", (DialogInterface d, int w) -> text.setText("Welcome"))
                .setNegativeButton("Disagree", (DialogInterface d, int w) -> finish())
                .show();
    }
}
