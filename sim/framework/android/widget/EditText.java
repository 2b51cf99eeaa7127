package android.widget;

import android.content.Context;

/** An editable text field. */
public class EditText extends TextView {
    public EditText(Context context) {
        super(context);
        setClickable(true);
        setFocusable(true);
    }

    @Override public CharSequence getAccessibilityClassName() { return EditText.class.getName(); }
}
