package android.content;

/**
 * Receives broadcasts. The simulated device delivers an app's own broadcasts to the receivers
 * its process registered (Context.registerReceiver), on the main thread. It does not deliver
 * to manifest-declared receivers, nor between apps, nor system broadcasts such as
 * BOOT_COMPLETED: the harness judges manifest receivers statically (self_start) and records
 * sendBroadcast calls (associated_start).
 */
public abstract class BroadcastReceiver {
    public abstract void onReceive(Context context, Intent intent);
}
