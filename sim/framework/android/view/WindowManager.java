package android.view;

/** Only the exception apps see when a window cannot be added (e.g. a dialog without an activity). */
public interface WindowManager {
    class BadTokenException extends RuntimeException {
        public BadTokenException() {}

        public BadTokenException(String name) { super(name); }
    }
}
