package com.test.painted;

import android.app.Activity;
import android.content.Context;
import android.graphics.Canvas;
import android.graphics.Color;
import android.graphics.Paint;
import android.os.Bundle;
import android.view.View;
import android.view.ViewGroup;
import android.widget.LinearLayout;
import android.widget.TextView;

/**
 * A screen whose notice is painted by a custom View (onDraw with Canvas.drawText): the UI dump
 * has no text for it, only the screenshot shows it. A red bar marks where it was drawn.
 */
public class PaintedActivity extends Activity {
    static final class Notice extends View {
        private final Paint text = new Paint(Paint.ANTI_ALIAS_FLAG);
        private final Paint bar = new Paint();

        Notice(Context context) {
            super(context);
            text.setColor(Color.BLACK);
            text.setTextSize(48f);
            bar.setColor(Color.rgb(200, 0, 0));
        }

        @Override protected void onDraw(Canvas canvas) {
            canvas.drawRect(0, 0, canvas.getWidth(), 20, bar);
            canvas.drawText("PAINTED 隐私政策", 40, 100, text);
        }
    }

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView label = new TextView(this);
        label.setText("plain label");
        root.addView(label);
        Notice notice = new Notice(this);
        root.addView(notice, new ViewGroup.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT, 200));
        setContentView(root);
    }
}
