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

    /** A box at the left (ticked when checked), the label after it. */
    @Override protected void onDraw(android.graphics.Canvas canvas) {
        android.graphics.Paint box = new android.graphics.Paint(android.graphics.Paint.ANTI_ALIAS_FLAG);
        int top = (Math.min(getHeight(), 96) - 54) / 2;
        box.setColor(0xFF1A56C4);
        box.setStyle(isChecked() ? android.graphics.Paint.Style.FILL : android.graphics.Paint.Style.STROKE);
        box.setStrokeWidth(5);
        canvas.drawRoundRect(21, top, 75, top + 54, 6, 6, box);
        if (isChecked()) {
            android.graphics.Paint tick = new android.graphics.Paint(android.graphics.Paint.ANTI_ALIAS_FLAG);
            tick.setColor(0xFFFFFFFF);
            tick.setStrokeWidth(7);
            canvas.drawLine(31, top + 28, 44, top + 41, tick);
            canvas.drawLine(44, top + 41, 66, top + 15, tick);
        }
        android.graphics.Paint paint = com.android.internal.sim.TextDrawing.paint(getCurrentTextColor());
        com.android.internal.sim.TextDrawing.drawLines(canvas, this, getText(), getMaxLines(),
                android.view.Gravity.CENTER_VERTICAL, paint);
    }

    @Override public CharSequence getAccessibilityClassName() { return CompoundButton.class.getName(); }
}
