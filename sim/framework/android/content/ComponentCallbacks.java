package android.content;

/** Callbacks every application component receives. */
public interface ComponentCallbacks {
    void onConfigurationChanged(android.content.res.Configuration newConfig);

    void onLowMemory();
}
