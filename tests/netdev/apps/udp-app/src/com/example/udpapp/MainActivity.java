package com.example.udpapp;

import android.app.Activity;

public class MainActivity extends Activity {}
