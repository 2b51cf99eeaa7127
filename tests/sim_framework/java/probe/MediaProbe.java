package probe;

import android.content.Context;
import android.hardware.Camera;
import android.hardware.Sensor;
import android.hardware.SensorEvent;
import android.hardware.SensorEventListener;
import android.hardware.SensorManager;
import android.hardware.camera2.CameraDevice;
import android.hardware.camera2.CameraManager;
import android.media.AudioFormat;
import android.media.AudioRecord;
import android.media.MediaRecorder;
import android.os.Handler;
import android.os.Looper;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Sensors (with event delivery), cameras and audio recording, with and without permissions. */
public final class MediaProbe {
    public static void main(String[] args) throws Exception {
        Looper.prepareMainLooper();
        Context ctx = Probe.context();
        File scratch = File.createTempFile("probe", ".3gp");
        scratch.deleteOnExit();

        Probe.grant();
        Probe.attempt("denied.camera", Camera::open);
        Probe.attempt("denied.audio", () -> {
            AudioRecord rec = new AudioRecord(MediaRecorder.AudioSource.MIC, 16000, AudioFormat.CHANNEL_IN_MONO,
                AudioFormat.ENCODING_PCM_16BIT, 4096);
            try {
                rec.startRecording();
                return "recording";
            } finally {
                rec.release();
            }
        });
        Probe.attempt("denied.recorder", () -> startRecorder(scratch));
        CameraManager cameras = (CameraManager) ctx.getSystemService(Context.CAMERA_SERVICE);
        Probe.attempt("denied.openCamera", () -> {
            cameras.openCamera("0", new Callback(), null);
            return "ok";
        });

        Probe.grant("android.permission.CAMERA", "android.permission.RECORD_AUDIO");
        Probe.attempt("granted.camera", () -> {
            Camera c = Camera.open();
            Camera.CameraInfo info = new Camera.CameraInfo();
            Camera.getCameraInfo(1, info);
            String busy;
            try {
                Camera.open();
                busy = "opened twice";
            } catch (RuntimeException e) {
                busy = "busy";
            }
            c.release();
            Camera again = Camera.open();
            again.release();
            return Camera.getNumberOfCameras() + ":" + info.facing + ":" + busy;
        });
        Probe.attempt("granted.audio", () -> {
            int size = AudioRecord.getMinBufferSize(16000, AudioFormat.CHANNEL_IN_MONO, AudioFormat.ENCODING_PCM_16BIT);
            AudioRecord rec = new AudioRecord(MediaRecorder.AudioSource.MIC, 16000, AudioFormat.CHANNEL_IN_MONO,
                AudioFormat.ENCODING_PCM_16BIT, size);
            rec.startRecording();
            int state = rec.getRecordingState();
            int read = rec.read(new byte[size], 0, size);
            rec.stop();
            rec.release();
            return size + ":" + state + ":" + read;
        });
        Probe.attempt("granted.recorder", () -> startRecorder(scratch));
        Probe.attempt("recorder.bad_state", () -> {
            new MediaRecorder().start();
            return "started";
        });
        Callback callback = new Callback();
        cameras.openCamera("1", callback, null);
        Probe.put("camera_ids", String.join(",", cameras.getCameraIdList()));

        SensorManager sm = (SensorManager) ctx.getSystemService(Context.SENSOR_SERVICE);
        List<String> sensors = new ArrayList<>();
        for (Sensor s : sm.getSensorList(Sensor.TYPE_ALL)) sensors.add(s.getType() + ":" + s.getName());
        Probe.put("sensors", String.join(",", sensors));
        Sensor accel = sm.getDefaultSensor(Sensor.TYPE_ACCELEROMETER);
        Probe.put("no_pressure_sensor", sm.getDefaultSensor(Sensor.TYPE_PRESSURE));
        AtomicInteger events = new AtomicInteger();
        StringBuilder firstValues = new StringBuilder();
        SensorEventListener listener = new SensorEventListener() {
            @Override
            public void onSensorChanged(SensorEvent event) {
                if (events.incrementAndGet() == 1) {
                    firstValues.append(event.sensor.getType()).append(':').append(event.values[2]);
                }
            }

            @Override
            public void onAccuracyChanged(Sensor sensor, int accuracy) {}
        };
        Probe.put("registered", sm.registerListener(listener, accel, SensorManager.SENSOR_DELAY_GAME));
        Handler handler = new Handler(Looper.getMainLooper());
        handler.postDelayed(() -> {
            Probe.put("sensor_events", events.get());
            Probe.put("sensor_first", firstValues);
            Probe.put("camera2_opened", callback.opened);
            sm.unregisterListener(listener);
            Looper.getMainLooper().quit();
        }, Long.parseLong(args[0]));
        Looper.loop();
    }

    private static String startRecorder(File out) throws Exception {
        MediaRecorder recorder = new MediaRecorder();
        recorder.setAudioSource(MediaRecorder.AudioSource.MIC);
        recorder.setOutputFormat(MediaRecorder.OutputFormat.THREE_GPP);
        recorder.setAudioEncoder(MediaRecorder.AudioEncoder.AMR_NB);
        recorder.setOutputFile(out.getPath());
        recorder.prepare();
        try {
            recorder.start();
            recorder.stop();
            return "recorded";
        } finally {
            recorder.release();
        }
    }

    private static final class Callback extends CameraDevice.StateCallback {
        volatile String opened = "no";

        @Override
        public void onOpened(CameraDevice camera) {
            opened = camera.getId() + "@" + Thread.currentThread().getName();
            camera.close();
        }

        @Override
        public void onDisconnected(CameraDevice camera) {}

        @Override
        public void onError(CameraDevice camera, int error) {}
    }
}
