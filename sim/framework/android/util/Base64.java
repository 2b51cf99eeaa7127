package android.util;

/**
 * android.util.Base64 as Android has it: the flags, DEFAULT's 76-character lines ending in "\n",
 * URL_SAFE's alphabet; built on java.util.Base64.
 */
public class Base64 {
    public static final int DEFAULT = 0;
    public static final int NO_PADDING = 1;
    public static final int NO_WRAP = 2;
    public static final int CRLF = 4;
    public static final int URL_SAFE = 8;
    public static final int NO_CLOSE = 16;

    private Base64() {}

    public static String encodeToString(byte[] input, int flags) {
        return new String(encode(input, flags), java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static String encodeToString(byte[] input, int offset, int len, int flags) {
        return new String(encode(input, offset, len, flags), java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static byte[] encode(byte[] input, int flags) {
        return encode(input, 0, input.length, flags);
    }

    public static byte[] encode(byte[] input, int offset, int len, int flags) {
        java.util.Base64.Encoder encoder = (flags & URL_SAFE) != 0 ? java.util.Base64.getUrlEncoder() : java.util.Base64.getEncoder();
        if ((flags & NO_PADDING) != 0) encoder = encoder.withoutPadding();
        byte[] part = java.util.Arrays.copyOfRange(input, offset, offset + len);
        String text = encoder.encodeToString(part);
        if ((flags & NO_WRAP) == 0) {
            String eol = (flags & CRLF) != 0 ? "\r\n" : "\n";
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < text.length(); i += 76) {
                sb.append(text, i, Math.min(text.length(), i + 76)).append(eol);
            }
            text = sb.toString();
        }
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static byte[] decode(String str, int flags) {
        return decode(str.getBytes(java.nio.charset.StandardCharsets.US_ASCII), flags);
    }

    public static byte[] decode(byte[] input, int flags) {
        return decode(input, 0, input.length, flags);
    }

    /** Like Android: whitespace is skipped, padding optional, both alphabets accepted. */
    public static byte[] decode(byte[] input, int offset, int len, int flags) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = offset; i < offset + len; i++) {
            char c = (char) (input[i] & 0xff);
            if (c == '-') c = '+';
            else if (c == '_') c = '/';
            if (c == '=' || Character.isWhitespace(c)) continue;
            sb.append(c);
        }
        try {
            return java.util.Base64.getDecoder().decode(sb.toString()); // padding not required
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad base-64", e);
        }
    }
}
