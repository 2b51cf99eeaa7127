package android.graphics;

/**
 * How to draw: colour, fill or stroke, stroke width, text size and alignment. measureText uses
 * the simulated device's text model (com.android.internal.sim.Layout), not a font, so what an app
 * computes from it is the same on every machine.
 */
public class Paint {
    public static final int ANTI_ALIAS_FLAG = 0x01;
    public static final int FAKE_BOLD_TEXT_FLAG = 0x20;

    public enum Style { FILL, STROKE, FILL_AND_STROKE }

    public enum Align { LEFT, CENTER, RIGHT }

    private int mColor = Color.BLACK;
    private Style mStyle = Style.FILL;
    private float mStrokeWidth = 0f;
    private float mTextSize = 12f;
    private Align mAlign = Align.LEFT;
    private int mFlags;

    public Paint() {}

    public Paint(int flags) { mFlags = flags; }

    public Paint(Paint paint) { set(paint); }

    public void set(Paint src) {
        mColor = src.mColor;
        mStyle = src.mStyle;
        mStrokeWidth = src.mStrokeWidth;
        mTextSize = src.mTextSize;
        mAlign = src.mAlign;
        mFlags = src.mFlags;
    }

    public void setColor(int color) { mColor = color; }
    public int getColor() { return mColor; }
    public void setAlpha(int a) { mColor = (mColor & 0x00FFFFFF) | ((a & 0xFF) << 24); }
    public int getAlpha() { return mColor >>> 24; }
    public void setARGB(int a, int r, int g, int b) { mColor = Color.argb(a, r, g, b); }

    public void setStyle(Style style) { mStyle = style; }
    public Style getStyle() { return mStyle; }
    public void setStrokeWidth(float width) { mStrokeWidth = width; }
    public float getStrokeWidth() { return mStrokeWidth; }

    public void setTextSize(float textSize) { mTextSize = textSize; }
    public float getTextSize() { return mTextSize; }
    public void setTextAlign(Align align) { mAlign = align; }
    public Align getTextAlign() { return mAlign; }

    public void setAntiAlias(boolean aa) { mFlags = aa ? mFlags | ANTI_ALIAS_FLAG : mFlags & ~ANTI_ALIAS_FLAG; }
    public final boolean isAntiAlias() { return (mFlags & ANTI_ALIAS_FLAG) != 0; }
    public void setFakeBoldText(boolean bold) {
        mFlags = bold ? mFlags | FAKE_BOLD_TEXT_FLAG : mFlags & ~FAKE_BOLD_TEXT_FLAG;
    }
    public final boolean isFakeBoldText() { return (mFlags & FAKE_BOLD_TEXT_FLAG) != 0; }
    public int getFlags() { return mFlags; }
    public void setFlags(int flags) { mFlags = flags; }

    /** Width of the text at this paint's size (the device's model: CJK one em, Latin half). */
    public float measureText(String text) {
        if (text == null) return 0f;
        float w = 0f;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            w += cp < 0x2E80 ? 0.55f : 1f;
        }
        return w * mTextSize;
    }

    public float measureText(CharSequence text, int start, int end) {
        return measureText(text.subSequence(start, end).toString());
    }
}
