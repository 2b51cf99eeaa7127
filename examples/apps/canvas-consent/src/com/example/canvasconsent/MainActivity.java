package com.example.canvasconsent;

import android.app.Activity;
import android.content.Context;
import android.graphics.Canvas;
import android.graphics.Color;
import android.graphics.Paint;
import android.os.Bundle;
import android.view.MotionEvent;
import android.view.View;
import android.widget.TextView;

/**
 * A consent prompt painted on a canvas, as Flutter, Unity and game engines draw theirs: the UI
 * dump shows one view with no text and nothing clickable; only the screenshot shows the notice
 * and its two buttons, and only a tap at their coordinates answers it (onTouchEvent).
 * As in many Chinese apps, "同意" does nothing until the box before "我已阅读并同意《隐私政策》"
 * is ticked (a tap on the box toggles it, drawn as a filled square with a tick).
 */
public class MainActivity extends Activity {
    static final int TEXT_SIZE = 48;

    final class ConsentCanvas extends View {
        private final Paint text = new Paint(Paint.ANTI_ALIAS_FLAG);
        private final Paint card = new Paint();
        private final Paint button = new Paint();
        private final Paint shade = new Paint();
        private final Paint outline = new Paint(Paint.ANTI_ALIAS_FLAG);
        private boolean ticked;

        ConsentCanvas(Context context) {
            super(context);
            text.setColor(Color.BLACK);
            text.setTextSize(TEXT_SIZE);
            card.setColor(Color.WHITE);
            button.setColor(Color.rgb(200, 220, 250));
            shade.setColor(Color.rgb(120, 120, 120));
            outline.setColor(Color.rgb(30, 100, 200));
            outline.setStyle(Paint.Style.STROKE);
            outline.setStrokeWidth(5);
        }

        // Buttons in this view's coordinates: left, top, right, bottom.
        int[] reject() { return new int[] {130, 1300, 520, 1440}; }
        int[] accept() { return new int[] {560, 1300, 950, 1440}; }
        int[] tick() { return new int[] {150, 1100, 200, 1150}; }

        @Override protected void onDraw(Canvas canvas) {
            canvas.drawRect(0, 0, getWidth(), getHeight(), shade);
            canvas.drawRect(90, 600, 990, 1600, card);
            canvas.drawText("隐私政策", 150, 720, text);
            canvas.drawText("请阅读《隐私政策》后使用本应用", 150, 840, text);
            canvas.drawText("我们会收集设备信息用于安全风控", 150, 940, text);
            int[] t = tick();
            canvas.drawRect(t[0], t[1], t[2], t[3], outline);
            if (ticked) {
                canvas.drawRect(t[0] + 10, t[1] + 10, t[2] - 10, t[3] - 10, text);
            }
            canvas.drawText("我已阅读并同意《隐私政策》", 230, 1142, text);
            int[] r = reject(), a = accept();
            canvas.drawRect(r[0], r[1], r[2], r[3], button);
            canvas.drawRect(a[0], a[1], a[2], a[3], button);
            canvas.drawText("不同意", r[0] + 120, r[1] + 90, text);
            canvas.drawText("同意", a[0] + 145, a[1] + 90, text);
        }

        @Override public boolean onTouchEvent(MotionEvent event) {
            if (event.getActionMasked() != MotionEvent.ACTION_UP) return true;
            if (inside(tick(), event)) { // only on the box: the label opens nothing
                ticked = !ticked;
            } else if (inside(accept(), event)) {
                if (ticked) answered("已同意：首页");
            } else if (inside(reject(), event)) {
                answered("已拒绝：仅浏览");
            }
            return true;
        }

        private boolean inside(int[] box, MotionEvent e) {
            return e.getX() >= box[0] && e.getX() < box[2] && e.getY() >= box[1] && e.getY() < box[3];
        }
    }

    private void answered(String what) {
        TextView home = new TextView(this);
        home.setText(what);
        setContentView(home);
    }

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        setContentView(new ConsentCanvas(this));
    }
}
