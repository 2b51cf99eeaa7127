package probe;

import android.content.ContentResolver;
import android.database.Cursor;
import android.net.Uri;
import android.provider.CalendarContract;
import android.provider.CallLog;
import android.provider.ContactsContract;
import android.provider.Telephony;
import java.util.ArrayList;
import java.util.List;

/** Content provider queries, URI constants and Uri parsing. */
public final class ProvidersProbe {
    public static void main(String[] args) {
        ContentResolver cr = Probe.context().getContentResolver();
        Probe.put("uri.contacts", ContactsContract.Contacts.CONTENT_URI);
        Probe.put("uri.phones", ContactsContract.CommonDataKinds.Phone.CONTENT_URI);
        Probe.put("uri.calls", CallLog.Calls.CONTENT_URI);
        Probe.put("uri.sms", Telephony.Sms.CONTENT_URI);
        Probe.put("uri.events", CalendarContract.Events.CONTENT_URI);

        Uri u = Uri.parse("https://user@example.com:8443/a/b%20c?x=1&y=two%20words#frag");
        Probe.put("parse.scheme", u.getScheme());
        Probe.put("parse.authority", u.getAuthority());
        Probe.put("parse.host", u.getHost());
        Probe.put("parse.port", u.getPort());
        Probe.put("parse.path", u.getPath());
        Probe.put("parse.segments", u.getPathSegments());
        Probe.put("parse.y", u.getQueryParameter("y"));
        Probe.put("parse.fragment", u.getFragment());
        Probe.put("parse.roundtrip", u.toString());
        Probe.put("parse.opaque", Uri.parse("mailto:a@b.c").isOpaque() + ":" + Uri.parse("mailto:a@b.c").getSchemeSpecificPart());
        Probe.put("parse.built", new Uri.Builder().scheme("content").authority("sms").appendPath("inbox")
            .appendQueryParameter("limit", "2").build());

        Probe.grant();
        Probe.attempt("denied.contacts", () -> cr.query(ContactsContract.Contacts.CONTENT_URI, null, null, null, null));
        Probe.attempt("denied.calls", () -> cr.query(CallLog.Calls.CONTENT_URI, null, null, null, null));
        Probe.attempt("denied.sms", () -> cr.query(Telephony.Sms.CONTENT_URI, null, null, null, null));
        Probe.attempt("denied.events", () -> cr.query(CalendarContract.Events.CONTENT_URI, null, null, null, null));
        Probe.attempt("unknown_authority", () -> cr.query(Uri.parse("content://com.example.nothing/items"), null, null, null, null));

        Probe.grant("android.permission.READ_CONTACTS", "android.permission.READ_CALL_LOG",
            "android.permission.READ_SMS", "android.permission.READ_CALENDAR");
        Probe.attempt("contacts", () -> dump(cr.query(ContactsContract.Contacts.CONTENT_URI,
            new String[] {ContactsContract.Contacts._ID, ContactsContract.Contacts.DISPLAY_NAME}, null, null, null)));
        Probe.attempt("phones", () -> dump(cr.query(ContactsContract.CommonDataKinds.Phone.CONTENT_URI,
            new String[] {ContactsContract.CommonDataKinds.Phone.DISPLAY_NAME, ContactsContract.CommonDataKinds.Phone.NUMBER},
            null, null, null)));
        Probe.attempt("contact2", () -> dump(cr.query(Uri.parse("content://com.android.contacts/contacts/2"),
            new String[] {"display_name"}, null, null, null)));
        Probe.attempt("calls", () -> dump(cr.query(CallLog.Calls.CONTENT_URI,
            new String[] {CallLog.Calls.NUMBER, CallLog.Calls.TYPE, CallLog.Calls.DURATION}, null, null, CallLog.Calls.DEFAULT_SORT_ORDER)));
        Probe.attempt("sms", () -> dump(cr.query(Telephony.Sms.CONTENT_URI,
            new String[] {Telephony.Sms.ADDRESS, Telephony.Sms.BODY}, null, null, null)));
        Probe.attempt("sms_inbox_count", () -> cr.query(Uri.parse("content://sms/inbox"), null, null, null, null).getCount());
        Probe.attempt("events", () -> dump(cr.query(CalendarContract.Events.CONTENT_URI,
            new String[] {CalendarContract.Events.TITLE, CalendarContract.Events.DTSTART}, null, null, null)));
        Probe.attempt("all_columns", () -> String.join(",", cr.query(CallLog.Calls.CONTENT_URI, null, null, null, null).getColumnNames()));
        Probe.attempt("bad_column", () -> cr.query(CallLog.Calls.CONTENT_URI, new String[] {"nope"}, null, null, null));
        Probe.attempt("unknown_path", () -> cr.query(Uri.parse("content://call_log/nothing"), null, null, null, null));
        Probe.attempt("cursor", () -> {
            Cursor c = cr.query(ContactsContract.Contacts.CONTENT_URI, null, null, null, null);
            int name = c.getColumnIndex("display_name");
            String before = String.valueOf(c.isBeforeFirst());
            c.moveToLast();
            String last = c.getString(name) + ":" + c.getLong(c.getColumnIndexOrThrow("_id")) + ":" + c.getType(0);
            boolean past = c.moveToNext();
            c.close();
            return before + ":" + last + ":" + past + ":" + c.isAfterLast() + ":" + c.isClosed() + ":" + c.getColumnIndex("nope");
        });
        Probe.attempt("cursor_out_of_range", () -> cr.query(CallLog.Calls.CONTENT_URI, null, null, null, null).getString(0));
    }

    /** Rows as "a|b;c|d", with the row count first. */
    private static String dump(Cursor c) {
        List<String> rows = new ArrayList<>();
        while (c.moveToNext()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < c.getColumnCount(); i++) cells.add(c.getString(i));
            rows.add(String.join("|", cells));
        }
        c.close();
        return c.getCount() + ":" + String.join(";", rows);
    }
}
