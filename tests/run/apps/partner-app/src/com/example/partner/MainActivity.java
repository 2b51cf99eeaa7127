package com.example.partner;

import android.app.Activity;
import android.os.Bundle;
import android.widget.TextView;

/** Opened by another app through its launch intent. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("Partner");
        setContentView(text);
        Woken.by(this, "activity", String.valueOf(getIntent()));
    }
}
