package com.example.shelf;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.Context;
import android.content.DialogInterface;
import android.os.Bundle;
import android.util.Log;
import android.widget.LinearLayout;
import android.widget.TextView;

/** The app's own code asks for consent, but the SDK has already collected by then. */
public class SplashActivity extends Activity {
    private TextView status;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setText("Ad Demo");
        status = new TextView(this);
        status.setText("Loading…");
        root.addView(title);
        root.addView(status);
        setContentView(root);

        boolean agreed = getSharedPreferences("consent", Context.MODE_PRIVATE).getBoolean("agreed", false);
        if (!agreed) {
            new AlertDialog.Builder(this)
                    .setTitle("Privacy Policy")
                    .setMessage("We use your device information to show you relevant ads. "
                            + "Please read our Privacy Policy and tap Agree to continue.")
                    .setCancelable(false)
                    .setPositiveButton("Agree", new DialogInterface.OnClickListener() {
                        @Override
                        public void onClick(DialogInterface dialog, int which) {
                            getSharedPreferences("consent", Context.MODE_PRIVATE).edit()
                                    .putBoolean("agreed", true).apply();
                            status.setText("Welcome!");
                        }
                    })
                    .setNegativeButton("Disagree", new DialogInterface.OnClickListener() {
                        @Override
                        public void onClick(DialogInterface dialog, int which) {
                            Log.i("ShelfDemo", "user disagreed");
                            finish();
                        }
                    })
                    .show();
        } else {
            status.setText("Welcome back!");
        }
    }
}
