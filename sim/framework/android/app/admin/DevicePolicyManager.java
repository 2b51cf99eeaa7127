package android.app.admin;

import android.content.ComponentName;
import android.content.Context;

/**
 * Device administration. getWifiMacAddress answers only a device owner's admin component; no
 * simulated app is one, so the call throws SecurityException as on a phone, after the agent has
 * recorded the attempt.
 */
public class DevicePolicyManager {
    public DevicePolicyManager(Context context) {}

    public String getWifiMacAddress(ComponentName admin) {
        if (admin == null) throw new NullPointerException("admin is null");
        throw new SecurityException("Admin " + admin + " does not own the device");
    }

    public boolean isDeviceOwnerApp(String packageName) { return false; }

    public boolean isAdminActive(ComponentName admin) { return false; }
}
