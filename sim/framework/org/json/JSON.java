package org.json;

/** Shared writing rules of the org.json stand-ins (Android's formatting). */
final class JSON {
    private JSON() {}

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '/': sb.append("\\/"); break; // Android escapes the solidus
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (c <= 0x1f) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
            }
        }
        sb.append('"');
    }

    static void value(StringBuilder sb, Object v) {
        if (v == null || v == JSONObject.NULL) sb.append("null");
        else if (v instanceof JSONObject) ((JSONObject) v).write(sb);
        else if (v instanceof JSONArray) ((JSONArray) v).write(sb);
        else if (v instanceof Boolean) sb.append(v);
        else if (v instanceof Number) sb.append(JSONObject.numberToString((Number) v));
        else quote(sb, v.toString());
    }

    static Object wrap(Object o) {
        if (o == null) return JSONObject.NULL;
        if (o instanceof JSONObject || o instanceof JSONArray || o == JSONObject.NULL || o instanceof String
                || o instanceof Boolean || o instanceof Number || o instanceof Character) {
            return o instanceof Character ? o.toString() : o;
        }
        if (o instanceof java.util.Collection) return new JSONArray((java.util.Collection<?>) o);
        if (o instanceof java.util.Map) return new JSONObject((java.util.Map<?, ?>) o);
        return o.toString();
    }
}
