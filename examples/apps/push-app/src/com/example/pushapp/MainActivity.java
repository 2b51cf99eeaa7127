package com.example.pushapp;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.Context;
import android.content.DialogInterface;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;

/** Shows the consent dialog (traditional Chinese); the push service has long started by then. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        final TextView text = new TextView(this);
        text.setText("推播示範");
        root.addView(text);
        setContentView(root);
        if (getSharedPreferences("settings", Context.MODE_PRIVATE).getBoolean("privacy_ok", false)) {
            return;
        }
        new AlertDialog.Builder(this)
                .setTitle("隱私權政策")
                .setMessage("感謝您使用本應用程式。請詳閱《隱私權政策》，了解我們如何蒐集、處理及利用您的個人資料。"
                        + "點選「同意」即表示您已閱讀並同意本政策。")
                .setCancelable(false)
                .setPositiveButton("同意", new DialogInterface.OnClickListener() {
                    @Override
                    public void onClick(DialogInterface dialog, int which) {
                        getSharedPreferences("settings", Context.MODE_PRIVATE).edit()
                                .putBoolean("privacy_ok", true).apply();
                        text.setText("歡迎");
                    }
                })
                .setNegativeButton("不同意", new DialogInterface.OnClickListener() {
                    @Override
                    public void onClick(DialogInterface dialog, int which) {
                        finish();
                    }
                })
                .show();
    }
}
