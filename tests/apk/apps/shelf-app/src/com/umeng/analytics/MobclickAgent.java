package com.umeng.analytics;

import android.content.Context;

/** An embedded analytics SDK the app never calls: "present but not triggered". */
public final class MobclickAgent {
    private MobclickAgent() {}

    public static void onResume(Context context) {}
}
