package android.content;

import com.android.internal.sim.DeviceData;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The clipboard. It starts out holding {@link DeviceData#CLIPBOARD_TEXT}, as if the user had just
 * copied a one-time code; reading it needs no permission (API 29 behaviour for a foreground app).
 */
public class ClipboardManager extends android.text.ClipboardManager {
    /** Told when the primary clip changes. */
    public interface OnPrimaryClipChangedListener {
        void onPrimaryClipChanged();
    }

    private static final Object LOCK = new Object();
    private static ClipData primary = ClipData.newPlainText(DeviceData.CLIPBOARD_LABEL, DeviceData.CLIPBOARD_TEXT);

    private final Context context;
    private final List<OnPrimaryClipChangedListener> listeners = new CopyOnWriteArrayList<>();

    /** @hide Apps obtain it from Context.getSystemService("clipboard"). */
    public ClipboardManager(Context context) {
        this.context = context;
    }

    public ClipData getPrimaryClip() {
        synchronized (LOCK) {
            return primary == null ? null : new ClipData(primary);
        }
    }

    public ClipDescription getPrimaryClipDescription() {
        synchronized (LOCK) {
            return primary == null ? null : primary.getDescription();
        }
    }

    public boolean hasPrimaryClip() {
        synchronized (LOCK) {
            return primary != null;
        }
    }

    public void setPrimaryClip(ClipData clip) {
        if (clip == null) throw new NullPointerException("clip");
        synchronized (LOCK) {
            primary = new ClipData(clip);
        }
        for (OnPrimaryClipChangedListener l : listeners) l.onPrimaryClipChanged();
    }

    public void clearPrimaryClip() {
        synchronized (LOCK) {
            primary = null;
        }
        for (OnPrimaryClipChangedListener l : listeners) l.onPrimaryClipChanged();
    }

    public void addPrimaryClipChangedListener(OnPrimaryClipChangedListener what) { listeners.add(what); }
    public void removePrimaryClipChangedListener(OnPrimaryClipChangedListener what) { listeners.remove(what); }

    /** @deprecated as on Android: use getPrimaryClip(). */
    @Deprecated
    @Override
    public CharSequence getText() {
        ClipData clip = getPrimaryClip();
        return clip != null && clip.getItemCount() > 0 ? clip.getItemAt(0).coerceToText(context) : null;
    }

    @Deprecated
    @Override
    public void setText(CharSequence text) { setPrimaryClip(ClipData.newPlainText(null, text)); }

    @Deprecated
    @Override
    public boolean hasText() {
        ClipData clip = getPrimaryClip();
        return clip != null && clip.getItemCount() > 0 && clip.getItemAt(0).getText() != null;
    }
}
