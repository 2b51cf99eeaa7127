package com.android.internal.sim;

import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The workload the device runs once per framework build to write its class-data sharing
 * archive (JDK 17 AppCDS: -XX:ArchiveClassesAtExit, harness/device/sim/cds.py): it loads every
 * class of the framework jar without initialising any (no class initialiser, no app code runs)
 * and, given the screenshot font, draws one launcher picture so that Java2D's classes are in the
 * archive too. Every app process then maps those classes instead of parsing and verifying them.
 *
 *     java -XX:ArchiveClassesAtExit=A.jsa -cp framework.jar com.android.internal.sim.CdsTraining JAR [FONT]
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        int loaded = 0, failed = 0;
        ClassLoader loader = CdsTraining.class.getClassLoader();
        try (ZipFile jar = new ZipFile(args[0])) {
            for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements();) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/")) continue;
                try {
                    Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                    loaded++;
                } catch (LinkageError | ClassNotFoundException ex) {
                    failed++;  // not archived; the process loads it as without an archive
                }
            }
        }
        if (args.length > 1) Png.encode(ScreenRenderer.draw(java.util.List.of(), args[1]));
        System.out.println("cds training: " + loaded + " classes loaded, " + failed + " not");
    }
}
