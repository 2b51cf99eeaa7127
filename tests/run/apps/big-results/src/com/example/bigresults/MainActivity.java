package com.example.bigresults;

import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.widget.TextView;

/** Its privacy dialog shows once the Application's reads are done: a state the run waits for. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("Big results");
        setContentView(text);
        new AlertDialog.Builder(this)
                .setTitle("Privacy policy")
                .setMessage("Please read and accept our privacy policy to continue.")
                .setCancelable(false)
                .setPositiveButton("Agree", (dialog, which) -> text.setText("thanks"))
                .setNegativeButton("Disagree", (dialog, which) -> finish())
                .show();
    }
}
