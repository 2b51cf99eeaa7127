package android.content.pm;

import android.content.Context;
import android.content.Intent;
import android.os.UserHandle;
import com.android.internal.sim.SystemServices;
import java.util.ArrayList;
import java.util.List;

/** The launcher's view of installed apps: their launchable activities. */
public class LauncherApps {
    private final Context context;

    /** @hide Apps obtain it from Context.getSystemService("launcherapps"). */
    public LauncherApps(Context context) {
        this.context = context;
    }

    /** Launchable activities of one package, or of all packages when packageName is null. */
    public List<LauncherActivityInfo> getActivityList(String packageName, UserHandle user) {
        Intent main = new Intent(Intent.ACTION_MAIN);
        main.addCategory(Intent.CATEGORY_LAUNCHER);
        if (packageName != null) main.setPackage(packageName);
        List<LauncherActivityInfo> out = new ArrayList<>();
        for (ResolveInfo info : SystemServices.packageManager(context).queryIntentActivities(main, 0)) {
            out.add(new LauncherActivityInfo(info.activityInfo, user));
        }
        return out;
    }

    public boolean isPackageEnabled(String packageName, UserHandle user) {
        try {
            SystemServices.packageManager(context).getPackageInfo(packageName, 0);
            return true;
        } catch (PackageManager.NameNotFoundException e) {
            return false;
        }
    }
}
