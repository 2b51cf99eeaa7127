package android.os;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A mapping from String keys to values, as passed to onCreate and carried by Intents. */
public final class Bundle implements Cloneable {
    public static final Bundle EMPTY = new Bundle();

    private final Map<String, Object> mMap;

    public Bundle() { mMap = new LinkedHashMap<>(); }

    public Bundle(int capacity) { mMap = new LinkedHashMap<>(Math.max(capacity, 1)); }

    public Bundle(Bundle b) { mMap = new LinkedHashMap<>(b.mMap); }

    public Bundle(ClassLoader loader) { this(); }

    @Override public Object clone() { return new Bundle(this); }

    public int size() { return mMap.size(); }
    public boolean isEmpty() { return mMap.isEmpty(); }
    public void clear() { mMap.clear(); }
    public boolean containsKey(String key) { return mMap.containsKey(key); }
    public Object get(String key) { return mMap.get(key); }
    public void remove(String key) { mMap.remove(key); }
    public Set<String> keySet() { return mMap.keySet(); }
    public void putAll(Bundle bundle) { mMap.putAll(bundle.mMap); }

    public void putBoolean(String key, boolean value) { mMap.put(key, value); }
    public void putByte(String key, byte value) { mMap.put(key, value); }
    public void putChar(String key, char value) { mMap.put(key, value); }
    public void putShort(String key, short value) { mMap.put(key, value); }
    public void putInt(String key, int value) { mMap.put(key, value); }
    public void putLong(String key, long value) { mMap.put(key, value); }
    public void putFloat(String key, float value) { mMap.put(key, value); }
    public void putDouble(String key, double value) { mMap.put(key, value); }
    public void putString(String key, String value) { mMap.put(key, value); }
    public void putCharSequence(String key, CharSequence value) { mMap.put(key, value); }
    public void putStringArray(String key, String[] value) { mMap.put(key, value); }
    public void putIntArray(String key, int[] value) { mMap.put(key, value); }
    public void putByteArray(String key, byte[] value) { mMap.put(key, value); }
    public void putStringArrayList(String key, ArrayList<String> value) { mMap.put(key, value); }
    public void putIntegerArrayList(String key, ArrayList<Integer> value) { mMap.put(key, value); }
    public void putBundle(String key, Bundle value) { mMap.put(key, value); }
    public void putSerializable(String key, java.io.Serializable value) { mMap.put(key, value); }

    private <T> T typed(String key, Class<T> type) {
        Object o = mMap.get(key);
        // Android logs a ClassCastException warning and returns the default; so do we.
        return type.isInstance(o) ? type.cast(o) : null;
    }

    public boolean getBoolean(String key) { return getBoolean(key, false); }
    public boolean getBoolean(String key, boolean defaultValue) {
        Boolean v = typed(key, Boolean.class);
        return v == null ? defaultValue : v;
    }
    public byte getByte(String key) { Byte v = typed(key, Byte.class); return v == null ? 0 : v; }
    public char getChar(String key) { Character v = typed(key, Character.class); return v == null ? 0 : v; }
    public short getShort(String key) { Short v = typed(key, Short.class); return v == null ? 0 : v; }
    public int getInt(String key) { return getInt(key, 0); }
    public int getInt(String key, int defaultValue) {
        Integer v = typed(key, Integer.class);
        return v == null ? defaultValue : v;
    }
    public long getLong(String key) { return getLong(key, 0L); }
    public long getLong(String key, long defaultValue) {
        Long v = typed(key, Long.class);
        return v == null ? defaultValue : v;
    }
    public float getFloat(String key) { return getFloat(key, 0f); }
    public float getFloat(String key, float defaultValue) {
        Float v = typed(key, Float.class);
        return v == null ? defaultValue : v;
    }
    public double getDouble(String key) { return getDouble(key, 0d); }
    public double getDouble(String key, double defaultValue) {
        Double v = typed(key, Double.class);
        return v == null ? defaultValue : v;
    }
    public String getString(String key) { return typed(key, String.class); }
    public String getString(String key, String defaultValue) {
        String v = getString(key);
        return v == null ? defaultValue : v;
    }
    public CharSequence getCharSequence(String key) { return typed(key, CharSequence.class); }
    public String[] getStringArray(String key) { return typed(key, String[].class); }
    public int[] getIntArray(String key) { return typed(key, int[].class); }
    public byte[] getByteArray(String key) { return typed(key, byte[].class); }
    @SuppressWarnings("unchecked")
    public ArrayList<String> getStringArrayList(String key) { return typed(key, ArrayList.class); }
    @SuppressWarnings("unchecked")
    public ArrayList<Integer> getIntegerArrayList(String key) { return typed(key, ArrayList.class); }
    public Bundle getBundle(String key) { return typed(key, Bundle.class); }
    public java.io.Serializable getSerializable(String key) { return typed(key, java.io.Serializable.class); }

    @Override public String toString() { return "Bundle[" + mMap + "]"; }
}
