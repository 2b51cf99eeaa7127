package android.widget;

/** A view with a checked state. */
public interface Checkable {
    void setChecked(boolean checked);

    boolean isChecked();

    void toggle();
}
