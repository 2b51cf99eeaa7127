package android.hardware.camera2;

import android.content.Context;
import android.os.Handler;
import android.os.Looper;
import com.android.internal.sim.DeviceData;
import com.android.internal.sim.SimEnv;

/** The camera2 entry point: camera ids and openCamera (needs CAMERA, as on Android). */
public final class CameraManager {
    private final Context context;

    /** @hide Apps obtain it from Context.getSystemService("camera"). */
    public CameraManager(Context context) {
        this.context = context;
    }

    public String[] getCameraIdList() throws CameraAccessException {
        String[] ids = new String[DeviceData.CAMERA_COUNT];
        for (int i = 0; i < ids.length; i++) ids[i] = Integer.toString(i);
        return ids;
    }

    public void openCamera(String cameraId, CameraDevice.StateCallback callback, Handler handler)
            throws CameraAccessException {
        if (cameraId == null) throw new IllegalArgumentException("cameraId was null");
        if (callback == null) throw new IllegalArgumentException("callback was null");
        SimEnv.enforceAny("openCamera", "android.permission.CAMERA");
        if (!cameraId.matches("\\d+") || Integer.parseInt(cameraId) >= DeviceData.CAMERA_COUNT) {
            throw new IllegalArgumentException("Camera id " + cameraId + " does not match any currently connected camera device");
        }
        Looper looper = Looper.myLooper() != null ? Looper.myLooper() : Looper.getMainLooper();
        Handler target = handler != null ? handler : new Handler(looper);
        OpenCamera camera = new OpenCamera(cameraId, callback, target);
        target.post(() -> callback.onOpened(camera));
    }

    private static final class OpenCamera extends CameraDevice {
        private final String id;
        private final StateCallback callback;
        private final Handler handler;
        private boolean closed;

        OpenCamera(String id, StateCallback callback, Handler handler) {
            this.id = id;
            this.callback = callback;
            this.handler = handler;
        }

        @Override
        public String getId() { return id; }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            handler.post(() -> callback.onClosed(this));
        }
    }
}
