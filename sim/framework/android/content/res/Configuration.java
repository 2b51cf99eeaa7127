package android.content.res;

/** Device configuration; the simulated device never changes it (portrait, one locale). */
public final class Configuration {
    public static final int ORIENTATION_PORTRAIT = 1;
    public static final int ORIENTATION_LANDSCAPE = 2;

    public int orientation = ORIENTATION_PORTRAIT;
    public int screenWidthDp = 411;
    public int screenHeightDp = 914;
    public int densityDpi = 420;

    public Configuration() {}
}
