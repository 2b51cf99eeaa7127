package com.example.goodnews;

import android.app.Application;
import android.util.Log;

/** Does nothing privacy-relevant at start: all collection waits for consent. */
public class GoodNewsApp extends Application {
    static final String TAG = "GoodNews";

    @Override
    public void onCreate() {
        super.onCreate();
        Log.i(TAG, "application created; consent=" + ConsentStore.hasConsent(this));
        RemoteConfig.fetchAsync(); // nothing personal: the app's version only
    }
}
