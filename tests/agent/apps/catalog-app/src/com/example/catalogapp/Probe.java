package com.example.catalogapp;

import android.accounts.AccountManager;
import android.app.ActivityManager;
import android.bluetooth.BluetoothAdapter;
import android.bluetooth.BluetoothDevice;
import android.content.ClipboardManager;
import android.content.ContentResolver;
import android.content.Context;
import android.content.Intent;
import android.content.pm.LauncherApps;
import android.content.pm.PackageManager;
import android.database.Cursor;
import android.hardware.Camera;
import android.hardware.Sensor;
import android.hardware.SensorManager;
import android.location.Location;
import android.location.LocationManager;
import android.media.AudioFormat;
import android.media.AudioRecord;
import android.media.MediaRecorder;
import android.net.Uri;
import android.net.wifi.WifiInfo;
import android.net.wifi.WifiManager;
import android.os.Build;
import android.os.UserHandle;
import android.provider.CalendarContract;
import android.provider.CallLog;
import android.provider.ContactsContract;
import android.provider.Settings;
import android.provider.Telephony;
import android.telephony.CellIdentityGsm;
import android.telephony.CellIdentityLte;
import android.telephony.CellInfo;
import android.telephony.CellInfoGsm;
import android.telephony.CellInfoLte;
import android.telephony.SubscriptionInfo;
import android.telephony.SubscriptionManager;
import android.telephony.TelephonyManager;
import android.telephony.cdma.CdmaCellLocation;
import android.telephony.SmsManager;
import android.telephony.UiccCardInfo;
import android.content.ClipData;
import android.location.Geocoder;
import android.telephony.gsm.GsmCellLocation;

import java.io.File;
import java.io.FileInputStream;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct calls to every catalogued API the simulated device provides. One call per source line:
 * the test checks that the first frame of each recorded stack points at the line that made it.
 */
final class Probe {
    private Probe() {}

    /** What needs no Context: also callable from a static initialiser. */
    static void contextFree(final String w) {
        Results.call(w, "build.getSerial", () -> Build.getSerial());
        // Build.SERIAL by reflection, as SDKs read it ("unknown" on API 26+; the look-up is hooked)
        Results.call(w, "class.getField", () -> Build.class.getField("SERIAL").get(null));
        Results.call(w, "class.getDeclaredField", () -> Build.class.getDeclaredField("SERIAL").get(null));
        final BluetoothAdapter adapter = BluetoothAdapter.getDefaultAdapter();
        Results.call(w, "bluetoothAdapter.getAddress", () -> adapter.getAddress());
        Results.call(w, "bluetoothAdapter.getName", () -> adapter.getName());
        final Object[] bonded = new Object[1];
        Results.call(w, "bluetoothAdapter.getBondedDevices", () -> bonded[0] = adapter.getBondedDevices());
        Results.call(w, "bluetoothAdapter.startDiscovery", () -> adapter.startDiscovery());
        adapter.cancelDiscovery();
        final BluetoothDevice device = firstOf((java.util.Set<?>) bonded[0]);
        Results.call(w, "bluetoothDevice.getAddress", () -> device.getAddress());
        Results.call(w, "bluetoothDevice.getName", () -> device.getName());
        Results.call(w, "networkInterface.getHardwareAddress", () -> NetworkInterface.getByName("lo").getHardwareAddress());
        Results.call(w, "camera.open", () -> released(Camera.open()));
        Results.call(w, "camera.open", () -> released(Camera.open(1)));
        Results.call(w, "libc.open", () -> readFile("/sys/class/net/lo/address"));
        Results.call(w, "libc.open", () -> readFile("/proc/net/arp").length() > 0);
        appSide(w);
    }

    /** SDK classes shipped inside the app: hooked when the app's class loader loads them. */
    static void appSide(final String w) {
        final com.google.android.gms.ads.identifier.AdvertisingIdClient.Info[] gms = {null};
        Results.call(w, "gms.getAdvertisingIdInfo", () -> gms[0] = com.google.android.gms.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo(null));
        Results.call(w, "gms.advertisingIdInfo.getId", () -> gms[0].getId());
        Results.call(w, "hms.getAdvertisingIdInfo", () -> com.huawei.hms.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo(null));
        // The SDK calls back into the app before InitSdk returns; what the app reads there is its
        // own call, not part of InitSdk.
        final com.bun.miitmdid.interfaces.IIdentifierListener listener = (supported, supplier) -> {
            Results.note(w, "oaid", supported + " " + supplier.getOAID());
            Results.call(w, "build.getSerial", () -> Build.getSerial());
        };
        Results.call(w, "msa.MdidSdkHelper.InitSdk", () -> com.bun.miitmdid.core.MdidSdkHelper.InitSdk(null, false, listener));
        Results.call(w, "msa.MdidSdk.InitSdk", () -> new com.bun.miitmdid.core.MdidSdk().InitSdk(null, listener));
        final com.google.android.gms.location.FusedLocationProviderClient fused = com.google.android.gms.location.LocationServices.getFusedLocationProviderClient(null);
        Results.call(w, "fusedLocation.getLastLocation", () -> fused.getLastLocation().isComplete());
        Results.call(w, "fusedLocation.getCurrentLocation", () -> fused.getCurrentLocation(100, null).isComplete());
    }

    /** Everything else, through the Context's services. */
    static void withContext(final String w, final Context ctx) {
        final TelephonyManager tm = (TelephonyManager) ctx.getSystemService(Context.TELEPHONY_SERVICE);
        Results.call(w, "telephony.getDeviceId", () -> tm.getDeviceId());
        Results.call(w, "telephony.getDeviceId", () -> tm.getDeviceId(1));
        Results.call(w, "telephony.getImei", () -> tm.getImei());
        Results.call(w, "telephony.getImei", () -> tm.getImei(1));
        Results.call(w, "telephony.getMeid", () -> tm.getMeid());
        Results.call(w, "telephony.getMeid", () -> tm.getMeid(0));
        Results.call(w, "telephony.getSubscriberId", () -> tm.getSubscriberId());
        Results.call(w, "telephony.getSimSerialNumber", () -> tm.getSimSerialNumber());
        Results.call(w, "telephony.getLine1Number", () -> tm.getLine1Number());
        Results.call(w, "telephony.getVoiceMailNumber", () -> tm.getVoiceMailNumber());
        Results.call(w, "telephony.getNetworkOperator", () -> tm.getNetworkOperator());
        Results.call(w, "telephony.getNetworkOperatorName", () -> tm.getNetworkOperatorName());
        Results.call(w, "telephony.getSimOperator", () -> tm.getSimOperator());
        Results.call(w, "telephony.getSimOperatorName", () -> tm.getSimOperatorName());
        Results.call(w, "telephony.getNetworkCountryIso", () -> tm.getNetworkCountryIso());
        Results.call(w, "telephony.getSimCountryIso", () -> tm.getSimCountryIso());
        Results.call(w, "telephony.getServiceState", () -> tm.getServiceState());
        Results.call(w, "telephony.getNeighboringCellInfo", () -> tm.getNeighboringCellInfo());
        final Object[] cell = new Object[1];
        Results.call(w, "telephony.getCellLocation", () -> cell[0] = tm.getCellLocation());
        if (cell[0] instanceof GsmCellLocation) {
            final GsmCellLocation gsm = (GsmCellLocation) cell[0];
            Results.call(w, "gsmCellLocation.getCid", () -> gsm.getCid());
            Results.call(w, "gsmCellLocation.getLac", () -> gsm.getLac());
        }
        final CdmaCellLocation cdma = new CdmaCellLocation();
        Results.call(w, "cdmaCellLocation.getBaseStationId", () -> cdma.getBaseStationId());
        Results.call(w, "cdmaCellLocation.getBaseStationLatitude", () -> cdma.getBaseStationLatitude());
        Results.call(w, "cdmaCellLocation.getBaseStationLongitude", () -> cdma.getBaseStationLongitude());
        Results.call(w, "cdmaCellLocation.getSystemId", () -> cdma.getSystemId());
        Results.call(w, "cdmaCellLocation.getNetworkId", () -> cdma.getNetworkId());
        final List<UiccCardInfo> cards = new ArrayList<>(tm.getUiccCardsInfo());
        for (final UiccCardInfo card : cards) {
            Results.call(w, "uiccCardInfo.getIccId", () -> card.getIccId());
        }
        final SmsManager sms = SmsManager.getDefault();
        Results.act(w, "smsManager.sendTextMessage", () -> sms.sendTextMessage("10086", null, "CXLL", null, null));
        Results.act(w, "smsManager.sendMultipartTextMessage", () -> sms.sendMultipartTextMessage("10086", null, sms.divideMessage("CXLL"), null, null));
        Results.act(w, "smsManager.sendDataMessage", () -> sms.sendDataMessage("10086", null, (short) 16001, new byte[] {1, 2}, null, null));
        // devicePolicy.getWifiMacAddress is not called here: it throws for every app that is not
        // the device owner (tests/sim_framework/test_additions.py), and this app's calls succeed.
        final List<CellInfo> cells = new ArrayList<>();
        Results.call(w, "telephony.getAllCellInfo", () -> addAll(cells, tm.getAllCellInfo()));
        for (CellInfo info : cells) {
            if (info instanceof CellInfoGsm) {
                final CellIdentityGsm id = ((CellInfoGsm) info).getCellIdentity();
                Results.call(w, "cellIdentityGsm.getCid", () -> id.getCid());
            } else if (info instanceof CellInfoLte) {
                final CellIdentityLte id = ((CellInfoLte) info).getCellIdentity();
                Results.call(w, "cellIdentityLte.getCi", () -> id.getCi());
            }
        }

        final SubscriptionManager subs = (SubscriptionManager) ctx.getSystemService(Context.TELEPHONY_SUBSCRIPTION_SERVICE);
        final List<SubscriptionInfo> infos = new ArrayList<>();
        Results.call(w, "subscription.getActiveSubscriptionInfoList", () -> addAll(infos, subs.getActiveSubscriptionInfoList()));
        for (final SubscriptionInfo info : infos) {
            Results.call(w, "subscriptionInfo.getIccId", () -> info.getIccId());
            Results.call(w, "subscriptionInfo.getNumber", () -> info.getNumber());
        }
        Results.call(w, "subscription.getPhoneNumber", () -> subs.getPhoneNumber(SubscriptionManager.getDefaultSubscriptionId()));

        final ContentResolver cr = ctx.getContentResolver();
        Results.call(w, "settings.secure.getString", () -> Settings.Secure.getString(cr, Settings.Secure.ANDROID_ID));
        Results.quiet(w, "settings.secure.getString", () -> Settings.Secure.getString(cr, "bluetooth_name"));
        Results.call(w, "settings.system.getString", () -> Settings.System.getString(cr, "android_id"));

        final WifiManager wifi = (WifiManager) ctx.getSystemService(Context.WIFI_SERVICE);
        final WifiInfo[] conn = new WifiInfo[1];
        Results.call(w, "wifiManager.getConnectionInfo", () -> conn[0] = wifi.getConnectionInfo());
        Results.call(w, "wifiInfo.getMacAddress", () -> conn[0].getMacAddress());
        Results.call(w, "wifiInfo.getBSSID", () -> conn[0].getBSSID());
        Results.call(w, "wifiInfo.getSSID", () -> conn[0].getSSID());
        Results.call(w, "wifiInfo.getIpAddress", () -> conn[0].getIpAddress());
        Results.call(w, "wifiManager.getScanResults", () -> wifi.getScanResults());
        Results.call(w, "wifiManager.startScan", () -> wifi.startScan());
        Results.call(w, "wifiManager.getConfiguredNetworks", () -> wifi.getConfiguredNetworks());
        Results.call(w, "wifiManager.getDhcpInfo", () -> wifi.getDhcpInfo());

        final LocationManager lm = (LocationManager) ctx.getSystemService(Context.LOCATION_SERVICE);
        final Location[] fix = new Location[1];
        Results.call(w, "locationManager.getLastKnownLocation", () -> fix[0] = lm.getLastKnownLocation(LocationManager.GPS_PROVIDER));
        if (fix[0] != null) {
            Results.call(w, "location.getLatitude", () -> fix[0].getLatitude());
            Results.call(w, "location.getLongitude", () -> fix[0].getLongitude());
        }
        final Geocoder geocoder = new Geocoder(ctx);
        Results.call(w, "geocoder.getFromLocation", () -> geocoder.getFromLocation(39.9042, 116.4074, 1));
        Results.call(w, "geocoder.getFromLocationName", () -> geocoder.getFromLocationName("Beijing", 1));

        Results.call(w, "contentResolver.query", () -> cr.query(ContactsContract.Contacts.CONTENT_URI, null, null, null, null));
        Results.call(w, "contentResolver.query", () -> cr.query(ContactsContract.CommonDataKinds.Phone.CONTENT_URI, null, null, null, null));
        Results.call(w, "contentResolver.query", () -> cr.query(CallLog.Calls.CONTENT_URI, null, null, null, null));
        Results.call(w, "contentResolver.query", () -> cr.query(Telephony.Sms.CONTENT_URI, null, null, null, null));
        Results.call(w, "contentResolver.query", () -> cr.query(CalendarContract.Events.CONTENT_URI, null, null, null, null));
        Results.quiet(w, "contentResolver.query", () -> cr.query(Uri.parse("content://media/external/images/media"), null, null, null, null));

        final PackageManager pm = ctx.getPackageManager();
        final Intent launcher = new Intent(Intent.ACTION_MAIN).addCategory(Intent.CATEGORY_LAUNCHER);
        Results.call(w, "appPackageManager.getInstalledPackages", () -> pm.getInstalledPackages(0));
        Results.call(w, "appPackageManager.getInstallerPackageName", () -> pm.getInstallerPackageName(ctx.getPackageName()));
        Results.call(w, "appPackageManager.getInstalledApplications", () -> pm.getInstalledApplications(0));
        Results.call(w, "appPackageManager.queryIntentActivities", () -> pm.queryIntentActivities(launcher, 0));
        Results.call(w, "appPackageManager.queryIntentServices", () -> pm.queryIntentServices(new Intent("com.example.catalogapp.PROBE"), 0));
        // probes of other packages (the app's own look-ups are no probe: the rules drop them)
        Results.call(w, "appPackageManager.getPackageInfo", () -> pm.getPackageInfo("com.tencent.mm", 0));
        Results.call(w, "appPackageManager.getApplicationInfo", () -> pm.getApplicationInfo("com.eg.android.AlipayGphone", 0));
        Results.call(w, "appPackageManager.getPackagesHoldingPermissions", () -> pm.getPackagesHoldingPermissions(new String[] {"android.permission.INTERNET"}, 0));
        final LauncherApps apps = (LauncherApps) ctx.getSystemService("launcherapps");
        Results.call(w, "launcherApps.getActivityList", () -> apps.getActivityList(null, UserHandle.of(0)));

        final ActivityManager am = (ActivityManager) ctx.getSystemService(Context.ACTIVITY_SERVICE);
        Results.call(w, "activityManager.getRunningAppProcesses", () -> am.getRunningAppProcesses());
        Results.call(w, "activityManager.getRunningTasks", () -> am.getRunningTasks(5));
        Results.call(w, "activityManager.getRunningServices", () -> am.getRunningServices(5));
        Results.call(w, "activityManager.getRecentTasks", () -> am.getRecentTasks(5, 0));

        final ClipboardManager clip = (ClipboardManager) ctx.getSystemService(Context.CLIPBOARD_SERVICE);
        final ClipData[] held = new ClipData[1];
        Results.call(w, "clipboard.getPrimaryClip", () -> held[0] = clip.getPrimaryClip());
        // Written back as read, so every context's reads see the device's clip.
        if (held[0] != null) Results.act(w, "clipboard.setPrimaryClip", () -> clip.setPrimaryClip(held[0]));
        Results.call(w, "clipboard.hasPrimaryClip", () -> clip.hasPrimaryClip());
        Results.call(w, "clipboard.getPrimaryClipDescription", () -> clip.getPrimaryClipDescription());
        Results.call(w, "clipboard.getText", () -> clip.getText());
        Results.act(w, "clipboard.addPrimaryClipChangedListener", () -> clip.addPrimaryClipChangedListener(() -> { }));

        final AccountManager accounts = AccountManager.get(ctx);
        Results.call(w, "accountManager.getAccounts", () -> accounts.getAccounts());
        Results.call(w, "accountManager.getAccountsByType", () -> accounts.getAccountsByType("com.google"));
        Results.call(w, "accountManager.getAccountsByTypeAndFeatures", () -> accounts.getAccountsByTypeAndFeatures("com.google", null, null, null).getResult());

        final SensorManager sensors = (SensorManager) ctx.getSystemService(Context.SENSOR_SERVICE);
        Results.call(w, "sensorManager.getSensorList", () -> sensors.getSensorList(Sensor.TYPE_ALL));
        Results.call(w, "sensorManager.getDefaultSensor", () -> sensors.getDefaultSensor(Sensor.TYPE_ACCELEROMETER));

        int rate = 16000;
        final AudioRecord record = new AudioRecord(MediaRecorder.AudioSource.MIC, rate, AudioFormat.CHANNEL_IN_MONO,
            AudioFormat.ENCODING_PCM_16BIT, AudioRecord.getMinBufferSize(rate, AudioFormat.CHANNEL_IN_MONO, AudioFormat.ENCODING_PCM_16BIT));
        Results.act(w, "audioRecord.startRecording", () -> record.startRecording());
        record.release();
        final MediaRecorder recorder = new MediaRecorder();
        recorder.setAudioSource(MediaRecorder.AudioSource.MIC);
        recorder.setOutputFormat(MediaRecorder.OutputFormat.THREE_GPP);
        recorder.setAudioEncoder(MediaRecorder.AudioEncoder.AMR_NB);
        recorder.setOutputFile(new File(ctx.getCacheDir(), "probe-" + w + ".3gp").getPath());
        try {
            recorder.prepare();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Results.act(w, "mediaRecorder.start", () -> recorder.start());
        recorder.reset();
        recorder.release();
    }

    /** The bonded device with the lowest address (a set has no stable order). */
    private static BluetoothDevice firstOf(java.util.Set<?> devices) {
        // toString() is the address, read from the field: no hooked getter is involved.
        BluetoothDevice first = null;
        for (Object o : devices) {
            BluetoothDevice d = (BluetoothDevice) o;
            if (first == null || d.toString().compareTo(first.toString()) < 0) first = d;
        }
        return first;
    }

    private static <T> List<T> addAll(List<T> out, List<T> in) {
        if (in != null) out.addAll(in);
        return in;
    }

    private static String released(Camera camera) {
        camera.release();
        return "opened";
    }

    private static String readFile(String path) throws Exception {
        try (FileInputStream in = new FileInputStream(path)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        }
    }
}
