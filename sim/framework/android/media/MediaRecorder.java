package android.media;

import com.android.internal.sim.SimEnv;
import java.io.File;
import java.io.IOException;

/**
 * Records audio/video to a file, following Android's state machine (source, format, encoder,
 * output, prepare, start, stop). start() needs RECORD_AUDIO for an audio source and CAMERA for a
 * video source; without it the simulated device throws SecurityException. The file it writes is
 * empty: the simulated microphone hears nothing.
 */
public class MediaRecorder {
    private enum State { INITIAL, INITIALIZED, CONFIGURED, PREPARED, RECORDING, RELEASED }

    private State state = State.INITIAL;
    private int audioSource = -1;
    private int videoSource = -1;
    private String outputPath;
    private File outputFile;

    public MediaRecorder() {}

    public void setAudioSource(int audioSource) throws IllegalStateException {
        if (state != State.INITIAL && state != State.INITIALIZED) throw new IllegalStateException("setAudioSource called in an invalid state");
        this.audioSource = audioSource;
        state = State.INITIALIZED;
    }

    public void setVideoSource(int videoSource) throws IllegalStateException {
        if (state != State.INITIAL && state != State.INITIALIZED) throw new IllegalStateException("setVideoSource called in an invalid state");
        this.videoSource = videoSource;
        state = State.INITIALIZED;
    }

    public void setOutputFormat(int outputFormat) throws IllegalStateException {
        if (state != State.INITIALIZED) throw new IllegalStateException("setOutputFormat called in an invalid state");
        state = State.CONFIGURED;
    }

    public void setAudioEncoder(int audioEncoder) throws IllegalStateException {
        if (state != State.CONFIGURED) throw new IllegalStateException("setAudioEncoder called in an invalid state");
    }

    public void setVideoEncoder(int videoEncoder) throws IllegalStateException {
        if (state != State.CONFIGURED) throw new IllegalStateException("setVideoEncoder called in an invalid state");
    }

    public void setAudioSamplingRate(int samplingRate) {}
    public void setAudioEncodingBitRate(int bitRate) {}
    public void setAudioChannels(int numChannels) {}
    public void setMaxDuration(int maxDurationMs) throws IllegalArgumentException {}

    public void setOutputFile(String path) throws IllegalStateException {
        if (state != State.CONFIGURED) throw new IllegalStateException("setOutputFile called in an invalid state");
        outputPath = path;
        outputFile = null;
    }

    public void setOutputFile(File file) {
        if (state != State.CONFIGURED) throw new IllegalStateException("setOutputFile called in an invalid state");
        outputFile = file;
        outputPath = null;
    }

    public void prepare() throws IllegalStateException, IOException {
        if (state != State.CONFIGURED) throw new IllegalStateException("prepare called in an invalid state");
        if (outputPath == null && outputFile == null) throw new IllegalStateException("No output file specified");
        File target = outputFile != null ? outputFile : new File(outputPath);
        if (!target.exists() && !target.createNewFile()) throw new IOException("cannot create " + target);
        state = State.PREPARED;
    }

    public void start() throws IllegalStateException {
        if (state != State.PREPARED) throw new IllegalStateException("start called in an invalid state: " + state);
        if (audioSource >= 0) SimEnv.enforceAny("MediaRecorder.start", "android.permission.RECORD_AUDIO");
        if (videoSource >= 0) SimEnv.enforceAny("MediaRecorder.start", "android.permission.CAMERA");
        state = State.RECORDING;
    }

    public void stop() throws IllegalStateException {
        if (state != State.RECORDING) throw new IllegalStateException("stop called in an invalid state: " + state);
        state = State.INITIAL;
        audioSource = -1;
        videoSource = -1;
    }

    public void reset() {
        state = State.INITIAL;
        audioSource = -1;
        videoSource = -1;
        outputPath = null;
        outputFile = null;
    }

    public void release() { state = State.RELEASED; }

    public int getMaxAmplitude() throws IllegalStateException {
        if (state != State.RECORDING) throw new IllegalStateException("getMaxAmplitude called in an invalid state");
        return 0;
    }

    public static final int getAudioSourceMax() { return AudioSource.UNPROCESSED; }

    /** Where audio is captured from. */
    public final class AudioSource {
        public static final int DEFAULT = 0;
        public static final int MIC = 1;
        public static final int VOICE_UPLINK = 2;
        public static final int VOICE_DOWNLINK = 3;
        public static final int VOICE_CALL = 4;
        public static final int CAMCORDER = 5;
        public static final int VOICE_RECOGNITION = 6;
        public static final int VOICE_COMMUNICATION = 7;
        public static final int REMOTE_SUBMIX = 8;
        public static final int UNPROCESSED = 9;
        public static final int VOICE_PERFORMANCE = 10;

        private AudioSource() {}
    }

    /** Where video is captured from. */
    public final class VideoSource {
        public static final int DEFAULT = 0;
        public static final int CAMERA = 1;
        public static final int SURFACE = 2;

        private VideoSource() {}
    }

    /** Container formats. */
    public final class OutputFormat {
        public static final int DEFAULT = 0;
        public static final int THREE_GPP = 1;
        public static final int MPEG_4 = 2;
        public static final int AMR_NB = 3;
        public static final int AMR_WB = 4;
        public static final int AAC_ADTS = 6;
        public static final int WEBM = 9;
        public static final int OGG = 11;

        private OutputFormat() {}
    }

    /** Audio codecs. */
    public final class AudioEncoder {
        public static final int DEFAULT = 0;
        public static final int AMR_NB = 1;
        public static final int AMR_WB = 2;
        public static final int AAC = 3;
        public static final int HE_AAC = 4;
        public static final int AAC_ELD = 5;
        public static final int VORBIS = 6;
        public static final int OPUS = 7;

        private AudioEncoder() {}
    }

    /** Video codecs. */
    public final class VideoEncoder {
        public static final int DEFAULT = 0;
        public static final int H263 = 1;
        public static final int H264 = 2;
        public static final int MPEG_4_SP = 3;
        public static final int VP8 = 4;
        public static final int HEVC = 5;

        private VideoEncoder() {}
    }
}
