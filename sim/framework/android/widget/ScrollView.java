package android.widget;

import android.content.Context;

/** A vertically scrolling container with one child. */
public class ScrollView extends FrameLayout {
    public ScrollView(Context context) {
        super(context);
    }

    @Override public void addView(android.view.View child, int index, android.view.ViewGroup.LayoutParams params) {
        if (getChildCount() > 0) throw new IllegalStateException("ScrollView can host only one direct child");
        super.addView(child, index, params);
    }

    @Override public CharSequence getAccessibilityClassName() { return ScrollView.class.getName(); }
}
