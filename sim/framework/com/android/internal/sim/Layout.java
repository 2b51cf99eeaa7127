package com.android.internal.sim;

import android.view.Gravity;
import android.view.View;
import android.view.ViewGroup;
import android.widget.Button;
import android.widget.CheckBox;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.TextView;

/**
 * A small deterministic layout for a 1080x2400 screen: enough for bounds in UI dumps and for
 * taps to land where a user would tap. It reads views only through their public API.
 */
public final class Layout {
    public static final int STATUS_BAR = 84;
    public static final int NAV_BAR = 126;
    static final int DIALOG_MARGIN = 54;
    static final int DIALOG_MIN_TOP = 240;

    // Text metrics of 14sp text at ~2.6 px/dp: Latin glyphs about half as wide as CJK ones.
    static final int NARROW_CHAR = 24;
    static final int WIDE_CHAR = 42;
    static final int LINE_HEIGHT = 57;
    static final int BUTTON_MIN_HEIGHT = 144;
    static final int BUTTON_PAD_H = 48;
    static final int BUTTON_PAD_V = 36;
    static final int CHECK_BOX = 96;
    static final int PLAIN_VIEW_HEIGHT = 144;

    private Layout() {}

    /** Places an activity window (full screen, content below the status bar). */
    static void layoutActivity(Screen.Window w) {
        w.left = 0;
        w.top = 0;
        w.right = Screen.WIDTH;
        w.bottom = Screen.HEIGHT;
        place(w.root, 0, 0, Screen.WIDTH, Screen.HEIGHT, true);
    }

    /** Places a dialog window: inset from the sides, as tall as its content, centred. */
    static void layoutDialog(Screen.Window w) {
        int width = Screen.WIDTH - 2 * DIALOG_MARGIN;
        int maxHeight = Screen.HEIGHT - 2 * DIALOG_MIN_TOP;
        int height = Math.min(measureHeight(w.root, width), maxHeight);
        int top = (Screen.HEIGHT - height) / 2;
        w.left = DIALOG_MARGIN;
        w.top = top;
        w.right = DIALOG_MARGIN + width;
        w.bottom = top + height;
        place(w.root, w.left, w.top, width, height, true);
    }

    static boolean gone(View v) { return v.getVisibility() == View.GONE; }

    static int charWidth(int cp) {
        return cp < 0x2E80 ? NARROW_CHAR : WIDE_CHAR;
    }

    /** Width of the longest line when not wrapped. */
    static int textWidth(CharSequence text) {
        int best = 0, cur = 0;
        String s = text.toString();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                best = Math.max(best, cur);
                cur = 0;
            } else {
                cur += charWidth(cp);
            }
        }
        return Math.max(best, cur);
    }

    static int textLines(CharSequence text, int width) {
        if (text.length() == 0) return 1;
        int lines = 1, cur = 0;
        width = Math.max(width, WIDE_CHAR);
        String s = text.toString();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                lines++;
                cur = 0;
                continue;
            }
            int w = charWidth(cp);
            if (cur + w > width) {
                lines++;
                cur = 0;
            }
            cur += w;
        }
        return lines;
    }

    /** The padding the layout gives v (a button's default padding, a check box's box). */
    public static int[] paddingOf(View v) { return padding(v); }

    /** The lines text is wrapped into at this width, the same breaks textLines counts. */
    public static java.util.List<String> wrap(CharSequence text, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        int cur = 0;
        width = Math.max(width, WIDE_CHAR);
        String s = text.toString();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                lines.add(line.toString());
                line.setLength(0);
                cur = 0;
                continue;
            }
            int w = charWidth(cp);
            if (cur + w > width) {
                lines.add(line.toString());
                line.setLength(0);
                cur = 0;
            }
            line.appendCodePoint(cp);
            cur += w;
        }
        lines.add(line.toString());
        return lines;
    }

    private static int[] padding(View v) {
        int l = v.getPaddingLeft(), t = v.getPaddingTop(), r = v.getPaddingRight(), b = v.getPaddingBottom();
        if (v instanceof Button && !(v instanceof CheckBox) && l == 0 && t == 0 && r == 0 && b == 0) {
            return new int[] {BUTTON_PAD_H, BUTTON_PAD_V, BUTTON_PAD_H, BUTTON_PAD_V};
        }
        if (v instanceof CheckBox && l == 0) l = CHECK_BOX;
        return new int[] {l, t, r, b};
    }

    private static int minHeight(View v) {
        int min = v.getMinimumHeight();
        if (v instanceof CheckBox) return Math.max(min, CHECK_BOX);
        if (v instanceof Button || v instanceof EditText) return Math.max(min, BUTTON_MIN_HEIGHT);
        return min;
    }

    private static ViewGroup.MarginLayoutParams margins(View v) {
        ViewGroup.LayoutParams lp = v.getLayoutParams();
        return lp instanceof ViewGroup.MarginLayoutParams ? (ViewGroup.MarginLayoutParams) lp : null;
    }

    private static int hMargins(View v) {
        ViewGroup.MarginLayoutParams m = margins(v);
        return m == null ? 0 : m.leftMargin + m.rightMargin;
    }

    private static int vMargins(View v) {
        ViewGroup.MarginLayoutParams m = margins(v);
        return m == null ? 0 : m.topMargin + m.bottomMargin;
    }

    /** The width a WRAP_CONTENT view asks for, at most maxWidth. */
    static int wrapWidth(View v, int maxWidth) {
        if (gone(v)) return 0;
        int[] p = padding(v);
        int w;
        if (v instanceof TextView) {
            w = textWidth(((TextView) v).getText()) + p[0] + p[2];
            if (v instanceof Button && !(v instanceof CheckBox)) w = Math.max(w, 2 * BUTTON_MIN_HEIGHT);
        } else if (v instanceof ViewGroup) {
            ViewGroup g = (ViewGroup) v;
            boolean row = g instanceof LinearLayout && ((LinearLayout) g).getOrientation() == LinearLayout.HORIZONTAL;
            int inner = 0;
            for (int i = 0; i < g.getChildCount(); i++) {
                View c = g.getChildAt(i);
                int cw = childWidth(c, maxWidth - p[0] - p[2]) + hMargins(c);
                inner = row ? inner + cw : Math.max(inner, cw);
            }
            w = inner + p[0] + p[2];
        } else {
            w = Math.max(v.getMinimumWidth(), PLAIN_VIEW_HEIGHT);
        }
        return Math.min(w, maxWidth);
    }

    private static int childWidth(View c, int available) {
        ViewGroup.LayoutParams lp = c.getLayoutParams();
        int spec = lp == null ? ViewGroup.LayoutParams.MATCH_PARENT : lp.width;
        if (spec >= 0) return Math.min(spec, Math.max(available, 0));
        if (spec == ViewGroup.LayoutParams.MATCH_PARENT) return Math.max(available - hMargins(c), 0);
        return wrapWidth(c, Math.max(available - hMargins(c), 0));
    }

    /** Height of v when it is given exactly this width. */
    static int measureHeight(View v, int width) {
        if (gone(v)) return 0;
        ViewGroup.LayoutParams lp = v.getLayoutParams();
        if (lp != null && lp.height >= 0) return lp.height;
        int[] p = padding(v);
        int inner = Math.max(width - p[0] - p[2], 0);
        int h;
        if (v instanceof TextView) {
            TextView t = (TextView) v;
            CharSequence text = t.getText().length() == 0 && t.getHint() != null ? t.getHint() : t.getText();
            int lines = Math.min(textLines(text, inner), t.getMaxLines());
            h = lines * LINE_HEIGHT;
        } else if (v instanceof ViewGroup) {
            h = measureGroup((ViewGroup) v, inner);
        } else {
            h = PLAIN_VIEW_HEIGHT;
        }
        return Math.max(h + p[1] + p[3], minHeight(v));
    }

    private static boolean isRow(ViewGroup g) {
        return g instanceof LinearLayout && ((LinearLayout) g).getOrientation() == LinearLayout.HORIZONTAL;
    }

    private static boolean isColumn(ViewGroup g) {
        return g instanceof LinearLayout && ((LinearLayout) g).getOrientation() == LinearLayout.VERTICAL;
    }

    private static int measureGroup(ViewGroup g, int inner) {
        int h = 0;
        if (isRow(g)) {
            int[] widths = rowWidths(g, inner);
            for (int i = 0; i < g.getChildCount(); i++) {
                View c = g.getChildAt(i);
                h = Math.max(h, measureHeight(c, widths[i]) + vMargins(c));
            }
        } else {
            for (int i = 0; i < g.getChildCount(); i++) {
                View c = g.getChildAt(i);
                int ch = measureHeight(c, childWidth(c, inner)) + vMargins(c);
                h = isColumn(g) ? h + ch : Math.max(h, ch);
            }
        }
        return h;
    }

    /** Widths of a row's children: fixed and wrap widths first, weights share what is left. */
    private static int[] rowWidths(ViewGroup g, int inner) {
        int n = g.getChildCount();
        int[] widths = new int[n];
        float weights = 0;
        int used = 0;
        for (int i = 0; i < n; i++) {
            View c = g.getChildAt(i);
            if (gone(c)) continue;
            float weight = c.getLayoutParams() instanceof LinearLayout.LayoutParams
                    ? ((LinearLayout.LayoutParams) c.getLayoutParams()).weight : 0f;
            ViewGroup.LayoutParams lp = c.getLayoutParams();
            if (weight > 0) {
                weights += weight;
            } else if (lp != null && lp.width == ViewGroup.LayoutParams.MATCH_PARENT) {
                widths[i] = Math.max(inner - used - hMargins(c), 0);
            } else {
                widths[i] = childWidth(c, Math.max(inner - used, 0));
            }
            used += widths[i] + hMargins(c);
        }
        int left = Math.max(inner - used, 0);
        for (int i = 0; i < n; i++) {
            View c = g.getChildAt(i);
            if (gone(c) || !(c.getLayoutParams() instanceof LinearLayout.LayoutParams)) continue;
            float weight = ((LinearLayout.LayoutParams) c.getLayoutParams()).weight;
            if (weight > 0) widths[i] = (int) (left * weight / weights);
        }
        return widths;
    }

    /** Assigns bounds to v and its subtree; `exact` means the height is imposed by the parent. */
    static void place(View v, int left, int top, int width, int height, boolean exact) {
        if (gone(v)) {
            v.layout(left, top, left, top);
            return;
        }
        if (!exact) height = measureHeight(v, width);
        v.layout(left, top, left + width, top + height);
        if (!(v instanceof ViewGroup)) return;
        ViewGroup g = (ViewGroup) v;
        int[] p = padding(v);
        int innerLeft = left + p[0], innerTop = top + p[1];
        int inner = Math.max(width - p[0] - p[2], 0);
        if (isRow(g)) {
            int[] widths = rowWidths(g, inner);
            int total = 0;
            for (int i = 0; i < g.getChildCount(); i++) total += widths[i] + hMargins(g.getChildAt(i));
            int gravity = ((LinearLayout) g).getGravity();
            int x = innerLeft;
            if ((gravity & Gravity.END) == Gravity.END || (gravity & Gravity.RIGHT) == Gravity.RIGHT) {
                x += Math.max(inner - total, 0);
            } else if ((gravity & Gravity.CENTER_HORIZONTAL) != 0 && (gravity & 0x06) == 0) {
                x += Math.max(inner - total, 0) / 2;
            }
            for (int i = 0; i < g.getChildCount(); i++) {
                View c = g.getChildAt(i);
                ViewGroup.MarginLayoutParams m = margins(c);
                int ml = m == null ? 0 : m.leftMargin, mt = m == null ? 0 : m.topMargin;
                place(c, x + ml, innerTop + mt, widths[i], 0, false);
                x += widths[i] + hMargins(c);
            }
            return;
        }
        int y = innerTop;
        for (int i = 0; i < g.getChildCount(); i++) {
            View c = g.getChildAt(i);
            ViewGroup.MarginLayoutParams m = margins(c);
            int ml = m == null ? 0 : m.leftMargin, mt = m == null ? 0 : m.topMargin;
            int cw = childWidth(c, inner);
            int x = innerLeft + ml;
            if (isColumn(g) && cw < inner && (((LinearLayout) g).getGravity() & Gravity.CENTER_HORIZONTAL) != 0
                    && (((LinearLayout) g).getGravity() & 0x06) == 0) {
                x = innerLeft + (inner - cw) / 2;
            }
            ViewGroup.LayoutParams lp = c.getLayoutParams();
            boolean fill = !isColumn(g) && lp != null && lp.height == ViewGroup.LayoutParams.MATCH_PARENT;
            int ch = fill ? Math.max(height - p[1] - p[3] - vMargins(c), 0) : measureHeight(c, cw);
            place(c, x, y + mt, cw, ch, true);
            if (isColumn(g)) y += ch + vMargins(c);
        }
    }
}
