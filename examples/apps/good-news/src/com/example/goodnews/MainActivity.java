package com.example.goodnews;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.DialogInterface;
import android.os.Bundle;
import android.util.Log;
import android.widget.LinearLayout;
import android.widget.TextView;

/** Asks for consent on first launch; starts the personalised features only after 同意. */
public class MainActivity extends Activity {
    private TextView status;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setText("好消息 Good News");
        status = new TextView(this);
        status.setText("欢迎使用");
        root.addView(title);
        root.addView(status);
        setContentView(root);

        if (ConsentStore.hasConsent(this)) {
            startFeatures();
        } else {
            showPrivacyDialog();
        }
    }

    private void showPrivacyDialog() {
        new AlertDialog.Builder(this)
                .setTitle("用户协议与隐私政策")
                .setMessage("欢迎使用好消息！我们非常重视您的个人信息保护。在使用前，请您仔细阅读"
                        + "《用户协议》和《隐私政策》。我们会在您同意后，为提供本地新闻读取设备标识和位置信息。"
                        + "点击“同意”即表示您已阅读并同意上述条款。")
                .setCancelable(false)
                .setPositiveButton("同意", new DialogInterface.OnClickListener() {
                    @Override
                    public void onClick(DialogInterface dialog, int which) {
                        ConsentStore.saveConsent(MainActivity.this);
                        Log.i(GoodNewsApp.TAG, "consent given");
                        startFeatures();
                    }
                })
                .setNegativeButton("不同意", new DialogInterface.OnClickListener() {
                    @Override
                    public void onClick(DialogInterface dialog, int which) {
                        Log.i(GoodNewsApp.TAG, "consent refused once");
                        showSecondChance();
                    }
                })
                .show();
    }

    private void showSecondChance() {
        new AlertDialog.Builder(this)
                .setTitle("再次提示")
                .setMessage("您需要同意《隐私政策》才能使用好消息的全部功能。如果不同意，将无法继续使用本应用。")
                .setCancelable(false)
                .setPositiveButton("同意并继续", new DialogInterface.OnClickListener() {
                    @Override
                    public void onClick(DialogInterface dialog, int which) {
                        ConsentStore.saveConsent(MainActivity.this);
                        Log.i(GoodNewsApp.TAG, "consent given on second prompt");
                        startFeatures();
                    }
                })
                .setNegativeButton("退出应用", new DialogInterface.OnClickListener() {
                    @Override
                    public void onClick(DialogInterface dialog, int which) {
                        Log.i(GoodNewsApp.TAG, "consent refused; leaving without collecting anything");
                        finish();
                    }
                })
                .show();
    }

    private void startFeatures() {
        String where = LocalNews.region(this);
        status.setText("已同意 · 本地新闻: " + where);
    }
}
