package android.bluetooth;

import java.util.Locale;

/** A remote Bluetooth device, known by its hardware address. */
public final class BluetoothDevice {
    public static final int BOND_NONE = 10;
    public static final int BOND_BONDING = 11;
    public static final int BOND_BONDED = 12;
    public static final int DEVICE_TYPE_UNKNOWN = 0;
    public static final int DEVICE_TYPE_CLASSIC = 1;
    public static final int DEVICE_TYPE_LE = 2;
    public static final int DEVICE_TYPE_DUAL = 3;
    public static final String ACTION_FOUND = "android.bluetooth.device.action.FOUND";
    public static final String EXTRA_DEVICE = "android.bluetooth.device.extra.DEVICE";

    private final String address;
    private final String name;

    BluetoothDevice(String address, String name) {
        this.address = address.toUpperCase(Locale.ROOT);
        this.name = name;
    }

    public String getAddress() { return address; }
    public String getName() { return name; }
    public int getBondState() { return name != null ? BOND_BONDED : BOND_NONE; }
    public int getType() { return name != null ? DEVICE_TYPE_DUAL : DEVICE_TYPE_UNKNOWN; }

    @Override
    public boolean equals(Object o) {
        return o instanceof BluetoothDevice d && d.address.equals(address);
    }

    @Override
    public int hashCode() { return address.hashCode(); }

    @Override
    public String toString() { return address; }
}
