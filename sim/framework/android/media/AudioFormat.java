package android.media;

/** Audio encoding and channel constants. */
public final class AudioFormat {
    public static final int ENCODING_INVALID = 0;
    public static final int ENCODING_DEFAULT = 1;
    public static final int ENCODING_PCM_16BIT = 2;
    public static final int ENCODING_PCM_8BIT = 3;
    public static final int ENCODING_PCM_FLOAT = 4;
    public static final int CHANNEL_IN_DEFAULT = 1;
    public static final int CHANNEL_IN_LEFT = 0x4;
    public static final int CHANNEL_IN_RIGHT = 0x8;
    public static final int CHANNEL_IN_MONO = CHANNEL_IN_LEFT;
    public static final int CHANNEL_IN_STEREO = CHANNEL_IN_LEFT | CHANNEL_IN_RIGHT;
    @Deprecated public static final int CHANNEL_CONFIGURATION_MONO = 2;
    @Deprecated public static final int CHANNEL_CONFIGURATION_STEREO = 3;

    private AudioFormat() {}
}
