package com.android.internal.sim;

import android.view.View;
import android.view.ViewGroup;
import android.widget.Checkable;
import android.widget.EditText;
import android.widget.ScrollView;
import android.widget.TextView;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders windows as uiautomator XML, in the exact format `uiautomator dump` writes, and finds
 * the view a tap lands on. Everything in it may come from the app, so every string is escaped
 * and bounded.
 */
public final class UiDump {
    static final int MAX_TEXT = 10_000;
    static final int MAX_NODES = 5_000;

    /** Framework ids the dump names (android.R.id values and the alert dialog's own). */
    public static final int ID_ALERT_TITLE = 0x01020450;
    public static final int ID_PARENT_PANEL = 0x01020451;
    public static final int ID_TOP_PANEL = 0x01020452;
    public static final int ID_SCROLL_VIEW = 0x01020453;
    public static final int ID_BUTTON_PANEL = 0x01020454;
    public static final int ID_CUSTOM_PANEL = 0x01020455;
    private static final Map<Integer, String> FRAMEWORK_IDS = new HashMap<>();

    static {
        for (Field f : android.R.id.class.getFields()) {
            try {
                FRAMEWORK_IDS.put(f.getInt(null), f.getName());
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        FRAMEWORK_IDS.put(ID_ALERT_TITLE, "alertTitle");
        FRAMEWORK_IDS.put(ID_PARENT_PANEL, "parentPanel");
        FRAMEWORK_IDS.put(ID_TOP_PANEL, "topPanel");
        FRAMEWORK_IDS.put(ID_SCROLL_VIEW, "scrollView");
        FRAMEWORK_IDS.put(ID_BUTTON_PANEL, "buttonPanel");
        FRAMEWORK_IDS.put(ID_CUSTOM_PANEL, "customPanel");
    }

    private final String pkg;
    private final ClassLoader appLoader;
    private SystemWindow system;  // the window being rendered, when another package owns it
    private Map<Integer, String> appIds;
    private final StringBuilder out = new StringBuilder(4096);
    private int nodes;

    public UiDump(String pkg, ClassLoader appLoader) {
        this.pkg = pkg;
        this.appLoader = appLoader;
    }

    /** Lays out and renders the given windows (bottom to top) as one hierarchy. */
    public String render(List<Screen.Window> windows) {
        out.setLength(0);
        out.append("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\">");
        int index = 0;
        for (Screen.Window w : windows) {
            layout(w);
            system = w.owner instanceof SystemWindow ? (SystemWindow) w.owner : null;
            if (node(w.root, index, w.left, w.top, w.right, w.bottom)) index++;
        }
        out.append("</hierarchy>");
        return out.toString();
    }

    /** An empty screen of another package: what the launcher shows when the app is in background. */
    public static String launcher() {
        return "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\">"
                + "<node index=\"0\" text=\"\" resource-id=\"\" class=\"android.widget.FrameLayout\" "
                + "package=\"com.android.launcher3\" content-desc=\"\" checkable=\"false\" checked=\"false\" "
                + "clickable=\"false\" enabled=\"true\" focusable=\"false\" focused=\"false\" scrollable=\"false\" "
                + "long-clickable=\"false\" password=\"false\" selected=\"false\" bounds=\"[0,0][1080,2400]\" />"
                + "</hierarchy>";
    }

    public static void layoutWindow(Screen.Window w) { layout(w); }

    static void layout(Screen.Window w) {
        if (w.dialog) Layout.layoutDialog(w);
        else Layout.layoutActivity(w);
    }

    private boolean node(View v, int index, int cl, int ct, int cr, int cb) {
        if (v.getVisibility() != View.VISIBLE) return false;
        int l = Math.max(v.getLeft(), cl), t = Math.max(v.getTop(), ct);
        int r = Math.min(v.getRight(), cr), b = Math.min(v.getBottom(), cb);
        if (r <= l || b <= t) return false;  // not visible to the user: uiautomator leaves it out
        if (++nodes > MAX_NODES) return false;
        boolean checkable = v instanceof Checkable;
        out.append("<node index=\"").append(index)
                .append("\" text=\"").append(esc(v instanceof TextView ? ((TextView) v).getText() : ""))
                .append("\" resource-id=\"").append(esc(resourceName(v.getId())))
                .append("\" class=\"").append(esc(v.getAccessibilityClassName()))
                .append("\" package=\"").append(esc(system != null ? system.windowPackage() : pkg))
                .append("\" content-desc=\"").append(esc(v.getContentDescription()))
                .append("\" checkable=\"").append(checkable)
                .append("\" checked=\"").append(checkable && ((Checkable) v).isChecked())
                .append("\" clickable=\"").append(v.isClickable())
                .append("\" enabled=\"").append(v.isEnabled())
                .append("\" focusable=\"").append(v.isFocusable())
                .append("\" focused=\"").append(v.isFocused())
                .append("\" scrollable=\"").append(scrollable(v))
                .append("\" long-clickable=\"").append(v.isLongClickable())
                .append("\" password=\"false")
                .append("\" selected=\"").append(v.isSelected())
                .append("\" bounds=\"[").append(l).append(',').append(t).append("][")
                .append(r).append(',').append(b).append("]\"");
        int mark = out.length();
        out.append('>');
        int childIndex = 0;
        if (v instanceof ViewGroup) {
            ViewGroup g = (ViewGroup) v;
            for (int i = 0; i < g.getChildCount(); i++) {
                if (node(g.getChildAt(i), childIndex, l, t, r, b)) childIndex++;
            }
        }
        if (childIndex == 0) {
            out.setLength(mark);
            out.append(" />");
        } else {
            out.append("</node>");
        }
        return true;
    }

    private static boolean scrollable(View v) {
        if (!(v instanceof ScrollView)) return false;
        ViewGroup g = (ViewGroup) v;
        return g.getChildCount() > 0 && g.getChildAt(0).getBottom() > v.getBottom();
    }

    String resourceName(int id) {
        if (id == View.NO_ID) return "";
        if (system != null) return system.resourceName(id);
        String fw = FRAMEWORK_IDS.get(id);
        if (fw != null && (id >>> 24) == 0x01) return "android:id/" + fw;
        String app = appIds().get(id);
        return app == null ? "" : pkg + ":id/" + app;
    }

    /** The app's R.id constants, found by reflection as aapt would have generated them. */
    private synchronized Map<Integer, String> appIds() {
        if (appIds != null) return appIds;
        appIds = new HashMap<>();
        if (appLoader == null) return appIds;
        try {
            Class<?> ids = Class.forName(pkg + ".R$id", true, appLoader);
            for (Field f : ids.getDeclaredFields()) {
                if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    appIds.putIfAbsent(f.getInt(null), f.getName());
                }
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // No R class: ids stay unnamed, as for views given ids in code.
        }
        return appIds;
    }

    /** XML attribute escaping; characters XML cannot carry become U+FFFD. */
    static String esc(CharSequence cs) {
        if (cs == null) return "";
        String s = cs.toString();
        if (s.length() > MAX_TEXT) s = s.substring(0, MAX_TEXT);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                case '\n': b.append("&#10;"); break;
                case '\r': b.append("&#13;"); break;
                case '\t': b.append("&#9;"); break;
                default:
                    boolean legal = (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                            || (cp >= 0x10000 && cp <= 0x10FFFF);
                    if (legal) b.appendCodePoint(cp);
                    else b.append('\uFFFD');
            }
        }
        return b.toString();
    }

    /** The deepest clickable view under (x, y) in a laid-out window, or null. */
    public static View hit(Screen.Window w, int x, int y) {
        layout(w);
        return hit(w.root, x, y, w.left, w.top, w.right, w.bottom);
    }

    /** The topmost visible view under (x, y) that handles touches itself (overrides onTouchEvent). */
    public static View touchable(Screen.Window w, int x, int y) {
        layout(w);
        return touchable(w.root, x, y, w.left, w.top, w.right, w.bottom);
    }

    private static View touchable(View v, int x, int y, int cl, int ct, int cr, int cb) {
        if (v.getVisibility() != View.VISIBLE) return null;
        int l = Math.max(v.getLeft(), cl), t = Math.max(v.getTop(), ct);
        int r = Math.min(v.getRight(), cr), b = Math.min(v.getBottom(), cb);
        if (x < l || x >= r || y < t || y >= b) return null;
        if (v instanceof ViewGroup) {
            ViewGroup g = (ViewGroup) v;
            for (int i = g.getChildCount() - 1; i >= 0; i--) {
                View h = touchable(g.getChildAt(i), x, y, l, t, r, b);
                if (h != null) return h;
            }
        }
        return handlesTouch(v) ? v : null;
    }

    private static boolean handlesTouch(View v) {
        try {
            Class<?> owner = v.getClass().getMethod("onTouchEvent", android.view.MotionEvent.class).getDeclaringClass();
            return owner != View.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static View hit(View v, int x, int y, int cl, int ct, int cr, int cb) {
        if (v.getVisibility() != View.VISIBLE) return null;
        int l = Math.max(v.getLeft(), cl), t = Math.max(v.getTop(), ct);
        int r = Math.min(v.getRight(), cr), b = Math.min(v.getBottom(), cb);
        if (x < l || x >= r || y < t || y >= b) return null;
        if (v instanceof ViewGroup) {
            ViewGroup g = (ViewGroup) v;
            // Later children are drawn on top and get the touch first, as on Android.
            for (int i = g.getChildCount() - 1; i >= 0; i--) {
                View h = hit(g.getChildAt(i), x, y, l, t, r, b);
                if (h != null) return h;
            }
        }
        return v.isClickable() || v instanceof EditText ? v : null;
    }
}
