package android.content;

import android.net.Uri;
import android.os.Bundle;

import java.util.LinkedHashSet;
import java.util.Set;

/** A description of an operation: an explicit component or an action, plus extras. */
public class Intent implements Cloneable {
    public static final String ACTION_MAIN = "android.intent.action.MAIN";
    public static final String ACTION_VIEW = "android.intent.action.VIEW";
    public static final String ACTION_SEND = "android.intent.action.SEND";
    public static final String ACTION_DIAL = "android.intent.action.DIAL";
    public static final String ACTION_BOOT_COMPLETED = "android.intent.action.BOOT_COMPLETED";
    public static final String CATEGORY_LAUNCHER = "android.intent.category.LAUNCHER";
    public static final String CATEGORY_DEFAULT = "android.intent.category.DEFAULT";
    public static final String CATEGORY_HOME = "android.intent.category.HOME";
    public static final String EXTRA_TEXT = "android.intent.extra.TEXT";
    public static final int FLAG_ACTIVITY_NEW_TASK = 0x10000000;
    public static final int FLAG_ACTIVITY_CLEAR_TOP = 0x04000000;
    public static final int FLAG_ACTIVITY_CLEAR_TASK = 0x00008000;
    public static final int FLAG_ACTIVITY_SINGLE_TOP = 0x20000000;
    public static final int FLAG_ACTIVITY_NO_HISTORY = 0x40000000;

    private String mAction;
    private Uri mData;
    private String mType;
    private String mPackage;
    private ComponentName mComponent;
    private int mFlags;
    private Set<String> mCategories;
    private Bundle mExtras;

    public Intent() {}

    public Intent(Intent o) {
        mAction = o.mAction;
        mData = o.mData;
        mType = o.mType;
        mPackage = o.mPackage;
        mComponent = o.mComponent;
        mFlags = o.mFlags;
        if (o.mCategories != null) mCategories = new LinkedHashSet<>(o.mCategories);
        if (o.mExtras != null) mExtras = new Bundle(o.mExtras);
    }

    public Intent(String action) {
        mAction = action;
    }

    public Intent(String action, Uri uri) {
        mAction = action;
        mData = uri;
    }

    public Intent(Context packageContext, Class<?> cls) {
        mComponent = new ComponentName(packageContext, cls);
    }

    public Intent(String action, Uri uri, Context packageContext, Class<?> cls) {
        this(action, uri);
        mComponent = new ComponentName(packageContext, cls);
    }

    @Override public Object clone() { return new Intent(this); }

    public String getAction() { return mAction; }
    public Intent setAction(String action) { mAction = action; return this; }

    public Uri getData() { return mData; }
    public Intent setData(Uri data) { mData = data; mType = null; return this; }
    public String getType() { return mType; }
    public Intent setType(String type) { mType = type; mData = null; return this; }

    public String getPackage() { return mPackage; }
    public Intent setPackage(String packageName) { mPackage = packageName; return this; }

    public ComponentName getComponent() { return mComponent; }
    public Intent setComponent(ComponentName component) { mComponent = component; return this; }
    public Intent setClass(Context packageContext, Class<?> cls) {
        mComponent = new ComponentName(packageContext, cls);
        return this;
    }
    public Intent setClassName(Context packageContext, String className) {
        mComponent = new ComponentName(packageContext, className);
        return this;
    }
    public Intent setClassName(String packageName, String className) {
        mComponent = new ComponentName(packageName, className);
        return this;
    }

    public int getFlags() { return mFlags; }
    public Intent setFlags(int flags) { mFlags = flags; return this; }
    public Intent addFlags(int flags) { mFlags |= flags; return this; }

    public Set<String> getCategories() { return mCategories; }
    public boolean hasCategory(String category) {
        return mCategories != null && mCategories.contains(category);
    }
    public Intent addCategory(String category) {
        if (mCategories == null) mCategories = new LinkedHashSet<>();
        mCategories.add(category);
        return this;
    }

    private Bundle extras() {
        if (mExtras == null) mExtras = new Bundle();
        return mExtras;
    }

    public Bundle getExtras() { return mExtras == null ? null : new Bundle(mExtras); }
    public boolean hasExtra(String name) { return mExtras != null && mExtras.containsKey(name); }
    public Intent putExtras(Bundle extras) { extras().putAll(extras); return this; }
    public Intent removeExtra(String name) { if (mExtras != null) mExtras.remove(name); return this; }

    public Intent putExtra(String name, String value) { extras().putString(name, value); return this; }
    public Intent putExtra(String name, CharSequence value) { extras().putCharSequence(name, value); return this; }
    public Intent putExtra(String name, boolean value) { extras().putBoolean(name, value); return this; }
    public Intent putExtra(String name, int value) { extras().putInt(name, value); return this; }
    public Intent putExtra(String name, long value) { extras().putLong(name, value); return this; }
    public Intent putExtra(String name, double value) { extras().putDouble(name, value); return this; }
    public Intent putExtra(String name, float value) { extras().putFloat(name, value); return this; }
    public Intent putExtra(String name, String[] value) { extras().putStringArray(name, value); return this; }
    public Intent putExtra(String name, Bundle value) { extras().putBundle(name, value); return this; }

    public String getStringExtra(String name) { return mExtras == null ? null : mExtras.getString(name); }
    public CharSequence getCharSequenceExtra(String name) {
        return mExtras == null ? null : mExtras.getCharSequence(name);
    }
    public boolean getBooleanExtra(String name, boolean defaultValue) {
        return mExtras == null ? defaultValue : mExtras.getBoolean(name, defaultValue);
    }
    public int getIntExtra(String name, int defaultValue) {
        return mExtras == null ? defaultValue : mExtras.getInt(name, defaultValue);
    }
    public long getLongExtra(String name, long defaultValue) {
        return mExtras == null ? defaultValue : mExtras.getLong(name, defaultValue);
    }
    public double getDoubleExtra(String name, double defaultValue) {
        return mExtras == null ? defaultValue : mExtras.getDouble(name, defaultValue);
    }
    public float getFloatExtra(String name, float defaultValue) {
        return mExtras == null ? defaultValue : mExtras.getFloat(name, defaultValue);
    }
    public String[] getStringArrayExtra(String name) {
        return mExtras == null ? null : mExtras.getStringArray(name);
    }
    public Bundle getBundleExtra(String name) { return mExtras == null ? null : mExtras.getBundle(name); }

    @Override public String toString() {
        StringBuilder b = new StringBuilder("Intent { ");
        if (mAction != null) b.append("act=").append(mAction).append(' ');
        if (mCategories != null) b.append("cat=").append(mCategories).append(' ');
        if (mData != null) b.append("dat=").append(mData).append(' ');
        if (mFlags != 0) b.append("flg=0x").append(Integer.toHexString(mFlags)).append(' ');
        if (mPackage != null) b.append("pkg=").append(mPackage).append(' ');
        if (mComponent != null) b.append("cmp=").append(mComponent.flattenToShortString()).append(' ');
        if (mExtras != null) b.append("(has extras) ");
        return b.append('}').toString();
    }
}
