package android.provider;

import android.database.Cursor;
import android.database.MatrixCursor;
import android.net.Uri;
import com.android.internal.sim.DeviceData;
import com.android.internal.sim.SimEnv;
import java.util.List;

/**
 * @hide The simulated device's system content providers, reached through ContentResolver.
 * Dispatches a content URI to a fixed table by authority and path, enforcing the provider's
 * read permission. Selection and sort order are not evaluated: every row of the table is returned
 * (or the one row whose _id ends the URI).
 */
public final class DeviceProviders {
    private DeviceProviders() {}

    /** Authority, path, MIME type, permissions (any one suffices), columns, rows, "type" filter (0: none). */
    private record Table(String authority, String path, String mimeType, String[] permissions,
                         String[] columns, List<Object[]> rows, long typeFilter) {}

    private static final String[] CONTACTS = {"android.permission.READ_CONTACTS", "android.permission.WRITE_CONTACTS"};
    private static final String[] CALL_LOG = {"android.permission.READ_CALL_LOG", "android.permission.WRITE_CALL_LOG"};
    private static final String[] SMS = {"android.permission.READ_SMS"};
    private static final String[] CALENDAR = {"android.permission.READ_CALENDAR", "android.permission.WRITE_CALENDAR"};

    private static final List<Table> TABLES = List.of(
        new Table("com.android.contacts", "contacts", "vnd.android.cursor.dir/contact", CONTACTS,
            DeviceData.CONTACT_COLUMNS, DeviceData.CONTACTS, 0),
        new Table("com.android.contacts", "data/phones", "vnd.android.cursor.dir/phone_v2", CONTACTS,
            DeviceData.PHONE_COLUMNS, DeviceData.PHONES, 0),
        new Table("com.android.contacts", "data", "vnd.android.cursor.dir/data", CONTACTS,
            DeviceData.PHONE_COLUMNS, DeviceData.PHONES, 0),
        new Table("com.android.contacts", "data/emails", "vnd.android.cursor.dir/email_v2", CONTACTS,
            new String[] {"_id", "contact_id", "display_name", "data1", "data2"}, List.of(), 0),
        new Table("call_log", "calls", "vnd.android.cursor.dir/calls", CALL_LOG,
            DeviceData.CALL_COLUMNS, DeviceData.CALLS, 0),
        new Table("sms", "", "vnd.android-dir/mms-sms", SMS, DeviceData.SMS_COLUMNS, DeviceData.SMS, 0),
        new Table("sms", "inbox", "vnd.android-dir/mms-sms", SMS, DeviceData.SMS_COLUMNS, DeviceData.SMS, 1),
        new Table("sms", "sent", "vnd.android-dir/mms-sms", SMS, DeviceData.SMS_COLUMNS, DeviceData.SMS, 2),
        new Table("com.android.calendar", "events", "vnd.android.cursor.dir/event", CALENDAR,
            DeviceData.EVENT_COLUMNS, DeviceData.EVENTS, 0),
        new Table("com.android.calendar", "calendars", "vnd.android.cursor.dir/calendar", CALENDAR,
            DeviceData.CALENDAR_COLUMNS, DeviceData.CALENDARS, 0));

    /** The rows behind a content URI; null when no provider serves its authority. */
    public static Cursor query(Uri uri, String[] projection) {
        Match match = match(uri);
        if (match == null) return null;
        Table table = match.table;
        SimEnv.enforceAny("query " + uri, table.permissions);
        String[] columns = projection == null ? table.columns : projection;
        int[] source = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            source[i] = indexOf(table.columns, columns[i]);
            if (source[i] < 0) {
                throw new IllegalArgumentException("Invalid column " + columns[i]);
            }
        }
        int typeColumn = indexOf(table.columns, "type");
        MatrixCursor cursor = new MatrixCursor(columns, table.rows.size());
        for (Object[] row : table.rows) {
            if (match.id != null && !match.id.equals(row[0])) continue;
            if (table.typeFilter != 0 && !Long.valueOf(table.typeFilter).equals(row[typeColumn])) continue;
            Object[] out = new Object[columns.length];
            for (int i = 0; i < columns.length; i++) out[i] = row[source[i]];
            cursor.addRow(out);
        }
        return cursor;
    }

    public static String getType(Uri uri) {
        Match match = match(uri);
        return match == null ? null : match.table.mimeType;
    }

    private record Match(Table table, Long id) {}

    private static Match match(Uri uri) {
        if (!"content".equals(uri.getScheme())) return null;
        String authority = uri.getAuthority();
        boolean known = false;
        List<String> segments = uri.getPathSegments();
        for (Table table : TABLES) {
            if (!table.authority.equals(authority)) continue;
            known = true;
            String path = String.join("/", segments);
            if (path.equals(table.path)) return new Match(table, null);
            // A trailing numeric segment selects one row: content://com.android.contacts/contacts/2
            if (!segments.isEmpty()) {
                String last = segments.get(segments.size() - 1);
                String parent = String.join("/", segments.subList(0, segments.size() - 1));
                if (parent.equals(table.path) && last.matches("\\d{1,18}")) {
                    return new Match(table, Long.parseLong(last));
                }
            }
        }
        if (known) throw new IllegalArgumentException("Unknown URL " + uri);
        return null;
    }

    private static int indexOf(String[] columns, String name) {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].equalsIgnoreCase(name)) return i;
        }
        return -1;
    }
}
