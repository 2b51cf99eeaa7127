package android.content.pm;

/** One component that answers an intent. */
public class ResolveInfo {
    public ActivityInfo activityInfo;
    public ServiceInfo serviceInfo;
    public int priority;
    public int preferredOrder;
    public int match;
    public boolean isDefault;
    public CharSequence nonLocalizedLabel;
    public String resolvePackageName;

    public ResolveInfo() {}

    public ResolveInfo(ResolveInfo orig) {
        activityInfo = orig.activityInfo;
        serviceInfo = orig.serviceInfo;
        priority = orig.priority;
        preferredOrder = orig.preferredOrder;
        match = orig.match;
        isDefault = orig.isDefault;
        nonLocalizedLabel = orig.nonLocalizedLabel;
        resolvePackageName = orig.resolvePackageName;
    }

    public CharSequence loadLabel(PackageManager pm) {
        if (nonLocalizedLabel != null) return nonLocalizedLabel;
        ComponentInfo component = activityInfo != null ? activityInfo : serviceInfo;
        return component != null ? component.loadLabel(pm) : null;
    }

    @Override
    public String toString() {
        ComponentInfo c = activityInfo != null ? activityInfo : serviceInfo;
        return "ResolveInfo{" + Integer.toHexString(System.identityHashCode(this)) + " "
            + (c == null ? "" : c.packageName + "/" + c.name) + " m=0x" + Integer.toHexString(match) + "}";
    }
}
