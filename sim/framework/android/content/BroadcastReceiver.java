package android.content;

/**
 * Receives broadcasts. The simulated device delivers an implicit broadcast to the receivers the
 * sending process registered (Context.registerReceiver), and an explicit one (by package or
 * component), BOOT_COMPLETED (SimDevice.boot_broadcast) and other apps' explicit broadcasts to
 * the manifest-declared receivers of the app, through ActivityThread.handleReceiver, on the
 * main thread, as Android does.
 */
public abstract class BroadcastReceiver {
    public abstract void onReceive(Context context, Intent intent);
}
