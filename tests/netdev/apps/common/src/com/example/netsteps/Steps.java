package com.example.netsteps;

/**
 * The steps of the network test apps (sender-app, udp-app): each step's outcome is one
 * "SENT|step|outcome" line of the app log, an exception as its outcome, so a test reads what
 * happened in order. One source for every app: each app's src/ links this file.
 */
public final class Steps {
    private Steps() {}

    /** A step that sends; its result (or exception) is the outcome printed. */
    public interface Step {
        String run() throws Exception;
    }

    public static void step(String name, Step step) {
        String outcome;
        try {
            outcome = step.run();
        } catch (Exception e) {
            outcome = "error " + e;
        }
        step(name, outcome);
    }

    public static void step(String name, String outcome) {
        System.out.println("SENT|" + name + "|" + outcome);
        System.out.flush();
    }

    /** The last line: "DONE|<tag>", which the tests wait for. */
    public static void done(String tag) {
        System.out.println("DONE|" + tag);
        System.out.flush();
    }
}
