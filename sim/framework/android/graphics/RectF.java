package android.graphics;

/** A float rectangle (left, top, right, bottom). */
public class RectF {
    public float left, top, right, bottom;

    public RectF() {}

    public RectF(float left, float top, float right, float bottom) { set(left, top, right, bottom); }

    public void set(float left, float top, float right, float bottom) {
        this.left = left;
        this.top = top;
        this.right = right;
        this.bottom = bottom;
    }

    public final float width() { return right - left; }
    public final float height() { return bottom - top; }
}
