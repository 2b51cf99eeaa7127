package android.os;

/** The user an app runs as; the simulated device has only the owner (user 0). */
public final class UserHandle {
    private final int mHandle;

    private UserHandle(int h) { mHandle = h; }

    public static UserHandle of(int userId) { return new UserHandle(userId); }

    public static UserHandle getUserHandleForUid(int uid) { return new UserHandle(uid / 100000); }

    public int getIdentifier() { return mHandle; }

    @Override public boolean equals(Object o) { return o instanceof UserHandle && ((UserHandle) o).mHandle == mHandle; }

    @Override public int hashCode() { return mHandle; }

    @Override public String toString() { return "UserHandle{" + mHandle + "}"; }
}
