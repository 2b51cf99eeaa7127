package android.view;

/** A key press; the simulated device sends BACK and HOME. */
public class KeyEvent {
    public static final int ACTION_DOWN = 0;
    public static final int ACTION_UP = 1;
    public static final int KEYCODE_HOME = 3;
    public static final int KEYCODE_BACK = 4;

    private final int mAction;
    private final int mKeyCode;

    public KeyEvent(int action, int code) {
        mAction = action;
        mKeyCode = code;
    }

    public final int getAction() { return mAction; }

    public final int getKeyCode() { return mKeyCode; }
}
