package com.example.catalogapp;

import android.app.Activity;
import android.os.Bundle;
import android.widget.TextView;

/** A plain screen: the probes run in the Application, before any activity. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("catalogue probe");
        setContentView(text);
    }
}
