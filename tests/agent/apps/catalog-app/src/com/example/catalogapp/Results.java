package com.example.catalogapp;

import android.app.Application;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the app saw, one log line per call to a catalogued API, in a form that is the same on
 * every run, so that a run under the agent can be compared with a run without it:
 *
 *   RESULT|process|where|catalogue id|type|value   (type: S string, I integer, D double,
 *                                                   Z boolean, A array, O object, N null, V void,
 *                                                   T threw)
 *   QUIET|process|where|catalogue id|type|value    (a call the catalogue deliberately ignores)
 *   NOTE|process|where|what|text                   (a callback arrived)
 *   CALLS|process|catalogue id|n                   (calls made in this process, once at the end)
 *   FINISHED|process|label
 */
final class Results {
    interface Call {
        Object run() throws Exception;
    }

    interface Action {
        void run() throws Exception;
    }

    private static final Map<String, Integer> CALLS = new TreeMap<>();

    private Results() {}

    static String process() {
        return Application.getProcessName();
    }

    /** One call to a catalogued API that the agent must record once. */
    static void call(String where, String id, Call call) {
        count(id);
        String shown;
        try {
            shown = Show.typed(call.run());
        } catch (Throwable e) {
            shown = threw(e);
        }
        print("RESULT", where, id, shown);
    }

    /** The same for an API returning nothing. */
    static void act(String where, String id, Action action) {
        count(id);
        String shown;
        try {
            action.run();
            shown = "V|";
        } catch (Throwable e) {
            shown = threw(e);
        }
        print("RESULT", where, id, shown);
    }

    /** A call that the catalogue's `when` table leaves out (no event expected). */
    static void quiet(String where, String id, Call call) {
        String shown;
        try {
            shown = Show.typed(call.run());
        } catch (Throwable e) {
            shown = threw(e);
        }
        print("QUIET", where, id, shown);
    }

    static void note(String where, String what, String text) {
        print("NOTE", where, what, Show.clean(text));
    }

    static void finish(String label) {
        StringBuilder out = new StringBuilder();
        synchronized (CALLS) {
            for (Map.Entry<String, Integer> e : CALLS.entrySet()) {
                out.append("CALLS|").append(process()).append('|').append(e.getKey()).append('|')
                    .append(e.getValue()).append('\n');
            }
        }
        out.append("FINISHED|").append(process()).append('|').append(label);
        System.out.println(out);
    }

    private static String threw(Throwable e) {
        if (e instanceof InvocationTargetException && e.getCause() != null) {
            e = e.getCause(); // a reflective call: what the API itself threw
        }
        return "T|" + e.getClass().getName() + ": " + Show.clean(String.valueOf(e.getMessage()));
    }

    private static void count(String id) {
        synchronized (CALLS) {
            CALLS.merge(id, 1, Integer::sum);
        }
    }

    private static void print(String kind, String where, String id, String shown) {
        System.out.println(kind + "|" + process() + "|" + where + "|" + id + "|" + shown);
    }
}
