package android.telephony;

import android.app.PendingIntent;

import com.android.internal.sim.SimEnv;

import java.util.ArrayList;

/**
 * Sends SMS. Android needs SEND_SMS and hands the message to the radio; the simulated device
 * has no radio: it checks the permission and the arguments as Android does, logs the send and
 * delivers nothing (the sent/delivered PendingIntents are never fired).
 */
public final class SmsManager {
    private static final String SEND_SMS = "android.permission.SEND_SMS";
    private static final int MAX_SEGMENT = 70; // UCS-2 characters per segment, the worst case
    private static final SmsManager DEFAULT = new SmsManager();

    private SmsManager() {}

    /** @deprecated since API 31 in favour of Context.getSystemService(SmsManager.class). */
    @Deprecated
    public static SmsManager getDefault() { return DEFAULT; }

    public void sendTextMessage(String destinationAddress, String scAddress, String text,
                                PendingIntent sentIntent, PendingIntent deliveryIntent) {
        check(destinationAddress);
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("Invalid message body");
        sent(destinationAddress, text.length());
    }

    public void sendMultipartTextMessage(String destinationAddress, String scAddress,
                                         ArrayList<String> parts, ArrayList<PendingIntent> sentIntents,
                                         ArrayList<PendingIntent> deliveryIntents) {
        check(destinationAddress);
        if (parts == null || parts.isEmpty()) throw new IllegalArgumentException("Invalid message body");
        int length = 0;
        for (String part : parts) length += part == null ? 0 : part.length();
        sent(destinationAddress, length);
    }

    public void sendDataMessage(String destinationAddress, String scAddress, short destinationPort,
                                byte[] data, PendingIntent sentIntent, PendingIntent deliveryIntent) {
        check(destinationAddress);
        if (data == null || data.length == 0) throw new IllegalArgumentException("Invalid message data");
        sent(destinationAddress, data.length);
    }

    public ArrayList<String> divideMessage(String text) {
        if (text == null) throw new IllegalArgumentException("text is null");
        ArrayList<String> parts = new ArrayList<>();
        for (int i = 0; i < text.length(); i += MAX_SEGMENT) {
            parts.add(text.substring(i, Math.min(text.length(), i + MAX_SEGMENT)));
        }
        if (parts.isEmpty()) parts.add("");
        return parts;
    }

    private static void check(String destinationAddress) {
        if (destinationAddress == null || destinationAddress.isEmpty()) {
            throw new IllegalArgumentException("Invalid destinationAddress");
        }
        SimEnv.enforceAny("sendTextMessage", SEND_SMS);
    }

    private static void sent(String destination, int length) {
        android.util.Log.d("SmsManager", "send to " + destination.length() + "-digit number, "
            + length + " units (no radio on the simulated device: not delivered)");
    }
}
