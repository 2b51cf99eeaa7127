package android.app;

import android.content.Context;
import android.content.Intent;

/** A token for an intent to be sent later (SmsManager's sent/delivered reports take them). */
public final class PendingIntent {
    public static final int FLAG_ONE_SHOT = 1 << 30;
    public static final int FLAG_NO_CREATE = 1 << 29;
    public static final int FLAG_CANCEL_CURRENT = 1 << 28;
    public static final int FLAG_UPDATE_CURRENT = 1 << 27;
    public static final int FLAG_IMMUTABLE = 1 << 26;

    private final Intent mIntent;

    private PendingIntent(Intent intent) { mIntent = intent; }

    public static PendingIntent getBroadcast(Context context, int requestCode, Intent intent, int flags) {
        return new PendingIntent(intent);
    }

    @Override public String toString() { return "PendingIntent{" + mIntent + "}"; }
}
