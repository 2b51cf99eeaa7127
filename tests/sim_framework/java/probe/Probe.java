package probe;

import android.content.ContentResolver;
import android.content.Context;
import android.content.ContextWrapper;
import android.content.pm.PackageManager;
import com.android.internal.sim.SimEnv;
import com.android.internal.sim.SystemServices;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;

/** Shared helpers of the probe programs: "key=value" output, grants, a minimal context. */
final class Probe {
    static final String PKG = "com.example.probe";
    private static final PrintStream OUT =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    private Probe() {}

    static void put(String key, Object value) {
        OUT.println(key + "=" + value);
    }

    /** Every value, or the exception's simple class name when the call throws. */
    static void attempt(String key, Callable<Object> call) {
        try {
            put(key, call.call());
        } catch (Exception e) {
            put(key, e.getClass().getSimpleName());
        }
    }

    /** Restart the process state with exactly these permissions declared and granted. */
    static void grant(int api, Path deviceDir, String... permissions) {
        SimEnv.init(PKG, PKG, null, deviceDir, api, Set.of(permissions), Set.of(permissions));
    }

    static void grant(String... permissions) {
        grant(29, null, permissions);
    }

    static Context context() {
        return new ProbeContext();
    }

    /** The runtime's ContextImpl stand-in: service lookups go to the framework registry. */
    private static final class ProbeContext extends ContextWrapper {
        ProbeContext() {
            super(null);
        }

        @Override public Object getSystemService(String name) { return SystemServices.getSystemService(this, name); }
        @Override public ContentResolver getContentResolver() { return SystemServices.contentResolver(this); }
        @Override public PackageManager getPackageManager() { return SystemServices.packageManager(this); }
        @Override public String getPackageName() { return PKG; }
        @Override public Context getApplicationContext() { return this; }
    }
}
