package android.view;

/**
 * A touch event, as far as apps that paint their own controls read it: the action and where
 * it happened, in the receiving view's coordinates (getX/getY) and on the screen (getRawX/Y).
 */
public final class MotionEvent {
    public static final int ACTION_DOWN = 0;
    public static final int ACTION_UP = 1;
    public static final int ACTION_MOVE = 2;
    public static final int ACTION_CANCEL = 3;
    public static final int ACTION_MASK = 0xff;

    private final long mDownTime;
    private final long mEventTime;
    private final int mAction;
    private float mX;
    private float mY;
    private final float mRawX;
    private final float mRawY;

    private MotionEvent(long downTime, long eventTime, int action, float x, float y) {
        mDownTime = downTime;
        mEventTime = eventTime;
        mAction = action;
        mX = x;
        mY = y;
        mRawX = x;
        mRawY = y;
    }

    public static MotionEvent obtain(long downTime, long eventTime, int action, float x, float y, int metaState) {
        return new MotionEvent(downTime, eventTime, action, x, y);
    }

    public int getAction() { return mAction; }
    public int getActionMasked() { return mAction & ACTION_MASK; }
    public float getX() { return mX; }
    public float getY() { return mY; }
    public float getRawX() { return mRawX; }
    public float getRawY() { return mRawY; }
    public long getDownTime() { return mDownTime; }
    public long getEventTime() { return mEventTime; }
    public int getPointerCount() { return 1; }

    /** Moves the event into a view's coordinates (the framework does so before dispatch). */
    public void offsetLocation(float dx, float dy) {
        mX += dx;
        mY += dy;
    }

    public void recycle() {}
}
