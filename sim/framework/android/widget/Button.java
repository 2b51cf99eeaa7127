package android.widget;

import android.content.Context;

/** A push button: clickable and focusable from the start. */
public class Button extends TextView {
    public Button(Context context) {
        super(context);
        setClickable(true);
        setFocusable(true);
    }

    /** A flat, rounded button with its label centred (what Material's text button looks like). */
    @Override protected void onDraw(android.graphics.Canvas canvas) {
        android.graphics.Paint bg = new android.graphics.Paint(android.graphics.Paint.ANTI_ALIAS_FLAG);
        bg.setColor(isEnabled() ? 0xFFE8EEF7 : 0xFFEEEEEE);
        canvas.drawRoundRect(6, 12, getWidth() - 6, getHeight() - 12, 18, 18, bg);
        android.graphics.Paint paint = com.android.internal.sim.TextDrawing.paint(isEnabled() ? 0xFF1A56C4 : 0x61000000);
        com.android.internal.sim.TextDrawing.drawLines(canvas, this, getText(), getMaxLines(),
                android.view.Gravity.CENTER, paint);
    }

    @Override public CharSequence getAccessibilityClassName() { return Button.class.getName(); }
}
