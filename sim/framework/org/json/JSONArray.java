package org.json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** org.json.JSONArray as Android has it. */
public class JSONArray {
    private final List<Object> values = new ArrayList<>();

    public JSONArray() {}

    public JSONArray(Collection<?> copy) {
        if (copy != null) for (Object o : copy) values.add(JSON.wrap(o));
    }

    public JSONArray(String json) throws JSONException {
        Object v = new JSONTokener(json).nextValue();
        if (!(v instanceof JSONArray)) throw new JSONException("Value " + json + " cannot be converted to JSONArray");
        values.addAll(((JSONArray) v).values);
    }

    public int length() { return values.size(); }
    public JSONArray put(Object value) { values.add(value); return this; }
    public JSONArray put(boolean value) { values.add(value); return this; }
    public JSONArray put(int value) { values.add(value); return this; }
    public JSONArray put(long value) { values.add(value); return this; }
    public JSONArray put(double value) throws JSONException { JSONObject.checkDouble(value); values.add(value); return this; }
    public Object opt(int index) { return index < 0 || index >= values.size() ? null : values.get(index); }

    public Object get(int index) throws JSONException {
        Object v = opt(index);
        if (v == null) throw new JSONException("Index " + index + " out of range [0.." + values.size() + ")");
        return v;
    }

    public String getString(int index) throws JSONException { return String.valueOf(get(index)); }
    public String optString(int index) { Object v = opt(index); return v == null ? "" : v.toString(); }
    public JSONObject getJSONObject(int index) throws JSONException { Object v = get(index); if (v instanceof JSONObject) return (JSONObject) v; throw new JSONException("Value at " + index + " is not a JSONObject"); }
    public JSONObject optJSONObject(int index) { Object v = opt(index); return v instanceof JSONObject ? (JSONObject) v : null; }

    void write(StringBuilder sb) {
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) sb.append(',');
            JSON.value(sb, values.get(i));
        }
        sb.append(']');
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        write(sb);
        return sb.toString();
    }
}
