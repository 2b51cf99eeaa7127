package android.media;

import com.android.internal.sim.SimEnv;
import java.nio.ByteBuffer;

/**
 * Records from an audio source. The simulated microphone hears silence. startRecording() needs
 * RECORD_AUDIO: without it the simulated device throws SecurityException so that the attempt is
 * recorded as denied (a device fails the same call with an IllegalStateException).
 */
public class AudioRecord {
    public static final int STATE_UNINITIALIZED = 0;
    public static final int STATE_INITIALIZED = 1;
    public static final int RECORDSTATE_STOPPED = 1;
    public static final int RECORDSTATE_RECORDING = 3;
    public static final int SUCCESS = 0;
    public static final int ERROR = -1;
    public static final int ERROR_BAD_VALUE = -2;
    public static final int ERROR_INVALID_OPERATION = -3;
    public static final int READ_BLOCKING = 0;
    public static final int READ_NON_BLOCKING = 1;

    private final int audioSource;
    private final int sampleRate;
    private final int channelConfig;
    private final int audioFormat;
    private int state = STATE_INITIALIZED;
    private volatile int recordingState = RECORDSTATE_STOPPED;

    public AudioRecord(int audioSource, int sampleRateInHz, int channelConfig, int audioFormat,
                       int bufferSizeInBytes) throws IllegalArgumentException {
        if (sampleRateInHz < 4000 || sampleRateInHz > 192000) {
            throw new IllegalArgumentException(sampleRateInHz + "Hz is not a supported sample rate.");
        }
        if (bufferSizeInBytes <= 0) throw new IllegalArgumentException("Invalid audio buffer size " + bufferSizeInBytes);
        this.audioSource = audioSource;
        this.sampleRate = sampleRateInHz;
        this.channelConfig = channelConfig;
        this.audioFormat = audioFormat;
    }

    /** Bytes for 40 ms of audio at the given format, as a device typically answers. */
    public static int getMinBufferSize(int sampleRateInHz, int channelConfig, int audioFormat) {
        int channels = channelConfig == AudioFormat.CHANNEL_IN_STEREO ? 2 : 1;
        int bytes = audioFormat == AudioFormat.ENCODING_PCM_8BIT ? 1 : audioFormat == AudioFormat.ENCODING_PCM_FLOAT ? 4 : 2;
        if (sampleRateInHz < 4000 || sampleRateInHz > 192000) return ERROR_BAD_VALUE;
        return sampleRateInHz / 25 * channels * bytes;
    }

    public void startRecording() throws IllegalStateException {
        if (state != STATE_INITIALIZED) {
            throw new IllegalStateException("startRecording() called on an uninitialized AudioRecord.");
        }
        SimEnv.enforceAny("startRecording", "android.permission.RECORD_AUDIO");
        recordingState = RECORDSTATE_RECORDING;
    }

    public void stop() throws IllegalStateException {
        if (state != STATE_INITIALIZED) throw new IllegalStateException("stop() called on an uninitialized AudioRecord.");
        recordingState = RECORDSTATE_STOPPED;
    }

    public void release() {
        recordingState = RECORDSTATE_STOPPED;
        state = STATE_UNINITIALIZED;
    }

    public int read(byte[] audioData, int offsetInBytes, int sizeInBytes) {
        if (state != STATE_INITIALIZED || recordingState != RECORDSTATE_RECORDING) return ERROR_INVALID_OPERATION;
        if (audioData == null || offsetInBytes < 0 || sizeInBytes < 0 || offsetInBytes + sizeInBytes > audioData.length) {
            return ERROR_BAD_VALUE;
        }
        java.util.Arrays.fill(audioData, offsetInBytes, offsetInBytes + sizeInBytes, (byte) 0);
        return sizeInBytes;
    }

    public int read(short[] audioData, int offsetInShorts, int sizeInShorts) {
        if (state != STATE_INITIALIZED || recordingState != RECORDSTATE_RECORDING) return ERROR_INVALID_OPERATION;
        if (audioData == null || offsetInShorts < 0 || sizeInShorts < 0 || offsetInShorts + sizeInShorts > audioData.length) {
            return ERROR_BAD_VALUE;
        }
        java.util.Arrays.fill(audioData, offsetInShorts, offsetInShorts + sizeInShorts, (short) 0);
        return sizeInShorts;
    }

    public int read(ByteBuffer audioBuffer, int sizeInBytes) {
        if (state != STATE_INITIALIZED || recordingState != RECORDSTATE_RECORDING) return ERROR_INVALID_OPERATION;
        if (audioBuffer == null || sizeInBytes < 0) return ERROR_BAD_VALUE;
        int n = Math.min(sizeInBytes, audioBuffer.remaining());
        for (int i = 0; i < n; i++) audioBuffer.put((byte) 0);
        return n;
    }

    public int getState() { return state; }
    public int getRecordingState() { return recordingState; }
    public int getAudioSource() { return audioSource; }
    public int getSampleRate() { return sampleRate; }
    public int getChannelConfiguration() { return channelConfig; }
    public int getAudioFormat() { return audioFormat; }
    public int getChannelCount() { return channelConfig == AudioFormat.CHANNEL_IN_STEREO ? 2 : 1; }
}
