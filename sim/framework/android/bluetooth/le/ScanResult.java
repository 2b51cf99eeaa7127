package android.bluetooth.le;

import android.bluetooth.BluetoothDevice;

/** One advertisement seen by an LE scan. */
public final class ScanResult {
    public static final int DATA_COMPLETE = 0;

    private final BluetoothDevice device;
    private final int rssi;
    private final long timestampNanos;

    ScanResult(BluetoothDevice device, int rssi, long timestampNanos) {
        this.device = device;
        this.rssi = rssi;
        this.timestampNanos = timestampNanos;
    }

    public BluetoothDevice getDevice() { return device; }
    public int getRssi() { return rssi; }
    public long getTimestampNanos() { return timestampNanos; }
    public boolean isConnectable() { return true; }

    @Override
    public String toString() { return "ScanResult{device=" + device + ", rssi=" + rssi + "}"; }
}
