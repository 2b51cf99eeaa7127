package com.android.internal.sim;

/** A window another package owns (the permission controller's prompt): the UI dump names it. */
public interface SystemWindow {
    String windowPackage();

    /** The full resource name ("pkg:id/name") of one of its views, or "" when it has none. */
    String resourceName(int id);
}
