package android.content;

import android.net.Uri;
import java.util.ArrayList;
import java.util.List;

/** Clipboard content: a label, MIME types and one or more items. */
public class ClipData {
    public static final String MIMETYPE_TEXT_PLAIN = "text/plain";
    public static final String MIMETYPE_TEXT_HTML = "text/html";
    public static final String MIMETYPE_TEXT_URILIST = "text/uri-list";
    public static final String MIMETYPE_TEXT_INTENT = "text/vnd.android.intent";

    private final CharSequence label;
    private final String[] mimeTypes;
    private final List<Item> items = new ArrayList<>();

    public ClipData(CharSequence label, String[] mimeTypes, Item item) {
        if (mimeTypes == null) throw new NullPointerException("mimeTypes is null");
        if (item == null) throw new NullPointerException("item is null");
        this.label = label;
        this.mimeTypes = mimeTypes.clone();
        items.add(item);
    }

    public ClipData(ClipData other) {
        this.label = other.label;
        this.mimeTypes = other.mimeTypes.clone();
        this.items.addAll(other.items);
    }

    public static ClipData newPlainText(CharSequence label, CharSequence text) {
        return new ClipData(label, new String[] {MIMETYPE_TEXT_PLAIN}, new Item(text));
    }

    public static ClipData newHtmlText(CharSequence label, CharSequence text, String htmlText) {
        return new ClipData(label, new String[] {MIMETYPE_TEXT_HTML}, new Item(text, htmlText));
    }

    public static ClipData newRawUri(CharSequence label, Uri uri) {
        return new ClipData(label, new String[] {MIMETYPE_TEXT_URILIST}, new Item(uri));
    }

    public void addItem(Item item) {
        if (item == null) throw new NullPointerException("item is null");
        items.add(item);
    }

    public int getItemCount() { return items.size(); }
    public Item getItemAt(int index) { return items.get(index); }

    public ClipDescription getDescription() { return new ClipDescription(label, mimeTypes); }

    @Override
    public String toString() {
        return "ClipData { " + String.join(" ", mimeTypes) + " {" + (items.isEmpty() ? "" : "T:" + items.get(0).getText()) + "} }";
    }

    /** One clipboard item: text, HTML, an Intent or a URI. */
    public static class Item {
        private final CharSequence text;
        private final String htmlText;
        private final Intent intent;
        private final Uri uri;

        public Item(CharSequence text) {
            this(text, null, null, null);
        }

        public Item(CharSequence text, String htmlText) {
            this(text, htmlText, null, null);
        }

        public Item(Intent intent) {
            this(null, null, intent, null);
        }

        public Item(Uri uri) {
            this(null, null, null, uri);
        }

        public Item(CharSequence text, Intent intent, Uri uri) {
            this(text, null, intent, uri);
        }

        public Item(CharSequence text, String htmlText, Intent intent, Uri uri) {
            this.text = text;
            this.htmlText = htmlText;
            this.intent = intent;
            this.uri = uri;
        }

        public CharSequence getText() { return text; }
        public String getHtmlText() { return htmlText; }
        public Intent getIntent() { return intent; }
        public Uri getUri() { return uri; }

        public CharSequence coerceToText(Context context) {
            if (text != null) return text;
            if (uri != null) return uri.toString();
            return intent != null ? intent.toString() : "";
        }

        @Override
        public String toString() { return "ClipData.Item { T:" + text + " }"; }
    }
}
