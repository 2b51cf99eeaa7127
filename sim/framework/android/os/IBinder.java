package android.os;

/** The interface a bound service hands back from onBind. */
public interface IBinder {
    boolean pingBinder();

    boolean isBinderAlive();

    String getInterfaceDescriptor();
}
