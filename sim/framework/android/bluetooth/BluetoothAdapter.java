package android.bluetooth;

import com.android.internal.sim.DeviceData;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The local Bluetooth adapter. Since Android 6 an app reads the fixed "02:00:00:00:00:00"
 * instead of the adapter's MAC address; the simulated device does the same.
 */
public final class BluetoothAdapter {
    public static final int ERROR = Integer.MIN_VALUE;
    public static final int STATE_OFF = 10;
    public static final int STATE_TURNING_ON = 11;
    public static final int STATE_ON = 12;
    public static final int STATE_TURNING_OFF = 13;
    public static final int SCAN_MODE_NONE = 20;
    public static final int SCAN_MODE_CONNECTABLE = 21;
    public static final int SCAN_MODE_CONNECTABLE_DISCOVERABLE = 23;
    public static final String ACTION_REQUEST_ENABLE = "android.bluetooth.adapter.action.REQUEST_ENABLE";
    public static final String ACTION_STATE_CHANGED = "android.bluetooth.adapter.action.STATE_CHANGED";
    public static final String ACTION_DISCOVERY_STARTED = "android.bluetooth.adapter.action.DISCOVERY_STARTED";
    public static final String ACTION_DISCOVERY_FINISHED = "android.bluetooth.adapter.action.DISCOVERY_FINISHED";
    public static final String EXTRA_STATE = "android.bluetooth.adapter.extra.STATE";

    private static BluetoothAdapter defaultAdapter;
    private final android.bluetooth.le.BluetoothLeScanner leScanner = new android.bluetooth.le.BluetoothLeScanner();
    private volatile boolean discovering;

    private BluetoothAdapter() {}

    public static synchronized BluetoothAdapter getDefaultAdapter() {
        if (defaultAdapter == null) defaultAdapter = new BluetoothAdapter();
        return defaultAdapter;
    }

    public String getAddress() { return DeviceData.BLUETOOTH_ADDRESS; }
    public String getName() { return DeviceData.BLUETOOTH_NAME; }
    public boolean isEnabled() { return true; }
    public int getState() { return STATE_ON; }
    public int getScanMode() { return SCAN_MODE_CONNECTABLE; }
    public boolean enable() { return true; }
    public boolean disable() { return false; }
    public boolean isDiscovering() { return discovering; }

    public boolean startDiscovery() {
        discovering = true;
        return true;
    }

    public boolean cancelDiscovery() {
        discovering = false;
        return true;
    }

    public android.bluetooth.le.BluetoothLeScanner getBluetoothLeScanner() { return leScanner; }

    public Set<BluetoothDevice> getBondedDevices() {
        Set<BluetoothDevice> devices = new LinkedHashSet<>();
        for (String[] row : DeviceData.BONDED_DEVICES) devices.add(new BluetoothDevice(row[1], row[0]));
        return devices;
    }

    public BluetoothDevice getRemoteDevice(String address) {
        if (!checkBluetoothAddress(address)) {
            throw new IllegalArgumentException(address + " is not a valid Bluetooth address");
        }
        for (String[] row : DeviceData.BONDED_DEVICES) {
            if (row[1].equalsIgnoreCase(address)) return new BluetoothDevice(row[1], row[0]);
        }
        return new BluetoothDevice(address, null);
    }

    /** Upper-case hex pairs separated by colons, as Android requires. */
    public static boolean checkBluetoothAddress(String address) {
        return address != null && address.matches("([0-9A-F]{2}:){5}[0-9A-F]{2}");
    }
}
