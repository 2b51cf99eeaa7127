package probe;

import android.content.Context;
import android.content.pm.PackageInfo;
import android.content.pm.PackageManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The package manager's answers follow the device's records as the harness changes them while
 * the app runs: an app installed, a packages.list rewritten, an app removed (the records are
 * read again only when they change: ApplicationPackageManager's fingerprint).
 */
public final class PackagesChangeProbe {
    public static void main(String[] args) throws Exception {
        Path device = Path.of(args[0]);
        Probe.grant(29, device);
        PackageManager pm = Probe.context().getPackageManager();
        Probe.put("before", names(pm));
        Probe.put("again", names(pm));
        Path record = device.resolve("packages").resolve("com.example.added");
        Files.createDirectories(record);
        Files.write(record.resolve("runtime.properties"),
                "package=com.example.added\nlauncher=com.example.added.Main\n".getBytes(StandardCharsets.UTF_8));
        Probe.put("installed", names(pm));
        Path list = device.resolve("data").resolve("system").resolve("packages.list");
        Files.write(list, "com.example.listed 10170 0 /data/user/0/com.example.listed\n".getBytes(StandardCharsets.UTF_8));
        Probe.put("relisted", names(pm));
        Files.delete(record.resolve("runtime.properties"));
        Files.delete(record);
        Probe.put("removed", names(pm));
    }

    private static String names(PackageManager pm) {
        List<String> names = new ArrayList<>();
        for (PackageInfo p : pm.getInstalledPackages(0)) {
            if (p.packageName.startsWith("com.example.")) names.add(p.packageName);
        }
        return String.join(",", names);
    }
}
