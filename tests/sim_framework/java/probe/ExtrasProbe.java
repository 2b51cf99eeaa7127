package probe;

import android.accounts.Account;
import android.accounts.AccountManager;
import android.bluetooth.BluetoothAdapter;
import android.bluetooth.le.ScanCallback;
import android.bluetooth.le.ScanResult;
import android.content.ClipboardManager;
import android.content.Context;
import android.content.pm.LauncherActivityInfo;
import android.content.pm.LauncherApps;
import android.os.Handler;
import android.os.Looper;
import android.telephony.CellInfo;
import android.telephony.CellInfoGsm;
import android.telephony.CellLocation;
import android.telephony.PhoneStateListener;
import android.telephony.ServiceState;
import android.telephony.SubscriptionInfo;
import android.telephony.SubscriptionManager;
import android.telephony.TelephonyManager;
import android.telephony.gsm.GsmCellLocation;
import java.util.ArrayList;
import java.util.List;

/** The less common hooked APIs: subscriptions, phone-state listeners, LE scans, launcher, accounts. */
public final class ExtrasProbe {
    public static void main(String[] args) {
        Looper.prepareMainLooper();
        Context ctx = Probe.context();
        TelephonyManager tm = (TelephonyManager) ctx.getSystemService(Context.TELEPHONY_SERVICE);
        SubscriptionManager subs = (SubscriptionManager) ctx.getSystemService("telephony_subscription_service");

        Probe.grant();
        Probe.attempt("denied.subscriptions", subs::getActiveSubscriptionInfoList);
        Probe.attempt("denied.listen_cell", () -> {
            tm.listen(new PhoneStateListener(), PhoneStateListener.LISTEN_CELL_LOCATION);
            return "ok";
        });
        Probe.attempt("denied.serviceState", tm::getServiceState);
        List<String> leDenied = new ArrayList<>();
        BluetoothAdapter.getDefaultAdapter().getBluetoothLeScanner().startScan(new ScanCallback() {
            @Override
            public void onScanResult(int callbackType, ScanResult result) {
                leDenied.add(result.getDevice().getAddress());
            }
        });
        Probe.put("denied.accountsByFeatures", AccountManager.get(ctx).getAccountsByTypeAndFeatures("com.google", null, null, null)
            .isDone());

        Probe.grant("android.permission.READ_PHONE_STATE", "android.permission.ACCESS_FINE_LOCATION",
            "android.permission.GET_ACCOUNTS");
        Probe.attempt("subscriptions", () -> {
            SubscriptionInfo info = subs.getActiveSubscriptionInfoList().get(0);
            return info.getIccId() + "|" + info.getNumber() + "|" + info.getCarrierName() + "|" + subs.getPhoneNumber(1);
        });
        Probe.attempt("serviceState", () -> {
            ServiceState s = tm.getServiceState();
            return s.getState() + "|" + s.getOperatorNumeric();
        });
        Probe.attempt("neighbours", () -> tm.getNeighboringCellInfo().get(0).getCid());
        List<String> events = new ArrayList<>();
        tm.listen(new PhoneStateListener() {
            @Override
            public void onCellLocationChanged(CellLocation location) {
                events.add("cell:" + ((GsmCellLocation) location).getCid());
            }

            @Override
            public void onCallStateChanged(int state, String phoneNumber) {
                events.add("call:" + state);
            }

            @Override
            public void onServiceStateChanged(ServiceState serviceState) {
                events.add("service:" + serviceState.getOperatorAlphaLong());
            }
        }, PhoneStateListener.LISTEN_CELL_LOCATION | PhoneStateListener.LISTEN_CALL_STATE
            | PhoneStateListener.LISTEN_SERVICE_STATE);
        List<String> cellUpdates = new ArrayList<>();
        tm.requestCellInfoUpdate(Runnable::run, new TelephonyManager.CellInfoCallback() {
            @Override
            public void onCellInfo(List<CellInfo> cellInfo) {
                CellInfoGsm gsm = (CellInfoGsm) cellInfo.get(1);
                cellUpdates.add(cellInfo.size() + ":" + gsm.getCellIdentity().getLac() + "/" + gsm.getCellIdentity().getCid());
            }
        });
        Probe.put("cellInfoUpdate", cellUpdates);
        List<String> le = new ArrayList<>();
        BluetoothAdapter.getDefaultAdapter().getBluetoothLeScanner().startScan(new ScanCallback() {
            @Override
            public void onScanResult(int callbackType, ScanResult result) {
                le.add(result.getDevice().getAddress() + "@" + result.getRssi());
            }
        });
        List<String> byFeatures = new ArrayList<>();
        AccountManager.get(ctx).getAccountsByTypeAndFeatures("com.google", new String[0], future -> {
            try {
                for (Account a : future.getResult()) byFeatures.add(a.name);
            } catch (Exception e) {
                byFeatures.add(e.getClass().getSimpleName());
            }
        }, null);

        ClipboardManager clipboard = (ClipboardManager) ctx.getSystemService(Context.CLIPBOARD_SERVICE);
        android.text.ClipboardManager legacy = clipboard;
        Probe.put("clip_description", clipboard.getPrimaryClipDescription().getLabel() + "|"
            + clipboard.getPrimaryClipDescription().hasMimeType("text/*") + "|" + legacy.getText());

        LauncherApps launcher = (LauncherApps) ctx.getSystemService("launcherapps");
        List<String> activities = new ArrayList<>();
        for (LauncherActivityInfo info : launcher.getActivityList("com.tencent.mm", android.os.UserHandle.of(0))) {
            activities.add(info.getComponentName().flattenToString() + "|" + info.getLabel());
        }
        Probe.put("launcher", activities);
        Probe.put("packages_holding", ctx.getPackageManager().getPackagesHoldingPermissions(
            new String[] {"android.permission.CAMERA", "android.permission.READ_PHONE_STATE"}, 0).size());

        new Handler(Looper.getMainLooper()).postDelayed(() -> {
            Probe.put("phone_state_events", events);
            Probe.put("le_scan", le);
            Probe.put("denied.le_scan", leDenied);
            Probe.put("accounts_by_features", byFeatures);
            Looper.getMainLooper().quit();
        }, 100);
        Looper.loop();
    }
}
