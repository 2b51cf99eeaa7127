package android.content;

import android.database.ContentObserver;
import android.database.Cursor;
import android.net.Uri;
import android.provider.DeviceProviders;

/**
 * Access to content providers. The simulated device answers the system providers (contacts,
 * call log, SMS, calendar) from fixed device data; an unknown authority gives null, as a device
 * does when no provider is installed for it.
 */
public abstract class ContentResolver {
    public static final String SCHEME_CONTENT = "content";
    public static final String SCHEME_FILE = "file";
    public static final String SCHEME_ANDROID_RESOURCE = "android.resource";
    public static final String CURSOR_ITEM_BASE_TYPE = "vnd.android.cursor.item";
    public static final String CURSOR_DIR_BASE_TYPE = "vnd.android.cursor.dir";

    private final Context context;

    public ContentResolver(Context context) {
        this.context = context;
    }

    public final Cursor query(Uri uri, String[] projection, String selection, String[] selectionArgs,
                              String sortOrder) {
        if (uri == null) throw new NullPointerException("uri");
        return DeviceProviders.query(uri, projection);
    }

    public final String getType(Uri url) {
        if (url == null) throw new NullPointerException("url");
        return DeviceProviders.getType(url);
    }

    public final void registerContentObserver(Uri uri, boolean notifyForDescendants, ContentObserver observer) {
        if (uri == null || observer == null) throw new NullPointerException();
        // The device data never changes, so an observer is never notified.
    }

    public final void unregisterContentObserver(ContentObserver observer) {
        if (observer == null) throw new NullPointerException();
    }

    public void notifyChange(Uri uri, ContentObserver observer) {
        if (uri == null) throw new NullPointerException("uri");
    }
}
