package com.android.internal.sim;

import android.graphics.Canvas;
import android.graphics.Paint;
import android.view.Gravity;
import android.view.View;

import java.util.List;

/**
 * How the framework's text views draw their text: the lines the device's layout wraps them
 * into (so the picture matches the bounds in the UI dump), LINE_HEIGHT apart, in one font size.
 */
public final class TextDrawing {
    /** Pixel size of 14sp text: CJK glyphs about WIDE_CHAR wide, the layout's model. */
    public static final float TEXT_PX = 38f;
    static final int BASELINE = 42;  // from the top of a LINE_HEIGHT line
    static final int MAX_LINES_DRAWN = 200;

    private TextDrawing() {}

    public static Paint paint(int color) {
        Paint p = new Paint(Paint.ANTI_ALIAS_FLAG);
        p.setColor(color);
        p.setTextSize(TEXT_PX);
        return p;
    }

    public static void drawLines(Canvas canvas, View v, CharSequence text, int maxLines, int gravity, Paint paint) {
        int[] pad = Layout.paddingOf(v);
        int innerW = Math.max(v.getWidth() - pad[0] - pad[2], 0);
        int innerH = Math.max(v.getHeight() - pad[1] - pad[3], 0);
        List<String> lines = Layout.wrap(text, innerW);
        int n = Math.min(Math.min(lines.size(), Math.max(maxLines, 1)), MAX_LINES_DRAWN);
        int y = pad[1];
        if ((gravity & Gravity.CENTER_VERTICAL) == Gravity.CENTER_VERTICAL) {
            y += Math.max(innerH - n * Layout.LINE_HEIGHT, 0) / 2;
        }
        // LEFT/RIGHT/START/END share the low bits with CENTER_HORIZONTAL: compare all three.
        boolean centre = (gravity & 0x07) == Gravity.CENTER_HORIZONTAL;
        Paint p = new Paint(paint);
        p.setTextAlign(centre ? Paint.Align.CENTER : Paint.Align.LEFT);
        float x = centre ? pad[0] + innerW / 2f : pad[0];
        for (int i = 0; i < n; i++) {
            canvas.drawText(lines.get(i), x, y + i * Layout.LINE_HEIGHT + BASELINE, p);
        }
    }
}
