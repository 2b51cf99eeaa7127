package com.example.bigresults;

import android.app.Application;
import android.util.Log;
import com.huawei.hms.ads.identifier.AdvertisingIdClient;

/**
 * Asks for 100 advertising-id results of 2 MiB each (200 MiB against the JVM's 128 MiB heap)
 * and keeps none: each can be collected only once the agent has let go of the global
 * reference its wrapper took, so a leak of those references ends in OutOfMemoryError.
 */
public class BigResultsApp extends Application {
    static final int CALLS = 100;

    @Override
    public void onCreate() {
        super.onCreate();
        long ids = 0;
        try {
            for (int i = 0; i < CALLS; i++) {
                ids += AdvertisingIdClient.getAdvertisingIdInfo(this).getId().length();
                Thread.sleep(10); // an SDK's polling pace, not a flood
            }
            Log.i("BigResults", "read " + CALLS + " results, " + ids + " id chars");
        } catch (OutOfMemoryError e) {
            Log.i("BigResults", "out of memory after reading results: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
