package android.view;

/** What a view sees of its parent. */
public interface ViewParent {
    ViewParent getParent();

    void requestLayout();
}
