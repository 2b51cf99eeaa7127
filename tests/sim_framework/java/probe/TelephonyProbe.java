package probe;

import android.content.Context;
import android.telephony.CellInfo;
import android.telephony.CellInfoLte;
import android.telephony.TelephonyManager;
import android.telephony.gsm.GsmCellLocation;
import java.util.List;

/** Telephony identifiers with and without their permissions. */
public final class TelephonyProbe {
    public static void main(String[] args) {
        Context ctx = Probe.context();
        TelephonyManager tm = (TelephonyManager) ctx.getSystemService(Context.TELEPHONY_SERVICE);
        Probe.put("same_instance", tm == ctx.getSystemService("phone"));
        for (String mode : new String[] {"granted", "denied"}) {
            if (mode.equals("granted")) {
                Probe.grant("android.permission.READ_PHONE_STATE", "android.permission.ACCESS_FINE_LOCATION");
            } else {
                Probe.grant();
            }
            Probe.attempt(mode + ".getDeviceId", tm::getDeviceId);
            Probe.attempt(mode + ".getDeviceId1", () -> tm.getDeviceId(1));
            Probe.attempt(mode + ".getImei", tm::getImei);
            Probe.attempt(mode + ".getImei0", () -> tm.getImei(0));
            Probe.attempt(mode + ".getImei1", () -> tm.getImei(1));
            Probe.attempt(mode + ".getImei5", () -> tm.getImei(5));
            Probe.attempt(mode + ".getMeid", tm::getMeid);
            Probe.attempt(mode + ".getSubscriberId", tm::getSubscriberId);
            Probe.attempt(mode + ".getSimSerialNumber", tm::getSimSerialNumber);
            Probe.attempt(mode + ".getLine1Number", tm::getLine1Number);
            Probe.attempt(mode + ".getNetworkOperator", tm::getNetworkOperator);
            Probe.attempt(mode + ".getNetworkOperatorName", tm::getNetworkOperatorName);
            Probe.attempt(mode + ".getSimOperator", tm::getSimOperator);
            Probe.attempt(mode + ".getSimOperatorName", tm::getSimOperatorName);
            Probe.attempt(mode + ".getCellLocation", () -> {
                GsmCellLocation cell = (GsmCellLocation) tm.getCellLocation();
                return cell.getLac() + "/" + cell.getCid();
            });
            Probe.attempt(mode + ".getAllCellInfo", () -> {
                List<CellInfo> cells = tm.getAllCellInfo();
                CellInfoLte serving = (CellInfoLte) cells.get(0);
                return cells.size() + ":" + serving.isRegistered() + ":" + serving.getCellIdentity().getCi()
                    + ":" + serving.getCellIdentity().getMccString() + serving.getCellIdentity().getMncString();
            });
        }
        Probe.grant("android.permission.READ_SMS");
        Probe.attempt("sms_only.getLine1Number", tm::getLine1Number);
        Probe.attempt("sms_only.getDeviceId", tm::getDeviceId);
        Probe.grant("android.permission.ACCESS_COARSE_LOCATION");
        Probe.attempt("coarse.getCellLocation", () -> tm.getCellLocation() != null);
    }
}
