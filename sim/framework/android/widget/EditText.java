package android.widget;

import android.content.Context;

/** An editable text field. */
public class EditText extends TextView {
    public EditText(Context context) {
        super(context);
        setClickable(true);
        setFocusable(true);
    }

    /** The text (or hint) over an underline, as Material's filled field. */
    @Override protected void onDraw(android.graphics.Canvas canvas) {
        android.graphics.Paint line = new android.graphics.Paint();
        line.setColor(0xFF757575);
        line.setStrokeWidth(3);
        canvas.drawLine(0, getHeight() - 18, getWidth(), getHeight() - 18, line);
        super.onDraw(canvas);
    }

    @Override public CharSequence getAccessibilityClassName() { return EditText.class.getName(); }
}
