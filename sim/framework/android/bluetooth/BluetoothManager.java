package android.bluetooth;

import android.content.Context;

/** Entry point to Bluetooth: hands out the process's one adapter. */
public final class BluetoothManager {
    private final Context context;

    /** @hide Apps obtain it from Context.getSystemService("bluetooth"). */
    public BluetoothManager(Context context) {
        this.context = context;
    }

    public BluetoothAdapter getAdapter() {
        return BluetoothAdapter.getDefaultAdapter();
    }
}
