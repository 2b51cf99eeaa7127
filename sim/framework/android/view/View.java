package android.view;

import android.content.Context;
import android.os.Handler;
import android.os.Looper;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The basic UI building block. Bounds are assigned by the device's simple deterministic layout
 * (see com.android.internal.sim.Layout) through layout(l, t, r, b), as a real parent would.
 */
public class View {
    public static final int NO_ID = -1;
    public static final int VISIBLE = 0x00000000;
    public static final int INVISIBLE = 0x00000004;
    public static final int GONE = 0x00000008;

    private static final AtomicInteger sNextGeneratedId = new AtomicInteger(1);

    public interface OnClickListener {
        void onClick(View v);
    }

    public interface OnLongClickListener {
        boolean onLongClick(View v);
    }

    private final Context mContext;
    private int mId = NO_ID;
    private int mVisibility = VISIBLE;
    private boolean mEnabled = true;
    private boolean mClickable;
    private boolean mLongClickable;
    private boolean mFocusable;
    private boolean mSelected;
    private CharSequence mContentDescription;
    private OnClickListener mOnClickListener;
    private OnLongClickListener mOnLongClickListener;
    private Object mTag;
    private Map<Integer, Object> mKeyedTags;
    private ViewGroup.LayoutParams mLayoutParams;
    private int mPaddingLeft, mPaddingTop, mPaddingRight, mPaddingBottom;
    private int mMinHeight, mMinWidth;
    private int mLeft, mTop, mRight, mBottom;
    private int mBackgroundColor;  // 0: none (transparent)
    ViewParent mParent;

    public View(Context context) {
        mContext = context;
    }

    public final Context getContext() { return mContext; }

    public void setId(int id) { mId = id; }
    public int getId() { return mId; }

    public static int generateViewId() {
        // Like Android: stay below the 0x00FFFFFF range that aapt uses for resource ids.
        return sNextGeneratedId.getAndIncrement() & 0x00FFFFFF;
    }

    public void setVisibility(int visibility) { mVisibility = visibility; }
    public int getVisibility() { return mVisibility; }

    public boolean isShown() {
        View v = this;
        while (true) {
            if (v.mVisibility != VISIBLE) return false;
            if (!(v.mParent instanceof View)) return v.mParent != null || v.isAttachedRoot();
            v = (View) v.mParent;
        }
    }

    boolean isAttachedRoot() { return com.android.internal.sim.Screen.get().isWindowRoot(this); }

    public void setEnabled(boolean enabled) { mEnabled = enabled; }
    public boolean isEnabled() { return mEnabled; }

    public void setClickable(boolean clickable) { mClickable = clickable; }
    public boolean isClickable() { return mClickable; }

    public void setLongClickable(boolean longClickable) { mLongClickable = longClickable; }
    public boolean isLongClickable() { return mLongClickable; }

    public void setFocusable(boolean focusable) { mFocusable = focusable; }
    public final boolean isFocusable() { return mFocusable; }
    public boolean isFocused() { return false; }
    public final boolean requestFocus() { return mFocusable; }

    public void setSelected(boolean selected) { mSelected = selected; }
    public boolean isSelected() { return mSelected; }

    public void setContentDescription(CharSequence contentDescription) { mContentDescription = contentDescription; }
    public CharSequence getContentDescription() { return mContentDescription; }

    public void setOnClickListener(OnClickListener l) {
        if (!isClickable()) setClickable(true);
        mOnClickListener = l;
    }

    public boolean hasOnClickListeners() { return mOnClickListener != null; }

    public void setOnLongClickListener(OnLongClickListener l) {
        if (!isLongClickable()) setLongClickable(true);
        mOnLongClickListener = l;
    }

    /**
     * A touch on this view; the default handles none (the device then clicks, as before). A view
     * that paints its own controls overrides it and reads where the touch landed.
     */
    public boolean onTouchEvent(MotionEvent event) { return false; }

    public boolean dispatchTouchEvent(MotionEvent event) { return onTouchEvent(event); }

    /** Calls the click listener, as a completed tap does. */
    public boolean performClick() {
        if (mOnClickListener != null) {
            mOnClickListener.onClick(this);
            return true;
        }
        return false;
    }

    public boolean callOnClick() { return performClick(); }

    public boolean performLongClick() {
        return mOnLongClickListener != null && mOnLongClickListener.onLongClick(this);
    }

    public void setTag(Object tag) { mTag = tag; }
    public Object getTag() { return mTag; }
    public void setTag(int key, Object tag) {
        if (mKeyedTags == null) mKeyedTags = new HashMap<>();
        mKeyedTags.put(key, tag);
    }
    public Object getTag(int key) { return mKeyedTags == null ? null : mKeyedTags.get(key); }

    public void setLayoutParams(ViewGroup.LayoutParams params) {
        if (params == null) throw new NullPointerException("Layout parameters cannot be null");
        mLayoutParams = params;
    }
    public ViewGroup.LayoutParams getLayoutParams() { return mLayoutParams; }

    public void setPadding(int left, int top, int right, int bottom) {
        mPaddingLeft = left;
        mPaddingTop = top;
        mPaddingRight = right;
        mPaddingBottom = bottom;
    }
    public int getPaddingLeft() { return mPaddingLeft; }
    public int getPaddingTop() { return mPaddingTop; }
    public int getPaddingRight() { return mPaddingRight; }
    public int getPaddingBottom() { return mPaddingBottom; }

    public void setMinimumHeight(int minHeight) { mMinHeight = minHeight; }
    public int getMinimumHeight() { return mMinHeight; }
    public void setMinimumWidth(int minWidth) { mMinWidth = minWidth; }
    public int getMinimumWidth() { return mMinWidth; }

    public void layout(int l, int t, int r, int b) {
        mLeft = l;
        mTop = t;
        mRight = r;
        mBottom = b;
    }
    public final int getLeft() { return mLeft; }
    public final int getTop() { return mTop; }
    public final int getRight() { return mRight; }
    public final int getBottom() { return mBottom; }
    public final int getWidth() { return mRight - mLeft; }
    public final int getHeight() { return mBottom - mTop; }

    public final ViewParent getParent() { return mParent; }

    public View getRootView() {
        View v = this;
        while (v.mParent instanceof View) v = (View) v.mParent;
        return v;
    }

    @SuppressWarnings("unchecked")
    public final <T extends View> T findViewById(int id) {
        if (id == NO_ID) return null;
        return (T) findViewTraversal(id);
    }

    View findViewTraversal(int id) { return id == mId ? this : null; }

    @SuppressWarnings("unchecked")
    public final <T extends View> T findViewWithTag(Object tag) {
        return (T) findViewWithTagTraversal(tag);
    }

    View findViewWithTagTraversal(Object tag) { return tag != null && tag.equals(mTag) ? this : null; }

    public boolean post(Runnable action) { return new Handler(Looper.getMainLooper()).post(action); }

    public boolean postDelayed(Runnable action, long delayMillis) {
        return new Handler(Looper.getMainLooper()).postDelayed(action, delayMillis);
    }

    public boolean removeCallbacks(Runnable action) { return true; }

    public Handler getHandler() { return new Handler(Looper.getMainLooper()); }

    public void invalidate() {}
    public void requestLayout() {}
    public void setBackgroundColor(int color) { mBackgroundColor = color; }
    public void setWillNotDraw(boolean willNotDraw) {}

    /**
     * Draws the view on `canvas`, in its own coordinates (0,0 is its top-left corner): the
     * background colour, then onDraw. The device's renderer calls it for a screenshot, parents
     * before children, as Android's draw traversal does; a custom view overrides onDraw.
     */
    public void draw(android.graphics.Canvas canvas) {
        if (mBackgroundColor != 0) canvas.drawColor(mBackgroundColor);
        onDraw(canvas);
    }

    /** Implement this to draw the view's content (text, shapes) with the canvas. */
    protected void onDraw(android.graphics.Canvas canvas) {}
    public void setAlpha(float alpha) {}
    public void setElevation(float elevation) {}

    /** The framework class uiautomator reports for this view (custom subclasses report their base). */
    public CharSequence getAccessibilityClassName() { return View.class.getName(); }

    @Override public String toString() {
        return getClass().getName() + "{" + Integer.toHexString(System.identityHashCode(this))
                + " " + mLeft + "," + mTop + "-" + mRight + "," + mBottom + "}";
    }
}
