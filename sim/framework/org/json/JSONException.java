package org.json;

/** As on Android: a checked exception. */
public class JSONException extends Exception {
    public JSONException(String message) { super(message); }
}
