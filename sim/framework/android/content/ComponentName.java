package android.content;

/** Identifies an app component: package plus fully qualified class name. */
public final class ComponentName implements Comparable<ComponentName> {
    private final String mPackage;
    private final String mClass;

    public ComponentName(String pkg, String cls) {
        if (pkg == null) throw new NullPointerException("package name is null");
        if (cls == null) throw new NullPointerException("class name is null");
        mPackage = pkg;
        mClass = cls;
    }

    public ComponentName(Context pkg, String cls) {
        this(pkg.getPackageName(), cls);
    }

    public ComponentName(Context pkg, Class<?> cls) {
        this(pkg.getPackageName(), cls.getName());
    }

    public String getPackageName() { return mPackage; }

    public String getClassName() { return mClass; }

    public String getShortClassName() {
        if (mClass.startsWith(mPackage) && mClass.length() > mPackage.length()
                && mClass.charAt(mPackage.length()) == '.') {
            return mClass.substring(mPackage.length());
        }
        return mClass;
    }

    public String flattenToString() { return mPackage + "/" + mClass; }

    public String flattenToShortString() { return mPackage + "/" + getShortClassName(); }

    public static ComponentName unflattenFromString(String str) {
        int sep = str.indexOf('/');
        if (sep < 0 || sep + 1 >= str.length()) return null;
        String pkg = str.substring(0, sep);
        String cls = str.substring(sep + 1);
        if (cls.charAt(0) == '.') cls = pkg + cls;
        return new ComponentName(pkg, cls);
    }

    @Override public boolean equals(Object o) {
        return o instanceof ComponentName && ((ComponentName) o).mPackage.equals(mPackage)
                && ((ComponentName) o).mClass.equals(mClass);
    }

    @Override public int hashCode() { return mPackage.hashCode() * 31 + mClass.hashCode(); }

    @Override public int compareTo(ComponentName that) {
        int v = mPackage.compareTo(that.mPackage);
        return v != 0 ? v : mClass.compareTo(that.mClass);
    }

    @Override public String toString() { return "ComponentInfo{" + mPackage + "/" + mClass + "}"; }
}
