package android.bluetooth.le;

import android.bluetooth.BluetoothAdapter;
import android.bluetooth.BluetoothDevice;
import android.os.Handler;
import android.os.Looper;
import com.android.internal.sim.SimEnv;
import java.util.ArrayList;
import java.util.List;

/**
 * Bluetooth LE scanning. Each scan reports the paired devices once as nearby advertisers, on the
 * main Looper; as on Android 10, an app without a location permission gets no results (and no
 * error).
 */
public final class BluetoothLeScanner {
    private final List<ScanCallback> active = new ArrayList<>();

    /** @hide Apps obtain it from BluetoothAdapter.getBluetoothLeScanner(). */
    public BluetoothLeScanner() {}

    public void startScan(ScanCallback callback) {
        if (callback == null) throw new IllegalArgumentException("callback is null");
        Handler main = new Handler(Looper.getMainLooper());
        synchronized (active) {
            if (active.contains(callback)) {
                main.post(() -> callback.onScanFailed(ScanCallback.SCAN_FAILED_ALREADY_STARTED));
                return;
            }
            active.add(callback);
        }
        boolean located = SimEnv.isGranted("android.permission.ACCESS_FINE_LOCATION")
            || SimEnv.isGranted("android.permission.ACCESS_COARSE_LOCATION");
        if (!located) return;
        int rssi = -60;
        for (BluetoothDevice device : BluetoothAdapter.getDefaultAdapter().getBondedDevices()) {
            ScanResult result = new ScanResult(device, rssi, System.nanoTime());
            rssi -= 7;
            main.post(() -> {
                boolean stillScanning;
                synchronized (active) {
                    stillScanning = active.contains(callback);
                }
                if (stillScanning) callback.onScanResult(1, result);
            });
        }
    }

    public void stopScan(ScanCallback callback) {
        synchronized (active) {
            active.remove(callback);
        }
    }

    public void flushPendingScanResults(ScanCallback callback) {}
}
