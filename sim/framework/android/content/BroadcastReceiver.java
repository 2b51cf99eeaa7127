package android.content;

/**
 * Receives broadcasts. The simulated device compiles and loads receivers, but does not deliver
 * broadcasts to them yet (neither manifest-declared nor registered ones): the harness judges
 * manifest receivers statically (self_start) and records sendBroadcast calls (associated_start).
 */
public abstract class BroadcastReceiver {
    public abstract void onReceive(Context context, Intent intent);
}
