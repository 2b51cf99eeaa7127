package com.android.internal.sim;

import android.graphics.Canvas;
import android.view.View;
import android.view.ViewGroup;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The device's `screencap`: draws the visible windows (activity, then its dialogs, each over a
 * dimmed screen) to a 1080x2400 PNG (Png: the encoder, run apart from the drawing). Views draw themselves through View.draw(Canvas), parents
 * before children, so a custom view's onDraw appears as on a phone. Nothing in the picture
 * depends on the time or the machine beyond the JDK and the font file, so the same screen gives
 * the same bytes. The font is a CJK-capable TrueType file from a Debian package, passed by path
 * (the controller finds it): there is no fallback font, so a missing file is a clear error.
 */
public final class ScreenRenderer {
    static final int STATUS_BAR_COLOR = 0xFFF1F3F4;
    static final int NAV_BAR_COLOR = 0xFF000000;
    static final int DIM = 0x99000000;  // behind a dialog, as Android's default dim amount 0.6
    static final int WALLPAPER = 0xFF2D5F73;

    private static final Map<String, Font> FONTS = new HashMap<>();

    private final Font font;
    private int nodes;

    private ScreenRenderer(Font font) { this.font = font; }

    /** Loads (once) the font file at `path`; IOException naming the file when it cannot. */
    static synchronized Font font(String path) throws IOException {
        Font f = FONTS.get(path);
        if (f != null) return f;
        File file = new File(path);
        if (!file.isFile()) throw new IOException("screenshot font " + path + " does not exist");
        try {
            f = Font.createFont(Font.TRUETYPE_FONT, file);
        } catch (FontFormatException e) {
            throw new IOException("screenshot font " + path + " is not a TrueType font: " + e.getMessage());
        }
        FONTS.put(path, f);
        return f;
    }

    /** Loads the font and Java2D's image classes (any thread), so that drawing is all that is
     *  left for the main thread. */
    static void prepare(String fontPath) throws IOException {
        font(fontPath);
        synchronized (ScreenRenderer.class) {
            if (prepared) return;
            render(List.of(), fontPath);  // the first picture initialises Java2D and the encoder
            prepared = true;
        }
    }

    private static boolean prepared;

    /** The PNG of these windows (bottom to top); none means the launcher's home screen. */
    public static byte[] render(List<Screen.Window> windows, String fontPath) throws IOException {
        return Png.encode(draw(windows, fontPath));
    }

    /** The picture of these windows, drawn but not encoded: the part of a screenshot that must
     *  run on the main thread (it reads the views); Png.encode may run anywhere after. */
    public static BufferedImage draw(List<Screen.Window> windows, String fontPath) throws IOException {
        ScreenRenderer r = new ScreenRenderer(font(fontPath));
        BufferedImage img = new BufferedImage(Screen.WIDTH, Screen.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            if (windows.isEmpty()) r.launcher(g);
            else r.windows(g, windows);
            r.systemBars(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    private void windows(Graphics2D g, List<Screen.Window> windows) {
        fill(g, 0xFFFFFFFF, 0, 0, Screen.WIDTH, Screen.HEIGHT);
        for (Screen.Window w : windows) {
            UiDump.layoutWindow(w);
            if (w.dialog) {
                fill(g, DIM, 0, 0, Screen.WIDTH, Screen.HEIGHT);
                g.setColor(Color.WHITE);
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.fillRoundRect(w.left, w.top, w.right - w.left, w.bottom - w.top, 56, 56);
            }
            draw(g, w.root, w.left, w.top, w.right, w.bottom);
        }
    }

    /** Draws v and its subtree, clipped to (cl, ct, cr, cb) in screen coordinates. */
    private void draw(Graphics2D g, View v, int cl, int ct, int cr, int cb) {
        if (v.getVisibility() != View.VISIBLE || ++nodes > UiDump.MAX_NODES) return;
        int l = Math.max(v.getLeft(), cl), t = Math.max(v.getTop(), ct);
        int r = Math.min(v.getRight(), cr), b = Math.min(v.getBottom(), cb);
        if (r <= l || b <= t) return;
        Graphics2D vg = (Graphics2D) g.create();
        try {
            vg.clipRect(l, t, r - l, b - t);
            vg.translate(v.getLeft(), v.getTop());
            v.draw(new Canvas(vg, font, v.getWidth(), v.getHeight()));
        } catch (RuntimeException e) {
            // An app's onDraw that throws: a phone would crash the app while drawing, but this
            // picture is taken for evidence only, and taking it must not change the app's fate.
        } finally {
            vg.dispose();
        }
        if (v instanceof ViewGroup) {
            ViewGroup group = (ViewGroup) v;
            for (int i = 0; i < group.getChildCount(); i++) draw(g, group.getChildAt(i), l, t, r, b);
        }
    }

    private void launcher(Graphics2D g) {
        fill(g, WALLPAPER, 0, 0, Screen.WIDTH, Screen.HEIGHT);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0xFFFFFFFF, true));
        for (int i = 0; i < 4; i++) {  // the dock's icons
            g.fillRoundRect(105 + i * 240, 2040, 150, 150, 40, 40);
        }
    }

    private void systemBars(Graphics2D g) {
        fill(g, STATUS_BAR_COLOR, 0, 0, Screen.WIDTH, Layout.STATUS_BAR);
        g.setColor(new Color(0xFF202124, true));
        g.setFont(font.deriveFont(Font.PLAIN, 34f));
        g.drawString("12:00", 48, 58);  // a fixed clock: the picture must not depend on the time
        fill(g, NAV_BAR_COLOR, 0, Screen.HEIGHT - Layout.NAV_BAR, Screen.WIDTH, Layout.NAV_BAR);
        g.setColor(new Color(0xFFBDC1C6, true));
        int y = Screen.HEIGHT - Layout.NAV_BAR / 2;
        g.fillPolygon(new int[] {300, 336, 336}, new int[] {y, y - 24, y + 24}, 3);  // back
        g.fillOval(Screen.WIDTH / 2 - 24, y - 24, 48, 48);  // home
        g.fillRect(Screen.WIDTH - 336, y - 20, 40, 40);  // recents
    }

    private static void fill(Graphics2D g, int argb, int x, int y, int w, int h) {
        g.setColor(new Color(argb, true));
        g.fillRect(x, y, w, h);
    }
}
