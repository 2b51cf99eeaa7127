package android.provider;

import android.net.Uri;

/** The contacts provider's contract: authority, URIs and column names (real values). */
public final class ContactsContract {
    public static final String AUTHORITY = "com.android.contacts";
    public static final Uri AUTHORITY_URI = Uri.parse("content://com.android.contacts");

    public ContactsContract() {}

    /** One row per aggregated contact. */
    public static class Contacts implements BaseColumns {
        public static final Uri CONTENT_URI = Uri.withAppendedPath(AUTHORITY_URI, "contacts");
        public static final String CONTENT_TYPE = "vnd.android.cursor.dir/contact";
        public static final String CONTENT_ITEM_TYPE = "vnd.android.cursor.item/contact";
        public static final String DISPLAY_NAME = "display_name";
        public static final String DISPLAY_NAME_PRIMARY = "display_name";
        public static final String HAS_PHONE_NUMBER = "has_phone_number";
        public static final String LOOKUP_KEY = "lookup";

        private Contacts() {}
    }

    /** Generic data rows (phones, emails, ...), one per piece of contact data. */
    public static final class Data implements BaseColumns {
        public static final Uri CONTENT_URI = Uri.withAppendedPath(AUTHORITY_URI, "data");
        public static final String CONTACT_ID = "contact_id";
        public static final String MIMETYPE = "mimetype";
        public static final String DATA1 = "data1";
        public static final String DATA2 = "data2";

        private Data() {}
    }

    /** Container of the typed data kinds. */
    public static final class CommonDataKinds {
        private CommonDataKinds() {}

        /** Phone numbers. */
        public static final class Phone implements BaseColumns {
            public static final Uri CONTENT_URI = Uri.withAppendedPath(Data.CONTENT_URI, "phones");
            public static final String CONTENT_ITEM_TYPE = "vnd.android.cursor.item/phone_v2";
            public static final String CONTENT_TYPE = "vnd.android.cursor.dir/phone_v2";
            public static final String NUMBER = "data1";
            public static final String TYPE = "data2";
            public static final String LABEL = "data3";
            public static final String NORMALIZED_NUMBER = "data4";
            public static final String CONTACT_ID = "contact_id";
            public static final String DISPLAY_NAME = "display_name";
            public static final int TYPE_HOME = 1;
            public static final int TYPE_MOBILE = 2;
            public static final int TYPE_WORK = 3;
            public static final int TYPE_OTHER = 7;

            private Phone() {}
        }

        /** E-mail addresses (none stored on the simulated device). */
        public static final class Email implements BaseColumns {
            public static final Uri CONTENT_URI = Uri.withAppendedPath(Data.CONTENT_URI, "emails");
            public static final String CONTENT_ITEM_TYPE = "vnd.android.cursor.item/email_v2";
            public static final String ADDRESS = "data1";
            public static final String TYPE = "data2";
            public static final String CONTACT_ID = "contact_id";
            public static final String DISPLAY_NAME = "display_name";

            private Email() {}
        }
    }
}
