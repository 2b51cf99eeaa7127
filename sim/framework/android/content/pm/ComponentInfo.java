package android.content.pm;

/** Fields shared by an application's components. */
public class ComponentInfo extends PackageItemInfo {
    public ApplicationInfo applicationInfo;
    public String processName;
    public boolean enabled = true;
    public boolean exported;

    public ComponentInfo() {}

    public ComponentInfo(ComponentInfo orig) {
        super(orig);
        applicationInfo = orig.applicationInfo;
        processName = orig.processName;
        enabled = orig.enabled;
        exported = orig.exported;
    }

    @Override
    public CharSequence loadLabel(PackageManager pm) {
        if (nonLocalizedLabel != null) return nonLocalizedLabel;
        return applicationInfo != null ? applicationInfo.loadLabel(pm) : super.loadLabel(pm);
    }
}
