package probe;

import android.app.ProbeContexts;
import android.content.BroadcastReceiver;
import android.content.ComponentName;
import android.content.Context;
import android.content.Intent;
import android.content.IntentFilter;
import android.os.Handler;
import android.os.Looper;
import java.util.ArrayList;
import java.util.List;

/** Run-time registered receivers get the app's own matching broadcasts, on the main thread. */
public final class BroadcastProbe {
    public static void main(String[] args) {
        Looper.prepareMainLooper();
        Thread main = Thread.currentThread();
        Probe.grant();
        Context ctx = ProbeContexts.impl();
        List<String> got = new ArrayList<>();
        BroadcastReceiver receiver = new BroadcastReceiver() {
            @Override public void onReceive(Context context, Intent intent) {
                got.add(intent.getAction() + (Thread.currentThread() == main ? "@main" : "@other"));
            }
        };
        ctx.registerReceiver(receiver, new IntentFilter("com.example.probe.PING"));
        ctx.sendBroadcast(new Intent("com.example.probe.PING"));
        Probe.put("before_loop", got.size()); // delivered later, as Android queues them
        ctx.sendBroadcast(new Intent("com.example.probe.OTHER"));
        ctx.sendBroadcast(new Intent("com.example.probe.PING").setPackage("com.other.app"));
        ctx.sendBroadcast(new Intent("com.example.probe.PING").setPackage(Probe.PKG));
        ctx.sendBroadcast(new Intent("com.example.probe.PING")
            .setComponent(new ComponentName(Probe.PKG, "com.example.probe.Manifested")));
        Handler handler = new Handler(Looper.getMainLooper());
        handler.post(() -> {
            Probe.put("received", String.join(",", got));
            ctx.unregisterReceiver(receiver);
            ctx.sendBroadcast(new Intent("com.example.probe.PING"));
            handler.post(() -> {
                Probe.put("after_unregister", got.size());
                Probe.attempt("unregister_again", () -> { ctx.unregisterReceiver(receiver); return "ok"; });
                Looper.getMainLooper().quit();
            });
        });
        Looper.loop();
    }
}
