package android.hardware;

import com.android.internal.sim.DeviceData;
import com.android.internal.sim.SimEnv;
import java.util.HashSet;
import java.util.Set;

/**
 * The legacy camera API. Opening needs CAMERA; without it the simulated device throws
 * SecurityException (a RuntimeException, as the "Fail to connect to camera service" a device
 * throws), so the attempt is recorded as denied.
 */
@Deprecated
public class Camera {
    public static final String ACTION_NEW_PICTURE = "android.hardware.action.NEW_PICTURE";
    public static final String ACTION_NEW_VIDEO = "android.hardware.action.NEW_VIDEO";
    public static final int CAMERA_ERROR_UNKNOWN = 1;
    public static final int CAMERA_ERROR_SERVER_DIED = 100;

    private static final Set<Integer> OPEN = new HashSet<>();

    private final int cameraId;
    private boolean previewing;
    private boolean released;

    private Camera(int cameraId) {
        this.cameraId = cameraId;
    }

    public static int getNumberOfCameras() { return DeviceData.CAMERA_COUNT; }

    public static void getCameraInfo(int cameraId, CameraInfo cameraInfo) {
        if (cameraId < 0 || cameraId >= DeviceData.CAMERA_COUNT) throw new RuntimeException("Unknown camera ID");
        cameraInfo.facing = cameraId == 0 ? CameraInfo.CAMERA_FACING_BACK : CameraInfo.CAMERA_FACING_FRONT;
        cameraInfo.orientation = cameraId == 0 ? 90 : 270;
        cameraInfo.canDisableShutterSound = true;
    }

    /** The first back-facing camera. */
    public static Camera open() {
        return open(0);
    }

    public static Camera open(int cameraId) {
        SimEnv.enforceAny("Camera.open", "android.permission.CAMERA");
        if (cameraId < 0 || cameraId >= DeviceData.CAMERA_COUNT) throw new RuntimeException("Unknown camera ID");
        synchronized (OPEN) {
            if (!OPEN.add(cameraId)) throw new RuntimeException("Fail to connect to camera service");
        }
        return new Camera(cameraId);
    }

    public final void release() {
        synchronized (OPEN) {
            if (!released) OPEN.remove(cameraId);
            released = true;
        }
        previewing = false;
    }

    public final void startPreview() {
        checkOpen();
        previewing = true;
    }

    public final void stopPreview() { previewing = false; }

    public final void takePicture(ShutterCallback shutter, PictureCallback raw, PictureCallback jpeg) {
        checkOpen();
        if (!previewing) throw new RuntimeException("takePicture failed");
        if (shutter != null) shutter.onShutter();
        if (raw != null) raw.onPictureTaken(null, this);
        // A minimal JPEG: start-of-image and end-of-image markers.
        if (jpeg != null) jpeg.onPictureTaken(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}, this);
        previewing = false;
    }

    private void checkOpen() {
        if (released) throw new RuntimeException("Camera is being used after Camera.release() was called");
    }

    /** Facing and orientation of a camera. */
    public static class CameraInfo {
        public static final int CAMERA_FACING_BACK = 0;
        public static final int CAMERA_FACING_FRONT = 1;
        public int facing;
        public int orientation;
        public boolean canDisableShutterSound;

        public CameraInfo() {}
    }

    /** Told at the moment a picture is captured. */
    public interface ShutterCallback {
        void onShutter();
    }

    /** Receives picture data. */
    public interface PictureCallback {
        void onPictureTaken(byte[] data, Camera camera);
    }
}
