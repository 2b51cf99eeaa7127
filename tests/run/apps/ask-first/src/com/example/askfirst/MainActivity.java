package com.example.askfirst;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.Context;
import android.content.DialogInterface;
import android.content.SharedPreferences;
import android.content.pm.PackageManager;
import android.os.Bundle;
import android.provider.Settings;
import android.widget.TextView;

/**
 * What the regulator's checklist is about: asks for location and phone permissions in onCreate,
 * before its privacy dialog, asks again once when denied, and reads the Android ID on every
 * launch, consent or not. Only an acceptance is remembered, so after a refusal the next launch
 * asks for the permissions and shows the dialog again.
 */
public class MainActivity extends Activity {
    private static final String[] WANTED = {
        "android.permission.ACCESS_FINE_LOCATION", "android.permission.READ_PHONE_STATE"};
    private boolean askedAgain;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("Ask First");
        setContentView(text);
        Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
        if (!prefs().getBoolean("agreed", false)) requestPermissions(WANTED, 1);
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] results) {
        boolean denied = false;
        for (int r : results) denied |= r != PackageManager.PERMISSION_GRANTED;
        if (denied && !askedAgain) {
            askedAgain = true;
            requestPermissions(WANTED, 2);
            return;
        }
        showPrivacyDialog();
    }

    private void showPrivacyDialog() {
        new AlertDialog.Builder(this)
                .setTitle("隐私政策")
                .setMessage("请您阅读并同意《隐私政策》。我们将收集设备信息和位置信息。")
                .setCancelable(false)
                .setPositiveButton("同意", (DialogInterface d, int w) ->
                        prefs().edit().putBoolean("agreed", true).apply())
                .setNegativeButton("不同意", (DialogInterface d, int w) -> {})
                .show();
    }

    private SharedPreferences prefs() { return getSharedPreferences("privacy", Context.MODE_PRIVATE); }
}
