package org.json;

/** A small recursive-descent JSON reader for the org.json stand-ins. */
public class JSONTokener {
    private final String in;
    private int pos;

    public JSONTokener(String in) { this.in = in == null ? "" : in; }

    public Object nextValue() throws JSONException {
        skip();
        if (pos >= in.length()) throw new JSONException("End of input at character " + pos);
        char c = in.charAt(pos);
        if (c == '{') return object();
        if (c == '[') return array();
        if (c == '"' || c == '\'') return string(c);
        int start = pos;
        while (pos < in.length() && ",:]} \t\r\n".indexOf(in.charAt(pos)) < 0) pos++;
        String word = in.substring(start, pos);
        if (word.equals("null")) return JSONObject.NULL;
        if (word.equals("true")) return Boolean.TRUE;
        if (word.equals("false")) return Boolean.FALSE;
        try {
            if (word.contains(".") || word.contains("e") || word.contains("E")) return Double.valueOf(word);
            long l = Long.parseLong(word);
            return l == (int) l ? (Object) (int) l : (Object) l;
        } catch (NumberFormatException e) {
            return word;
        }
    }

    private void skip() {
        while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) pos++;
    }

    private char next() throws JSONException {
        skip();
        if (pos >= in.length()) throw new JSONException("Unterminated input at character " + pos);
        return in.charAt(pos++);
    }

    private JSONObject object() throws JSONException {
        pos++;
        JSONObject o = new JSONObject();
        skip();
        if (pos < in.length() && in.charAt(pos) == '}') { pos++; return o; }
        while (true) {
            Object key = nextValue();
            if (next() != ':') throw new JSONException("Expected ':' at character " + pos);
            o.put(String.valueOf(key), nextValue());
            char c = next();
            if (c == '}') return o;
            if (c != ',') throw new JSONException("Unterminated object at character " + pos);
        }
    }

    private JSONArray array() throws JSONException {
        pos++;
        JSONArray a = new JSONArray();
        skip();
        if (pos < in.length() && in.charAt(pos) == ']') { pos++; return a; }
        while (true) {
            a.put(nextValue());
            char c = next();
            if (c == ']') return a;
            if (c != ',') throw new JSONException("Unterminated array at character " + pos);
        }
    }

    private String string(char quote) throws JSONException {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < in.length()) {
            char c = in.charAt(pos++);
            if (c == quote) return sb.toString();
            if (c != '\\') { sb.append(c); continue; }
            if (pos >= in.length()) break;
            char e = in.charAt(pos++);
            switch (e) {
                case 'u':
                    if (pos + 4 > in.length()) throw new JSONException("Unterminated escape");
                    sb.append((char) Integer.parseInt(in.substring(pos, pos + 4), 16));
                    pos += 4;
                    break;
                case 't': sb.append('\t'); break;
                case 'b': sb.append('\b'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 'f': sb.append('\f'); break;
                default: sb.append(e);
            }
        }
        throw new JSONException("Unterminated string at character " + pos);
    }
}
