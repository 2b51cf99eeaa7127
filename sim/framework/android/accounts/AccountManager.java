package android.accounts;

import android.content.Context;
import android.os.Handler;
import android.os.Looper;
import com.android.internal.sim.DeviceData;
import com.android.internal.sim.SimEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The device's accounts. Without GET_ACCOUNTS an app sees no account (an empty array, no
 * exception), as on API 26+ where only accounts visible to the app are returned.
 */
public class AccountManager {
    public static final String KEY_ACCOUNT_NAME = "authAccount";
    public static final String KEY_ACCOUNT_TYPE = "accountType";
    public static final String KEY_AUTHTOKEN = "authtoken";
    public static final String LOGIN_ACCOUNTS_CHANGED_ACTION = "android.accounts.LOGIN_ACCOUNTS_CHANGED";

    private final Context context;

    /** @hide Apps obtain it from AccountManager.get(Context) or Context.getSystemService("account"). */
    public AccountManager(Context context) {
        this.context = context;
    }

    public static AccountManager get(Context context) {
        if (context == null) throw new IllegalArgumentException("context is null");
        return (AccountManager) context.getSystemService(Context.ACCOUNT_SERVICE);
    }

    public Account[] getAccounts() {
        return getAccountsByType(null);
    }

    public Account[] getAccountsByType(String type) {
        List<Account> out = new ArrayList<>();
        if (!SimEnv.isGranted("android.permission.GET_ACCOUNTS")) return new Account[0];
        for (String[] row : DeviceData.ACCOUNTS) {
            if (type == null || type.equals(row[1])) out.add(new Account(row[0], row[1]));
        }
        return out.toArray(new Account[0]);
    }

    /** Accounts of a type; feature filters are not evaluated (the fixed accounts have none). */
    public AccountManagerFuture<Account[]> getAccountsByTypeAndFeatures(String type, String[] features,
            AccountManagerCallback<Account[]> callback, Handler handler) {
        if (type == null) throw new IllegalArgumentException("type is null");
        Done<Account[]> future = new Done<>(getAccountsByType(type));
        if (callback != null) {
            Handler target = handler != null ? handler : new Handler(Looper.getMainLooper());
            target.post(() -> callback.run(future));
        }
        return future;
    }

    /** A future that is complete from the start. */
    private static final class Done<V> implements AccountManagerFuture<V> {
        private final V value;

        Done(V value) {
            this.value = value;
        }

        @Override public boolean cancel(boolean mayInterruptIfRunning) { return false; }
        @Override public boolean isCancelled() { return false; }
        @Override public boolean isDone() { return true; }
        @Override public V getResult() { return value; }
        @Override public V getResult(long timeout, TimeUnit unit) { return value; }
    }
}
