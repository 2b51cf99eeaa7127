package org.json;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** org.json.JSONObject as Android has it (insertion order kept, "\/" escaped); parsing included. */
public class JSONObject {
    public static final Object NULL = new Object() {
        @Override public boolean equals(Object o) { return o == this || o == null; }
        @Override public int hashCode() { return 0; }
        @Override public String toString() { return "null"; }
    };

    private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

    public JSONObject() {}

    public JSONObject(Map<?, ?> copy) {
        for (Map.Entry<?, ?> e : copy.entrySet()) values.put(String.valueOf(e.getKey()), JSON.wrap(e.getValue()));
    }

    public JSONObject(String json) throws JSONException {
        Object v = new JSONTokener(json).nextValue();
        if (!(v instanceof JSONObject)) throw new JSONException("Value " + json + " cannot be converted to JSONObject");
        values.putAll(((JSONObject) v).values);
    }

    public JSONObject put(String name, Object value) throws JSONException {
        if (name == null) throw new JSONException("Names must be non-null");
        if (value == null) { values.remove(name); return this; }
        if (value instanceof Number) checkDouble(((Number) value).doubleValue());
        values.put(name, value);
        return this;
    }

    public JSONObject put(String name, boolean value) throws JSONException { return put(name, (Object) value); }
    public JSONObject put(String name, int value) throws JSONException { return put(name, (Object) value); }
    public JSONObject put(String name, long value) throws JSONException { return put(name, (Object) value); }
    public JSONObject put(String name, double value) throws JSONException { return put(name, (Object) value); }

    public JSONObject putOpt(String name, Object value) throws JSONException {
        return name == null || value == null ? this : put(name, value);
    }

    public Object opt(String name) { return name == null ? null : values.get(name); }
    public boolean has(String name) { return values.containsKey(name); }
    public boolean isNull(String name) { Object v = opt(name); return v == null || v == NULL; }
    public int length() { return values.size(); }
    public Object remove(String name) { return values.remove(name); }
    public Iterator<String> keys() { return values.keySet().iterator(); }

    public Object get(String name) throws JSONException {
        Object v = values.get(name);
        if (v == null) throw new JSONException("No value for " + name);
        return v;
    }

    public String getString(String name) throws JSONException { return String.valueOf(get(name)); }
    public String optString(String name) { return optString(name, ""); }
    public String optString(String name, String fallback) { Object v = opt(name); return v == null || v == NULL ? fallback : v.toString(); }
    public int getInt(String name) throws JSONException { Object v = get(name); return v instanceof Number ? ((Number) v).intValue() : Integer.parseInt(v.toString()); }
    public int optInt(String name, int fallback) { try { return getInt(name); } catch (Exception e) { return fallback; } }
    public long getLong(String name) throws JSONException { Object v = get(name); return v instanceof Number ? ((Number) v).longValue() : Long.parseLong(v.toString()); }
    public double getDouble(String name) throws JSONException { Object v = get(name); return v instanceof Number ? ((Number) v).doubleValue() : Double.parseDouble(v.toString()); }
    public boolean getBoolean(String name) throws JSONException { Object v = get(name); return v instanceof Boolean ? (Boolean) v : Boolean.parseBoolean(v.toString()); }
    public boolean optBoolean(String name) { try { return getBoolean(name); } catch (Exception e) { return false; } }
    public JSONObject getJSONObject(String name) throws JSONException { Object v = get(name); if (v instanceof JSONObject) return (JSONObject) v; throw new JSONException("Value at " + name + " is not a JSONObject"); }
    public JSONObject optJSONObject(String name) { Object v = opt(name); return v instanceof JSONObject ? (JSONObject) v : null; }
    public JSONArray getJSONArray(String name) throws JSONException { Object v = get(name); if (v instanceof JSONArray) return (JSONArray) v; throw new JSONException("Value at " + name + " is not a JSONArray"); }
    public JSONArray optJSONArray(String name) { Object v = opt(name); return v instanceof JSONArray ? (JSONArray) v : null; }

    public static String quote(String data) {
        StringBuilder sb = new StringBuilder();
        JSON.quote(sb, data == null ? "" : data);
        return sb.toString();
    }

    public static Object wrap(Object o) { return JSON.wrap(o); }

    public static String numberToString(Number number) {
        double d = number.doubleValue();
        if (number instanceof Double || number instanceof Float) {
            if (d == (long) d) return Long.toString((long) d);
            return Double.toString(d);
        }
        return number.toString();
    }

    static void checkDouble(double d) throws JSONException {
        if (Double.isInfinite(d) || Double.isNaN(d)) throw new JSONException("Forbidden numeric value: " + d);
    }

    void write(StringBuilder sb) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            JSON.quote(sb, e.getKey());
            sb.append(':');
            JSON.value(sb, e.getValue());
        }
        sb.append('}');
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        write(sb);
        return sb.toString();
    }
}
