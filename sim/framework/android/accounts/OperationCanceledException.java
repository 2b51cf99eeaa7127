package android.accounts;

/** The account request was cancelled. */
public class OperationCanceledException extends AccountsException {
    public OperationCanceledException() {}

    public OperationCanceledException(String message) {
        super(message);
    }
}
