package probe;

import android.app.admin.DevicePolicyManager;
import android.content.ComponentName;
import android.content.Context;
import android.location.Address;
import android.location.Geocoder;
import android.telephony.SmsManager;
import android.telephony.TelephonyManager;
import android.telephony.UiccCardInfo;
import java.util.List;

/** The stand-ins behind issue #16's catalogue additions: Geocoder, SmsManager, UICC cards, DPM. */
public final class AdditionsProbe {
    public static void main(String[] args) {
        Context ctx = Probe.context();
        Geocoder geocoder = new Geocoder(ctx);
        Probe.attempt("geocoder.here", () -> {
            List<Address> found = geocoder.getFromLocation(39.9042, 116.4074, 1);
            Address a = found.get(0);
            return found.size() + "," + a.getLocality() + "," + a.getCountryCode();
        });
        Probe.attempt("geocoder.elsewhere", () -> geocoder.getFromLocation(10.0, 10.0, 1).size());
        Probe.attempt("geocoder.badLatitude", () -> geocoder.getFromLocation(91.0, 0.0, 1));
        Probe.attempt("geocoder.byName", () -> {
            Address a = geocoder.getFromLocationName("Beijing", 1).get(0);
            return a.getLatitude() + "," + a.getLongitude();
        });

        SmsManager sms = SmsManager.getDefault();
        Probe.grant();
        Probe.attempt("sms.denied", () -> { sms.sendTextMessage("10086", null, "CXLL", null, null); return "sent"; });
        Probe.grant("android.permission.SEND_SMS", "android.permission.READ_PHONE_STATE");
        Probe.attempt("sms.granted", () -> { sms.sendTextMessage("10086", null, "CXLL", null, null); return "sent"; });
        Probe.attempt("sms.noDestination", () -> { sms.sendTextMessage("", null, "CXLL", null, null); return "sent"; });
        Probe.attempt("sms.parts", () -> sms.divideMessage("x".repeat(150)).size());

        TelephonyManager tm = (TelephonyManager) ctx.getSystemService(Context.TELEPHONY_SERVICE);
        Probe.attempt("uicc.iccid", () -> {
            UiccCardInfo card = tm.getUiccCardsInfo().get(0);
            return card.getSlotIndex() + "," + card.getIccId();
        });

        DevicePolicyManager dpm = (DevicePolicyManager) ctx.getSystemService(Context.DEVICE_POLICY_SERVICE);
        Probe.attempt("dpm.mac", () -> dpm.getWifiMacAddress(new ComponentName(ctx, AdditionsProbe.class)));
    }
}
