package android.widget;

import android.content.Context;

/** A button with two states; a click toggles it. */
public abstract class CompoundButton extends Button implements Checkable {
    public interface OnCheckedChangeListener {
        void onCheckedChanged(CompoundButton buttonView, boolean isChecked);
    }

    private boolean mChecked;
    private boolean mBroadcasting;
    private OnCheckedChangeListener mOnCheckedChangeListener;

    public CompoundButton(Context context) {
        super(context);
    }

    @Override public void toggle() { setChecked(!mChecked); }

    @Override public boolean performClick() {
        toggle();
        return super.performClick();
    }

    @Override public boolean isChecked() { return mChecked; }

    @Override public void setChecked(boolean checked) {
        if (mChecked == checked) return;
        mChecked = checked;
        if (mBroadcasting) return;  // a listener that sets the state again must not recurse
        mBroadcasting = true;
        try {
            if (mOnCheckedChangeListener != null) mOnCheckedChangeListener.onCheckedChanged(this, mChecked);
        } finally {
            mBroadcasting = false;
        }
    }

    public void setOnCheckedChangeListener(OnCheckedChangeListener listener) {
        mOnCheckedChangeListener = listener;
    }

    @Override public CharSequence getAccessibilityClassName() { return CompoundButton.class.getName(); }
}
