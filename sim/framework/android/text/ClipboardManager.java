package android.text;

/** The text-only clipboard interface; android.content.ClipboardManager implements it. */
@Deprecated
public abstract class ClipboardManager {
    public ClipboardManager() {}

    public abstract CharSequence getText();

    public abstract void setText(CharSequence text);

    public abstract boolean hasText();
}
