package android.graphics;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a View draws on (View.onDraw(Canvas)). On the simulated device a Canvas paints into the
 * screen image the device renders for a screenshot (com.android.internal.sim.ScreenRenderer),
 * through Java2D, with the device's CJK font. A Canvas made by an app itself draws nothing.
 */
public class Canvas {
    private final Graphics2D mG;
    private final Font mFont;
    private final int mWidth, mHeight;
    private final Deque<Object[]> mSaved = new ArrayDeque<>();

    /** A canvas with nothing behind it (Android's no-bitmap constructor): drawing is dropped. */
    public Canvas() {
        this(null, null, 0, 0);
    }

    /**
     * The device's screen surface (not Android API: only the simulated device's renderer makes
     * one). `g` is already translated to the view's top-left corner.
     */
    public Canvas(Graphics2D g, Font font, int width, int height) {
        mG = g;
        mFont = font;
        mWidth = width;
        mHeight = height;
    }

    public int getWidth() { return mWidth; }
    public int getHeight() { return mHeight; }

    public int save() {
        if (mG != null) mSaved.push(new Object[] {mG.getTransform(), mG.getClip()});
        return mSaved.size();
    }

    public void restore() {
        if (mG == null || mSaved.isEmpty()) return;
        Object[] s = mSaved.pop();
        mG.setTransform((AffineTransform) s[0]);
        mG.setClip((Shape) s[1]);
    }

    public int getSaveCount() { return mSaved.size() + 1; }

    public void translate(float dx, float dy) { if (mG != null) mG.translate(dx, dy); }

    public void scale(float sx, float sy) { if (mG != null) mG.scale(sx, sy); }

    public boolean clipRect(float left, float top, float right, float bottom) {
        if (mG != null) mG.clip(new Rectangle2D.Float(left, top, right - left, bottom - top));
        return right > left && bottom > top;
    }

    public boolean clipRect(int left, int top, int right, int bottom) {
        return clipRect((float) left, (float) top, (float) right, (float) bottom);
    }

    public boolean clipRect(Rect r) { return clipRect(r.left, r.top, r.right, r.bottom); }

    public void drawColor(int color) {
        if (mG == null) return;
        mG.setColor(new java.awt.Color(color, true));
        mG.fill(mG.getClipBounds() != null ? mG.getClipBounds() : new Rectangle2D.Float(0, 0, mWidth, mHeight));
    }

    public void drawRGB(int r, int g, int b) { drawColor(Color.rgb(r, g, b)); }

    public void drawARGB(int a, int r, int g, int b) { drawColor(Color.argb(a, r, g, b)); }

    public void drawPaint(Paint paint) { drawColor(paint.getColor()); }

    public void drawRect(float left, float top, float right, float bottom, Paint paint) {
        shape(new Rectangle2D.Float(left, top, right - left, bottom - top), paint);
    }

    public void drawRect(Rect r, Paint paint) { drawRect(r.left, r.top, r.right, r.bottom, paint); }

    public void drawRect(RectF r, Paint paint) { drawRect(r.left, r.top, r.right, r.bottom, paint); }

    public void drawRoundRect(RectF r, float rx, float ry, Paint paint) {
        drawRoundRect(r.left, r.top, r.right, r.bottom, rx, ry, paint);
    }

    public void drawRoundRect(float left, float top, float right, float bottom, float rx, float ry, Paint paint) {
        shape(new RoundRectangle2D.Float(left, top, right - left, bottom - top, 2 * rx, 2 * ry), paint);
    }

    public void drawCircle(float cx, float cy, float radius, Paint paint) {
        shape(new Ellipse2D.Float(cx - radius, cy - radius, 2 * radius, 2 * radius), paint);
    }

    public void drawOval(RectF r, Paint paint) {
        shape(new Ellipse2D.Float(r.left, r.top, r.width(), r.height()), paint);
    }

    public void drawLine(float startX, float startY, float stopX, float stopY, Paint paint) {
        if (!setUp(paint)) return;
        mG.setStroke(new BasicStroke(Math.max(1f, paint.getStrokeWidth())));
        mG.draw(new Line2D.Float(startX, startY, stopX, stopY));
    }

    /** Draws text with its baseline at y; x is its left, centre or right by the paint's align. */
    public void drawText(String text, float x, float y, Paint paint) {
        if (text == null || text.isEmpty() || !setUp(paint)) return;
        Font f = mFont.deriveFont(paint.isFakeBoldText() ? Font.BOLD : Font.PLAIN, Math.max(1f, paint.getTextSize()));
        mG.setFont(f);
        float w = mG.getFontMetrics(f).stringWidth(text);
        if (paint.getTextAlign() == Paint.Align.CENTER) x -= w / 2;
        else if (paint.getTextAlign() == Paint.Align.RIGHT) x -= w;
        mG.drawString(text, x, y);
    }

    public void drawText(CharSequence text, int start, int end, float x, float y, Paint paint) {
        drawText(text.subSequence(start, end).toString(), x, y, paint);
    }

    public void drawText(char[] text, int index, int count, float x, float y, Paint paint) {
        drawText(new String(text, index, count), x, y, paint);
    }

    private void shape(Shape s, Paint paint) {
        if (!setUp(paint)) return;
        if (paint.getStyle() != Paint.Style.STROKE) mG.fill(s);
        if (paint.getStyle() != Paint.Style.FILL) {
            mG.setStroke(new BasicStroke(Math.max(1f, paint.getStrokeWidth())));
            mG.draw(s);
        }
    }

    private boolean setUp(Paint paint) {
        if (mG == null) return false;
        mG.setColor(new java.awt.Color(paint.getColor(), true));
        mG.setRenderingHint(RenderingHints.KEY_ANTIALIASING,
                paint.isAntiAlias() ? RenderingHints.VALUE_ANTIALIAS_ON : RenderingHints.VALUE_ANTIALIAS_OFF);
        return true;
    }
}
