package android.hardware.camera2;

/** A camera could not be reached. */
public class CameraAccessException extends Exception {
    public static final int CAMERA_IN_USE = 4;
    public static final int MAX_CAMERAS_IN_USE = 5;
    public static final int CAMERA_DISABLED = 1;
    public static final int CAMERA_DISCONNECTED = 2;
    public static final int CAMERA_ERROR = 3;

    private final int reason;

    public CameraAccessException(int problem) {
        this(problem, "camera problem " + problem);
    }

    public CameraAccessException(int problem, String message) {
        super(message);
        reason = problem;
    }

    public final int getReason() { return reason; }
}
