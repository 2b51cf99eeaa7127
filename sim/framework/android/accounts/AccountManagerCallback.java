package android.accounts;

/** Told when an asynchronous AccountManager call completes. */
public interface AccountManagerCallback<V> {
    void run(AccountManagerFuture<V> future);
}
