package com.example.catalogapp;

import android.accounts.Account;
import android.accounts.AccountManager;
import android.accounts.AccountManagerCallback;
import android.accounts.AccountManagerFuture;
import android.bluetooth.BluetoothAdapter;
import android.bluetooth.le.ScanCallback;
import android.bluetooth.le.ScanResult;
import android.content.Context;
import android.hardware.Sensor;
import android.hardware.SensorEvent;
import android.hardware.SensorEventListener;
import android.hardware.SensorManager;
import android.hardware.camera2.CameraDevice;
import android.hardware.camera2.CameraManager;
import android.location.Location;
import android.location.LocationListener;
import android.location.LocationManager;
import android.os.Handler;
import android.os.Looper;
import android.telephony.CellInfo;
import android.telephony.CellLocation;
import android.telephony.PhoneStateListener;
import android.telephony.TelephonyManager;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * APIs that answer through a callback: each is asked once, and each callback counts down
 * `arrived` exactly once, so the app knows when everything it asked for has come back.
 */
final class Callbacks {
    static final int EXPECTED = 8;
    static final CountDownLatch arrived = new CountDownLatch(EXPECTED);
    private static final String W = "callback";

    private Callbacks() {}

    static void start(final Context ctx) {
        final Handler main = new Handler(Looper.getMainLooper());

        final LocationManager lm = (LocationManager) ctx.getSystemService(Context.LOCATION_SERVICE);
        final LocationListener updates = new LocationListener() {
            private final AtomicBoolean first = new AtomicBoolean(true);

            @Override
            public void onLocationChanged(final Location location) {
                if (!first.getAndSet(false)) return;
                lm.removeUpdates(this);
                Results.call(W, "location.getLatitude", () -> location.getLatitude());
                Results.call(W, "location.getLongitude", () -> location.getLongitude());
                done("location update", location.getProvider());
            }
        };
        Results.act(W, "locationManager.requestLocationUpdates", () -> lm.requestLocationUpdates(LocationManager.GPS_PROVIDER, 20, 0f, updates));
        final LocationListener single = new LocationListener() {
            @Override
            public void onLocationChanged(Location location) {
                done("single update", location.getProvider());
            }
        };
        Results.act(W, "locationManager.requestSingleUpdate", () -> lm.requestSingleUpdate(LocationManager.NETWORK_PROVIDER, single, Looper.getMainLooper()));

        final SensorManager sensors = (SensorManager) ctx.getSystemService(Context.SENSOR_SERVICE);
        final Sensor[] accelerometer = new Sensor[1];
        Results.call(W, "sensorManager.getDefaultSensor", () -> accelerometer[0] = sensors.getDefaultSensor(Sensor.TYPE_ACCELEROMETER));
        final SensorEventListener reading = new SensorEventListener() {
            private final AtomicBoolean first = new AtomicBoolean(true);

            @Override
            public void onSensorChanged(SensorEvent event) {
                if (!first.getAndSet(false)) return;
                sensors.unregisterListener(this);
                done("sensor event", String.valueOf(event.values[2]));
            }

            @Override
            public void onAccuracyChanged(Sensor sensor, int accuracy) {}
        };
        Results.call(W, "sensorManager.registerListener", () -> sensors.registerListener(reading, accelerometer[0], SensorManager.SENSOR_DELAY_GAME));

        final TelephonyManager tm = (TelephonyManager) ctx.getSystemService(Context.TELEPHONY_SERVICE);
        final TelephonyManager.CellInfoCallback cells = new TelephonyManager.CellInfoCallback() {
            @Override
            public void onCellInfo(List<CellInfo> info) {
                // Runs inside requestCellInfoUpdate (a direct executor): the app's own read.
                Results.call(W, "telephony.getNetworkOperator", () -> tm.getNetworkOperator());
                done("cell info", info.size() + " cells");
            }
        };
        Results.act(W, "telephony.requestCellInfoUpdate", () -> tm.requestCellInfoUpdate(Runnable::run, cells));
        final PhoneStateListener phone = new PhoneStateListener() {
            @Override
            public void onCellLocationChanged(CellLocation location) {
                done("cell location", location.getClass().getSimpleName());
            }
        };
        Results.act(W, "telephony.listen", () -> tm.listen(phone, PhoneStateListener.LISTEN_CELL_LOCATION));

        final CameraManager cameras = (CameraManager) ctx.getSystemService(Context.CAMERA_SERVICE);
        final CameraDevice.StateCallback opened = new CameraDevice.StateCallback() {
            @Override
            public void onOpened(CameraDevice camera) {
                String id = camera.getId();
                camera.close();
                done("camera opened", id);
            }

            @Override
            public void onDisconnected(CameraDevice camera) {}

            @Override
            public void onError(CameraDevice camera, int error) {
                done("camera error", String.valueOf(error));
            }
        };
        Results.act(W, "cameraManager.openCamera", () -> cameras.openCamera("0", opened, main));

        final ScanCallback scan = new ScanCallback() {
            private final AtomicBoolean first = new AtomicBoolean(true);

            @Override
            public void onScanResult(int callbackType, ScanResult result) {
                if (!first.getAndSet(false)) return;
                BluetoothAdapter.getDefaultAdapter().getBluetoothLeScanner().stopScan(this);
                done("ble scan result", "type " + callbackType);
            }
        };
        Results.act(W, "bluetoothLeScanner.startScan", () -> BluetoothAdapter.getDefaultAdapter().getBluetoothLeScanner().startScan(scan));

        final AccountManagerCallback<Account[]> accountsArrived = new AccountManagerCallback<Account[]>() {
            @Override
            public void run(AccountManagerFuture<Account[]> future) {
                try {
                    done("accounts", future.getResult().length + " accounts");
                } catch (Exception e) {
                    done("accounts", e.getClass().getName());
                }
            }
        };
        Results.call(W, "accountManager.getAccountsByTypeAndFeatures", () -> AccountManager.get(ctx).getAccountsByTypeAndFeatures("com.google", null, accountsArrived, main).isDone());
    }

    private static void done(String what, String text) {
        Results.note(W, what, text);
        arrived.countDown();
    }
}
