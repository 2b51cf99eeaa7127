package com.qq.e.comm.managers;

import android.content.Context;
import android.content.pm.PackageInfo;
import android.net.wifi.WifiInfo;
import android.net.wifi.WifiManager;
import android.os.Handler;
import android.os.Looper;
import android.util.Log;

import com.qq.e.comm.net.AdReporter;
import com.qq.e.comm.util.BaseCollector;

import java.util.List;

/** Collects the device fingerprint the ad requests carry. */
final class DeviceStatus extends BaseCollector {
    private static final String TAG = "GDTADNetClient";

    DeviceStatus(Context context) {
        super(context);
    }

    void collectNow() {
        String imei = readImei();
        String androidId = readAndroidId();
        Log.d(TAG, "device imei=" + imei + " aid=" + androidId);
        AdReporter.reportAsync(imei, androidId); // before the app has asked for consent
    }

    static void collectInBackground(final Context context) {
        Thread worker = new Thread(new Runnable() {
            @Override
            public void run() {
                WifiManager wifi = (WifiManager) context.getSystemService(Context.WIFI_SERVICE);
                WifiInfo info = wifi.getConnectionInfo();
                String mac = info.getMacAddress();
                final List<PackageInfo> apps = context.getPackageManager().getInstalledPackages(0);
                Log.d(TAG, "mac=" + mac + " apps=" + apps.size());
                // Report back on the main thread, as the SDK's callbacks do.
                new Handler(Looper.getMainLooper()).post(new Runnable() {
                    @Override
                    public void run() {
                        Log.d(TAG, "device profile ready (" + apps.size() + " packages)");
                    }
                });
            }
        }, "GDT_DEVICE_STATUS");
        worker.start();
    }
}
