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
    // benchmarks/bench_hook_cost.py sets this to a number of calls: each call made on the main
    // thread from onCreate is then repeated that many times per round and timed (BENCH lines);
    // unset (the tests), every call is made once.
    private static final int BENCH = benchCalls();
    private static final int BENCH_ROUNDS = 5;
    private static final java.util.Map<String, Integer> BENCH_SEEN = new java.util.HashMap<>();
    private static boolean benching; // a call site inside a timed call is timed with it, not again

    // CATALOG_APP_BENCH_CLOCK=cpu: the calling thread's CPU time instead of wall time (the hooks'
    // JS runs on the calling thread, so it is counted; time the thread waits for a CPU on a
    // loaded machine is not).
    private static final boolean BENCH_CPU = "cpu".equals(System.getenv("CATALOG_APP_BENCH_CLOCK"));
    private static final java.lang.management.ThreadMXBean THREADS =
            BENCH_CPU ? java.lang.management.ManagementFactory.getThreadMXBean() : null;

    private static long now() {
        return BENCH_CPU ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static int benchCalls() {
        String value = System.getenv("CATALOG_APP_BENCH");
        return value == null ? 0 : Integer.parseInt(value);
    }

    /** Times `call` (BENCH calls, BENCH_ROUNDS rounds) and prints the fastest round per call. */
    private static void bench(String where, String id, Call call) {
        if (BENCH <= 0 || benching || !where.equals("main") || id.startsWith("context.")) {
            return;
        }
        int nth = BENCH_SEEN.merge(id, 1, Integer::sum);
        long best = Long.MAX_VALUE;
        benching = true;
        try {
            best = timedRounds(call);
        } finally {
            benching = false;
        }
        print("BENCH", where, id + "#" + nth, String.valueOf(best / BENCH));
    }

    private static long timedRounds(Call call) {
        long best = Long.MAX_VALUE;
        for (int r = 0; r < BENCH_ROUNDS; r++) {
            long t0 = now();
            for (int i = 0; i < BENCH; i++) {
                try {
                    call.run();
                } catch (Throwable e) {
                    // the same outcome as the first call's, already shown
                }
            }
            best = Math.min(best, now() - t0);
        }
        return best;
    }

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
        bench(where, id, call);
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
        bench(where, id, () -> {
            action.run();
            return null;
        });
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
