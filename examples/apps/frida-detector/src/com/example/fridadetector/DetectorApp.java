package com.example.fridadetector;

import android.app.Application;
import android.util.Log;

/** Checks for instrumentation before anything else runs, and quits quietly when it finds it. */
public class DetectorApp extends Application {
    static final String TAG = "FridaDetector";

    @Override
    public void onCreate() {
        super.onCreate();
        String found = Detector.findFrida();
        if (found != null) {
            Log.i(TAG, "instrumentation found (" + found + "); quitting");
            System.exit(0);
        }
        Log.i(TAG, "no instrumentation found");
    }
}
