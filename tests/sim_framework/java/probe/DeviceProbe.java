package probe;

import android.accounts.Account;
import android.accounts.AccountManager;
import android.app.ActivityManager;
import android.bluetooth.BluetoothAdapter;
import android.bluetooth.BluetoothManager;
import android.content.ClipData;
import android.content.ClipboardManager;
import android.content.Context;
import android.content.Intent;
import android.content.pm.ApplicationInfo;
import android.content.pm.PackageInfo;
import android.content.pm.PackageManager;
import android.content.pm.ResolveInfo;
import android.net.wifi.ScanResult;
import android.net.wifi.WifiInfo;
import android.net.wifi.WifiManager;
import android.os.Build;
import android.provider.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Identifiers, Wi-Fi, Bluetooth, packages, processes, clipboard and accounts. */
public final class DeviceProbe {
    public static void main(String[] args) {
        Path deviceDir = args.length > 0 ? Path.of(args[0]) : null;
        Context ctx = Probe.context();
        Probe.grant(29, deviceDir);
        Probe.put("android_id", Settings.Secure.getString(ctx.getContentResolver(), Settings.Secure.ANDROID_ID));
        Probe.put("android_id_system", Settings.System.getString(ctx.getContentResolver(), "android_id"));
        Probe.put("unknown_setting", Settings.Secure.getString(ctx.getContentResolver(), "no_such_key"));
        Probe.attempt("setting_not_found", () -> Settings.Global.getInt(ctx.getContentResolver(), "no_such_key"));
        Probe.put("build.serial_field", Build.SERIAL);
        Probe.put("build.model", Build.MANUFACTURER + " " + Build.MODEL);
        Probe.put("build.sdk", Build.VERSION.SDK_INT + "/" + Build.VERSION.RELEASE);
        Probe.attempt("denied.getSerial", Build::getSerial);

        WifiManager wifi = (WifiManager) ctx.getSystemService(Context.WIFI_SERVICE);
        WifiInfo info = wifi.getConnectionInfo();
        Probe.put("denied.wifi", info.getMacAddress() + "|" + info.getSSID() + "|" + info.getBSSID() + "|" + info.getIpAddress());
        Probe.put("denied.scan", wifi.getScanResults().size());

        BluetoothAdapter adapter = BluetoothAdapter.getDefaultAdapter();
        BluetoothManager btm = (BluetoothManager) ctx.getSystemService(Context.BLUETOOTH_SERVICE);
        Probe.put("bt", adapter.getAddress() + "|" + adapter.getName() + "|" + (btm.getAdapter() == adapter)
            + "|" + adapter.getBondedDevices().iterator().next().getAddress());

        PackageManager pm = ctx.getPackageManager();
        List<String> names = new ArrayList<>();
        for (PackageInfo p : pm.getInstalledPackages(0)) names.add(p.packageName);
        Probe.put("packages", String.join(",", names));
        List<String> apps = new ArrayList<>();
        for (ApplicationInfo a : pm.getInstalledApplications(PackageManager.GET_META_DATA)) {
            if ((a.flags & ApplicationInfo.FLAG_SYSTEM) == 0) apps.add(a.packageName);
        }
        Probe.put("user_apps", String.join(",", apps));
        Intent launcher = new Intent(Intent.ACTION_MAIN);
        launcher.addCategory(Intent.CATEGORY_LAUNCHER);
        List<String> launchable = new ArrayList<>();
        for (ResolveInfo r : pm.queryIntentActivities(launcher, 0)) launchable.add(r.activityInfo.packageName);
        Probe.put("launchers", String.join(",", launchable));
        Probe.attempt("not_installed", () -> pm.getPackageInfo("com.example.absent", 0));
        Probe.put("pm.class", pm.getClass().getName() + "|" + PackageManager.PERMISSION_GRANTED + "|" + PackageManager.PERMISSION_DENIED);

        ActivityManager am = (ActivityManager) ctx.getSystemService(Context.ACTIVITY_SERVICE);
        List<String> procs = new ArrayList<>();
        for (ActivityManager.RunningAppProcessInfo p : am.getRunningAppProcesses()) {
            procs.add(p.processName + "/" + (p.pid == android.os.Process.myPid()));
        }
        Probe.put("processes", String.join(",", procs));

        ClipboardManager clipboard = (ClipboardManager) ctx.getSystemService(Context.CLIPBOARD_SERVICE);
        Probe.put("clip", clipboard.hasPrimaryClip() + "|" + clipboard.getPrimaryClip().getItemAt(0).getText());
        clipboard.setPrimaryClip(ClipData.newPlainText("l", "copied"));
        Probe.put("clip_after_set", clipboard.getPrimaryClip().getItemAt(0).getText());

        Probe.put("denied.accounts", AccountManager.get(ctx).getAccounts().length);

        Probe.grant(29, deviceDir, "android.permission.READ_PHONE_STATE", "android.permission.ACCESS_FINE_LOCATION",
            "android.permission.GET_ACCOUNTS");
        Probe.attempt("granted.getSerial", Build::getSerial);
        WifiInfo granted = wifi.getConnectionInfo();
        Probe.put("granted.wifi", granted.getMacAddress() + "|" + granted.getSSID() + "|" + granted.getBSSID());
        List<String> scan = new ArrayList<>();
        for (ScanResult r : wifi.getScanResults()) scan.add(r.SSID + "/" + r.BSSID);
        Probe.put("granted.scan", String.join(",", scan));
        List<String> accounts = new ArrayList<>();
        for (Account a : AccountManager.get(ctx).getAccounts()) accounts.add(a.name + "/" + a.type);
        Probe.put("granted.accounts", String.join(",", accounts));
        Probe.put("granted.checkPermission", pm.checkPermission("android.permission.READ_PHONE_STATE", Probe.PKG)
            + "|" + pm.checkPermission("android.permission.CAMERA", Probe.PKG));

        Probe.grant(21, deviceDir);
        Probe.put("api21.wifi_mac", wifi.getConnectionInfo().getMacAddress());
        Probe.put("api21.process_count", am.getRunningAppProcesses().size());
        Probe.put("services", Arrays.asList(ctx.getSystemService("no_such_service"), ctx.getSystemService(null)));
    }
}
