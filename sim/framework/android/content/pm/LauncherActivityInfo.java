package android.content.pm;

import android.content.ComponentName;
import android.os.UserHandle;

/** A launchable activity, as the launcher sees it. */
public class LauncherActivityInfo {
    private final ActivityInfo activityInfo;
    private final UserHandle user;

    LauncherActivityInfo(ActivityInfo activityInfo, UserHandle user) {
        this.activityInfo = activityInfo;
        this.user = user;
    }

    public ComponentName getComponentName() { return new ComponentName(activityInfo.packageName, activityInfo.name); }
    public UserHandle getUser() { return user; }
    public CharSequence getLabel() { return activityInfo.loadLabel(null); }
    public ApplicationInfo getApplicationInfo() { return activityInfo.applicationInfo; }
    public String getName() { return activityInfo.name; }
    public long getFirstInstallTime() { return 0L; }
}
