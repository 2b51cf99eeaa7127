package android.widget;

import android.content.Context;
import android.view.View;

/** Displays text. */
public class TextView extends View {
    private CharSequence mText = "";
    private CharSequence mHint;
    private float mTextSize = 14f;
    private int mGravity = android.view.Gravity.TOP | android.view.Gravity.START;
    private int mMaxLines = Integer.MAX_VALUE;
    private int mTextColor = 0xDE000000;  // Material's primary text on light backgrounds

    public TextView(Context context) {
        super(context);
    }

    public void setText(CharSequence text) { mText = text == null ? "" : text; }

    public final void append(CharSequence text) { setText(mText.toString() + text); }

    public CharSequence getText() { return mText; }

    public int length() { return mText.length(); }

    public void setHint(CharSequence hint) { mHint = hint; }

    public CharSequence getHint() { return mHint; }

    public void setTextSize(float size) { mTextSize = size; }

    public void setTextSize(int unit, float size) { mTextSize = size; }

    public float getTextSize() { return mTextSize; }

    public void setTextColor(int color) { mTextColor = color; }

    public final int getCurrentTextColor() { return mTextColor; }

    public void setGravity(int gravity) { mGravity = gravity; }

    public int getGravity() { return mGravity; }

    public void setSingleLine() { mMaxLines = 1; }

    public void setSingleLine(boolean singleLine) { mMaxLines = singleLine ? 1 : Integer.MAX_VALUE; }

    public void setMaxLines(int maxLines) { mMaxLines = maxLines; }

    public int getMaxLines() { return mMaxLines; }

    public void setLines(int lines) { mMaxLines = lines; }

    /** Text (or the hint, greyed, when empty) in lines as the device's layout wraps it. */
    @Override protected void onDraw(android.graphics.Canvas canvas) {
        boolean hint = mText.length() == 0 && mHint != null;
        CharSequence shown = hint ? mHint : mText;
        if (shown.length() == 0) return;
        android.graphics.Paint paint = com.android.internal.sim.TextDrawing.paint(hint ? 0x61000000 : mTextColor);
        com.android.internal.sim.TextDrawing.drawLines(canvas, this, shown, mMaxLines, mGravity, paint);
    }

    @Override public CharSequence getAccessibilityClassName() { return TextView.class.getName(); }
}
