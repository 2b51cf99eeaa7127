package com.example.pushapp;

import android.app.Application;
import android.util.Log;

import cn.jpush.android.api.JPushInterface;

/** Starts push at process start (every process runs this: guard on the process name). */
public class PushDemoApp extends Application {
    @Override
    public void onCreate() {
        super.onCreate();
        String process = Application.getProcessName();
        Log.i("PushDemo", "onCreate in process " + process);
        if (getPackageName().equals(process)) {
            JPushInterface.init(this);
        }
    }
}
