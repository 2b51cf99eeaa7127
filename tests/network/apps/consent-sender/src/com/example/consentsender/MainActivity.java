package com.example.consentsender;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.DialogInterface;
import android.os.Bundle;
import android.widget.TextView;

import com.qq.e.comm.managers.GDTADManager;

/** A privacy dialog; the ad SDK ignores a refusal and uploads again, also in the background. */
public class MainActivity extends Activity {
    private boolean refused;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("欢迎");
        setContentView(text);
        new AlertDialog.Builder(this)
                .setTitle("用户协议与隐私政策")
                .setMessage("请您阅读并同意《隐私政策》。我们会在您同意后收集设备信息。")
                .setCancelable(false)
                .setPositiveButton("同意", new DialogInterface.OnClickListener() {
                    @Override
                    public void onClick(DialogInterface dialog, int which) {}
                })
                .setNegativeButton("不同意", new DialogInterface.OnClickListener() {
                    @Override
                    public void onClick(DialogInterface dialog, int which) {
                        refused = true;
                        GDTADManager.reportAfterRefusal(MainActivity.this);
                    }
                })
                .show();
    }

    @Override
    protected void onStop() {
        super.onStop();
        if (refused) {
            GDTADManager.heartbeat(this);
        }
    }
}
