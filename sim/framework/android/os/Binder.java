package android.os;

/** A local IBinder, enough for services bound in the same process. */
public class Binder implements IBinder {
    public Binder() {}

    public static int getCallingPid() { return Process.myPid(); }

    public static int getCallingUid() { return Process.myUid(); }

    @Override public boolean pingBinder() { return true; }

    @Override public boolean isBinderAlive() { return true; }

    @Override public String getInterfaceDescriptor() { return getClass().getName(); }
}
