package android.content.pm;

/** An activity declared in a manifest. */
public class ActivityInfo extends ComponentInfo {
    public static final int LAUNCH_MULTIPLE = 0;
    public static final int LAUNCH_SINGLE_TOP = 1;
    public static final int LAUNCH_SINGLE_TASK = 2;
    public static final int LAUNCH_SINGLE_INSTANCE = 3;
    public static final int SCREEN_ORIENTATION_UNSPECIFIED = -1;
    public static final int SCREEN_ORIENTATION_LANDSCAPE = 0;
    public static final int SCREEN_ORIENTATION_PORTRAIT = 1;

    public int theme;
    public int launchMode;
    public int screenOrientation = SCREEN_ORIENTATION_UNSPECIFIED;
    public String taskAffinity;
    public String targetActivity;
    public String permission;

    public ActivityInfo() {}

    public ActivityInfo(ActivityInfo orig) {
        super(orig);
        theme = orig.theme;
        launchMode = orig.launchMode;
        screenOrientation = orig.screenOrientation;
        taskAffinity = orig.taskAffinity;
        targetActivity = orig.targetActivity;
        permission = orig.permission;
    }

    @Override
    public String toString() {
        return "ActivityInfo{" + Integer.toHexString(System.identityHashCode(this)) + " " + name + "}";
    }
}
