package android.app;

import android.content.Context;

/** The runtime's own Context (package-private ContextImpl), for probes that need its behaviour. */
public final class ProbeContexts {
    private ProbeContexts() {}

    public static Context impl() { return new ContextImpl(ProbeContexts.class.getClassLoader()); }
}
