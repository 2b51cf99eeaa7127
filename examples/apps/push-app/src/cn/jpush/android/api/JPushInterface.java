package cn.jpush.android.api;

import android.content.Context;
import android.content.Intent;

import cn.jpush.android.service.PushService;

/** Public API of the (fake) JPush SDK. */
public final class JPushInterface {
    private JPushInterface() {}

    public static void init(Context context) {
        Intent intent = new Intent(context, PushService.class);
        intent.setAction("cn.jpush.android.intent.INIT");
        context.startService(intent);
    }
}
