package android.provider;

import android.content.Context;
import android.net.Uri;

/** The SMS/MMS provider's contract (real values). */
public final class Telephony {
    private Telephony() {}

    /** Columns shared by the SMS tables. */
    public interface TextBasedSmsColumns {
        int MESSAGE_TYPE_ALL = 0;
        int MESSAGE_TYPE_INBOX = 1;
        int MESSAGE_TYPE_SENT = 2;
        int MESSAGE_TYPE_DRAFT = 3;
        int MESSAGE_TYPE_OUTBOX = 4;
        String TYPE = "type";
        String THREAD_ID = "thread_id";
        String ADDRESS = "address";
        String DATE = "date";
        String DATE_SENT = "date_sent";
        String READ = "read";
        String SEEN = "seen";
        String STATUS = "status";
        String SUBJECT = "subject";
        String BODY = "body";
        String PERSON = "person";
    }

    /** Text messages. */
    public static final class Sms implements BaseColumns, TextBasedSmsColumns {
        public static final Uri CONTENT_URI = Uri.parse("content://sms");
        public static final String DEFAULT_SORT_ORDER = "date DESC";

        private Sms() {}

        /** The package of the default SMS app. */
        public static String getDefaultSmsPackage(Context context) {
            return "com.android.messaging";
        }

        /** Received messages. */
        public static final class Inbox implements BaseColumns, TextBasedSmsColumns {
            public static final Uri CONTENT_URI = Uri.parse("content://sms/inbox");
            public static final String DEFAULT_SORT_ORDER = "date DESC";

            private Inbox() {}
        }

        /** Sent messages. */
        public static final class Sent implements BaseColumns, TextBasedSmsColumns {
            public static final Uri CONTENT_URI = Uri.parse("content://sms/sent");
            public static final String DEFAULT_SORT_ORDER = "date DESC";

            private Sent() {}
        }
    }
}
