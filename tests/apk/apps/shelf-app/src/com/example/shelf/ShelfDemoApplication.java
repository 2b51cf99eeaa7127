package com.example.shelf;

import android.app.Application;

import com.qq.e.comm.managers.GDTAdSdk;

/** Initialises the ad SDK at process start, as its integration guide says: before any consent. */
public class ShelfDemoApplication extends Application {
    static final String APP_ID = "1200000001";

    @Override
    public void onCreate() {
        super.onCreate();
        GDTAdSdk.init(this, APP_ID);
    }
}
