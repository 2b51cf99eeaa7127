package android.accounts;

/** Base of the account errors. */
public class AccountsException extends Exception {
    public AccountsException() {}

    public AccountsException(String message) {
        super(message);
    }
}
