package android.app;

import android.content.Context;
import android.content.DialogInterface;
import android.os.Bundle;
import android.view.Gravity;
import android.view.View;
import android.view.ViewGroup;
import android.widget.Button;
import android.widget.FrameLayout;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.TextView;

import com.android.internal.sim.UiDump;

/**
 * A dialog with a title, a message, an optional custom view and up to three buttons, laid out
 * like the platform's alert dialog (same view ids: android:id/message, android:id/button1, ...).
 */
public class AlertDialog extends Dialog implements DialogInterface {
    public static final int THEME_DEVICE_DEFAULT_LIGHT = 5;

    private CharSequence mTitle;
    private CharSequence mMessage;
    private View mView;
    private final CharSequence[] mButtonText = new CharSequence[3];
    private final OnClickListener[] mButtonListener = new OnClickListener[3];
    private final Button[] mButtons = new Button[3];
    private TextView mTitleView;
    private TextView mMessageView;

    protected AlertDialog(Context context) {
        super(context);
    }

    protected AlertDialog(Context context, int themeResId) {
        super(context, themeResId);
    }

    private static int slot(int whichButton) {
        switch (whichButton) {
            case BUTTON_POSITIVE: return 0;
            case BUTTON_NEGATIVE: return 1;
            case BUTTON_NEUTRAL: return 2;
            default: throw new IllegalArgumentException("Button does not exist");
        }
    }

    private static final int[] BUTTON_IDS = {android.R.id.button1, android.R.id.button2, android.R.id.button3};
    private static final int[] WHICH = {BUTTON_POSITIVE, BUTTON_NEGATIVE, BUTTON_NEUTRAL};

    @Override public void setTitle(CharSequence title) {
        mTitle = title;
        if (mTitleView != null) mTitleView.setText(title);
    }

    public void setMessage(CharSequence message) {
        mMessage = message;
        if (mMessageView != null) mMessageView.setText(message);
    }

    public void setView(View view) { mView = view; }

    public void setButton(int whichButton, CharSequence text, OnClickListener listener) {
        int i = slot(whichButton);
        mButtonText[i] = text;
        mButtonListener[i] = listener;
    }

    public Button getButton(int whichButton) { return mButtons[slot(whichButton)]; }

    @Override protected void onCreate(Bundle savedInstanceState) {
        Context ctx = getContext();
        LinearLayout parentPanel = new LinearLayout(ctx);
        parentPanel.setOrientation(LinearLayout.VERTICAL);
        parentPanel.setId(UiDump.ID_PARENT_PANEL);

        if (mTitle != null && mTitle.length() > 0) {
            LinearLayout topPanel = new LinearLayout(ctx);
            topPanel.setOrientation(LinearLayout.VERTICAL);
            topPanel.setId(UiDump.ID_TOP_PANEL);
            topPanel.setPadding(72, 54, 72, 0);
            mTitleView = new TextView(ctx);
            mTitleView.setId(UiDump.ID_ALERT_TITLE);
            mTitleView.setText(mTitle);
            topPanel.addView(mTitleView);
            parentPanel.addView(topPanel);
        }
        if (mMessage != null) {
            ScrollView scroll = new ScrollView(ctx);
            scroll.setId(UiDump.ID_SCROLL_VIEW);
            mMessageView = new TextView(ctx);
            mMessageView.setId(android.R.id.message);
            mMessageView.setPadding(72, 36, 72, 36);
            mMessageView.setText(mMessage);
            scroll.addView(mMessageView, new ViewGroup.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT,
                    ViewGroup.LayoutParams.WRAP_CONTENT));
            parentPanel.addView(scroll);
        }
        if (mView != null) {
            FrameLayout customPanel = new FrameLayout(ctx);
            customPanel.setId(UiDump.ID_CUSTOM_PANEL);
            FrameLayout custom = new FrameLayout(ctx);
            custom.setId(android.R.id.custom);
            custom.addView(mView, new ViewGroup.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT,
                    ViewGroup.LayoutParams.WRAP_CONTENT));
            customPanel.addView(custom, new ViewGroup.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT,
                    ViewGroup.LayoutParams.WRAP_CONTENT));
            parentPanel.addView(customPanel);
        }
        if (mButtonText[0] != null || mButtonText[1] != null || mButtonText[2] != null) {
            LinearLayout buttonPanel = new LinearLayout(ctx);
            buttonPanel.setOrientation(LinearLayout.HORIZONTAL);
            buttonPanel.setGravity(Gravity.END);
            buttonPanel.setId(UiDump.ID_BUTTON_PANEL);
            buttonPanel.setPadding(36, 24, 36, 24);
            // Platform order: neutral, negative, positive (positive at the right edge).
            for (int i : new int[] {2, 1, 0}) {
                if (mButtonText[i] == null) continue;
                Button b = new Button(ctx);
                b.setId(BUTTON_IDS[i]);
                b.setText(mButtonText[i]);
                final int slot = i;
                b.setOnClickListener(v -> {
                    if (mButtonListener[slot] != null) mButtonListener[slot].onClick(this, WHICH[slot]);
                    dismiss();
                });
                mButtons[i] = b;
                buttonPanel.addView(b);
            }
            parentPanel.addView(buttonPanel);
        }
        setContentView(parentPanel);
    }

    /** Collects the dialog's parameters and creates it, as the platform builder does. */
    public static class Builder {
        private final Context mContext;
        private CharSequence mTitle;
        private CharSequence mMessage;
        private View mView;
        private boolean mCancelable = true;
        private final CharSequence[] mText = new CharSequence[3];
        private final OnClickListener[] mListener = new OnClickListener[3];
        private OnCancelListener mOnCancelListener;
        private OnDismissListener mOnDismissListener;

        public Builder(Context context) {
            this(context, 0);
        }

        public Builder(Context context, int themeResId) {
            mContext = context;
        }

        public Context getContext() { return mContext; }

        public Builder setTitle(CharSequence title) { mTitle = title; return this; }

        public Builder setMessage(CharSequence message) { mMessage = message; return this; }

        public Builder setView(View view) { mView = view; return this; }

        public Builder setCancelable(boolean cancelable) { mCancelable = cancelable; return this; }

        public Builder setPositiveButton(CharSequence text, OnClickListener listener) {
            mText[0] = text;
            mListener[0] = listener;
            return this;
        }

        public Builder setNegativeButton(CharSequence text, OnClickListener listener) {
            mText[1] = text;
            mListener[1] = listener;
            return this;
        }

        public Builder setNeutralButton(CharSequence text, OnClickListener listener) {
            mText[2] = text;
            mListener[2] = listener;
            return this;
        }

        public Builder setOnCancelListener(OnCancelListener listener) { mOnCancelListener = listener; return this; }

        public Builder setOnDismissListener(OnDismissListener listener) { mOnDismissListener = listener; return this; }

        public AlertDialog create() {
            AlertDialog d = new AlertDialog(mContext);
            d.mTitle = mTitle;
            d.mMessage = mMessage;
            d.mView = mView;
            for (int i = 0; i < 3; i++) {
                d.mButtonText[i] = mText[i];
                d.mButtonListener[i] = mListener[i];
            }
            d.setCancelable(mCancelable);
            if (mCancelable) d.setCanceledOnTouchOutside(true);
            d.setOnCancelListener(mOnCancelListener);
            d.setOnDismissListener(mOnDismissListener);
            return d;
        }

        public AlertDialog show() {
            AlertDialog d = create();
            d.show();
            return d;
        }
    }
}
