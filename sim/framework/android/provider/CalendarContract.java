package android.provider;

import android.net.Uri;

/** The calendar provider's contract (real values). */
public final class CalendarContract {
    public static final String AUTHORITY = "com.android.calendar";
    public static final Uri CONTENT_URI = Uri.parse("content://com.android.calendar");

    private CalendarContract() {}

    /** Calendars (accounts). */
    public static final class Calendars implements BaseColumns {
        public static final Uri CONTENT_URI = Uri.parse("content://com.android.calendar/calendars");
        public static final String ACCOUNT_NAME = "account_name";
        public static final String ACCOUNT_TYPE = "account_type";
        public static final String CALENDAR_DISPLAY_NAME = "calendar_displayName";

        private Calendars() {}
    }

    /** Events. */
    public static final class Events implements BaseColumns {
        public static final Uri CONTENT_URI = Uri.parse("content://com.android.calendar/events");
        public static final String CALENDAR_ID = "calendar_id";
        public static final String TITLE = "title";
        public static final String DESCRIPTION = "description";
        public static final String EVENT_LOCATION = "eventLocation";
        public static final String DTSTART = "dtstart";
        public static final String DTEND = "dtend";

        private Events() {}
    }
}
