package com.example.hang;

import android.app.Activity;

public class MainActivity extends Activity {
}
