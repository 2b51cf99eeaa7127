package android.app;

import android.content.ComponentName;
import android.content.Intent;
import android.os.Handler;
import android.os.Looper;
import android.view.KeyEvent;
import android.view.View;
import android.widget.TextView;

import com.android.internal.sim.ProcessLauncher;
import com.android.internal.sim.RuntimeConfig;
import com.android.internal.sim.Screen;
import com.android.internal.sim.UiDump;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The main thread of an app process: binds the Application, launches activities and services,
 * and runs the Looper. Everything here runs on the main thread; the control port reaches it
 * through Handler posts (see com.android.internal.sim.MainThread).
 */
public final class ActivityThread {
    private static RuntimeConfig sConfig;
    private static ClassLoader sLoader;
    private static volatile Application sApplication;
    private static Handler sHandler;
    private static volatile boolean sLooping;
    // Counted down once the main looper runs: start-up (Application, first component) is done.
    private static final CountDownLatch sStarted = new CountDownLatch(1);
    // Counted down once the main Handler exists: a control request (another process's
    // start_service or broadcast) may arrive between registration and ActivityThread.main.
    private static final CountDownLatch sHandlerReady = new CountDownLatch(1);
    private static final List<Activity> sActivities = new ArrayList<>();
    private static final Map<String, Service> sServices = new HashMap<>();
    private static int sStartId;
    private static volatile boolean sForeground;
    private static volatile long sForegroundSince;

    private ActivityThread() {}

    public static Application currentApplication() { return sApplication; }

    public static boolean isLooping() { return sLooping; }

    public static ClassLoader appLoader() { return sLoader; }

    /** Waits until start-up is done and the main looper runs; false at the timeout. */
    public static boolean awaitLooping(long timeoutMs) throws InterruptedException {
        return sStarted.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Why the process was started, as Android's ActivityManager knows it: a service, a broadcast
     * to manifest receivers (the process of a boot receiver runs no activity), an activity, or
     * (all null) the launcher.
     */
    public static final class Start {
        final String service;
        final String broadcast;
        final String receiver;
        final String activity;

        public Start(String service, String broadcast, String receiver, String activity) {
            this.service = service;
            this.broadcast = broadcast;
            this.receiver = receiver;
            this.activity = activity;
        }
    }

    /** Runs the process: Application, then the launcher activity or the requested service. */
    public static void main(RuntimeConfig config, ClassLoader loader, String serviceClass) throws Exception {
        main(config, loader, new Start(serviceClass, null, null, null));
    }

    /** Runs the process: Application, then the component it was started for. */
    public static void main(RuntimeConfig config, ClassLoader loader, Start start) throws Exception {
        sConfig = config;
        sLoader = loader;
        Looper.prepareMainLooper();
        sHandler = new Handler(Looper.getMainLooper());
        sHandlerReady.countDown();
        bindApplication();
        if (start.service != null) {
            createAndStartService(start.service, new Intent().setClassName(config.packageName, start.service));
        } else if (start.broadcast != null) {
            deliverBroadcast(start.broadcast, start.receiver);
        } else if (start.activity != null && config.activities.contains(start.activity)) {
            String cls = start.activity;
            sHandler.post(() -> launchActivity(cls, new Intent().setClassName(config.packageName, cls)
                    .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)));
        } else if (config.launcherActivity != null) {
            // A separate message, as on a device: posts made in Application.onCreate run first.
            sHandler.post(() -> launchActivity(config.launcherActivity, launcherIntent()));
        }
        sLooping = true;
        sStarted.countDown();
        Looper.loop();
    }

    private static Intent launcherIntent() {
        return new Intent(Intent.ACTION_MAIN).addCategory(Intent.CATEGORY_LAUNCHER)
                .setClassName(sConfig.packageName, sConfig.launcherActivity)
                .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK);
    }

    private static Object instantiate(String className) throws ReflectiveOperationException {
        return Class.forName(className, true, sLoader).getDeclaredConstructor().newInstance();
    }

    private static void bindApplication() throws ReflectiveOperationException {
        Application app = sConfig.applicationClass == null
                ? new Application() : (Application) instantiate(sConfig.applicationClass);
        sApplication = app;
        app.attach(new ContextImpl(sLoader));
        app.onCreate();
    }

    // ---- activities ----

    private static Activity top() { return sActivities.isEmpty() ? null : sActivities.get(sActivities.size() - 1); }

    static void launchActivity(String className, Intent intent) {
        Activity previous = top();
        if (previous != null && previous.mResumed) previous.performPause();
        Activity a;
        try {
            a = (Activity) instantiate(className);
        } catch (ReflectiveOperationException e) {
            throw new RuntimeException("Unable to instantiate activity ComponentInfo{" + sConfig.packageName
                    + "/" + className + "}: " + e, e);
        }
        a.attach(new ContextImpl(sLoader), sApplication, intent, new ComponentName(sConfig.packageName, className));
        Screen.get().add(a.mDecor, a, a, false);
        sActivities.add(a);
        a.performCreate(null);
        if (a.isFinishing()) {  // finish() inside onCreate: never shown
            return;
        }
        a.performStart();
        a.performResume();
        setForeground(true);
        if (previous != null && !previous.mStopped) previous.performStop();
    }

    static void startActivity(Activity from, Intent intent, int requestCode) {
        ComponentName c = intent.getComponent();
        if (c != null && !c.getPackageName().equals(sConfig.packageName) && otherApp(c.getPackageName())) {
            // Another installed app's activity: its process shows it (and comes to the front).
            ProcessLauncher.startOther(c.getPackageName(), "activity", c.getClassName(), intent.getAction());
            return;
        }
        if (c == null || !c.getPackageName().equals(sConfig.packageName) || !sConfig.activities.contains(c.getClassName())) {
            android.util.Log.i("ActivityTaskManager", "START " + intent + ": no activity on the simulated device handles it");
            return;
        }
        sHandler.post(() -> launchActivity(c.getClassName(), intent));
    }

    static void scheduleFinish(Activity a) { sHandler.post(() -> finishActivity(a)); }

    static void scheduleMoveToBack() { sHandler.post(ActivityThread::goHome); }

    private static void finishActivity(Activity a) {
        if (!sActivities.contains(a)) return;
        boolean wasTop = a == top();
        if (a.mResumed) a.performPause();
        sActivities.remove(a);
        Activity next = top();
        if (wasTop && next != null && sForeground) {
            next.performRestart();
            next.performResume();
        }
        if (!a.mStopped) a.performStop();
        for (Object dialog : Screen.get().dialogsOf(a)) {
            android.util.Log.e("WindowManager", "Activity " + a.getComponentName().getClassName()
                    + " has leaked window " + dialog + " that was originally added here");
            ((Dialog) dialog).dismiss();
        }
        Screen.get().remove(a);
        a.performDestroy();
        if (sActivities.isEmpty()) setForeground(false);
    }

    private static void setForeground(boolean fg) {
        if (fg && !sForeground) sForegroundSince = System.currentTimeMillis();
        sForeground = fg;
    }

    private static void goHome() {
        Activity a = top();
        if (!sForeground || a == null) return;
        if (a.mResumed) a.performPause();
        if (!a.mStopped) a.performStop();
        setForeground(false);
    }

    // ---- windows ----

    static void addDialogWindow(Dialog d, Activity owner) { Screen.get().add(d.mDecor, d, owner, true); }

    static void removeWindow(Object owner) { Screen.get().remove(owner); }

    private static List<Screen.Window> visibleWindows() {
        Activity a = top();
        List<Screen.Window> out = new ArrayList<>();
        if (!sForeground || a == null) return out;
        for (Screen.Window w : Screen.get().windowsOf(a)) {
            if (w.root.getVisibility() == View.VISIBLE) out.add(w);
        }
        return out;
    }

    // ---- services ----

    /** Whether another package is installed on this simulated device (its components reachable). */
    private static boolean otherApp(String pkg) {
        return com.android.internal.sim.RuntimeConfig.installed(sConfig.home, pkg);
    }

    static ComponentName startService(Intent service) {
        ComponentName c = service.getComponent();
        if (c == null && service.getPackage() != null && !service.getPackage().equals(sConfig.packageName)) {
            // Explicit by package only (allowed since Android 5): the sim resolves no filters.
            android.util.Log.w("ActivityManager", "Unable to start service " + service + " U=0: not found");
            return null;
        }
        if (c == null) throw new IllegalArgumentException("Service Intent must be explicit: " + service);
        if (!c.getPackageName().equals(sConfig.packageName)) {
            return startOtherService(c, service);
        }
        String process = sConfig.services.get(c.getClassName());
        if (process == null) {
            android.util.Log.w("ActivityManager", "Unable to start service " + service + " U=0: not found");
            return null;
        }
        if (process.equals(sConfig.processName)) {
            Intent copy = new Intent(service);
            sHandler.post(() -> createAndStartService(c.getClassName(), copy));
        } else {
            ProcessLauncher.startService(process, c.getClassName(), service.getAction());
        }
        return c;
    }

    /** Another installed app's service, started in its own process (null: not found). */
    private static ComponentName startOtherService(ComponentName c, Intent service) {
        try {
            if (otherApp(c.getPackageName())
                    && com.android.internal.sim.RuntimeConfig.load(sConfig.home, c.getPackageName(), null)
                            .services.containsKey(c.getClassName())) {
                ProcessLauncher.startOther(c.getPackageName(), "service", c.getClassName(), service.getAction());
                return c;
            }
        } catch (java.io.IOException e) {
            // unreadable record: as if it were not installed
        }
        android.util.Log.w("ActivityManager", "Unable to start service " + service + " U=0: not found");
        return null;
    }

    /** A service started in this process by another process of the app (control request). */
    public static void deliverService(String className, String action) {
        awaitHandler();
        Intent intent = new Intent(action).setClassName(sConfig.packageName, className);
        sHandler.post(() -> createAndStartService(className, intent));
    }

    private static void createAndStartService(String className, Intent intent) {
        Service s = sServices.get(className);
        if (s == null) {
            try {
                s = (Service) instantiate(className);
            } catch (ReflectiveOperationException e) {
                throw new RuntimeException("Unable to instantiate service " + className + ": " + e, e);
            }
            s.attach(new ContextImpl(sLoader), sApplication, new ComponentName(sConfig.packageName, className));
            sServices.put(className, s);
            s.onCreate();
        }
        s.onStartCommand(intent, 0, ++sStartId);
    }

    static boolean stopService(Intent service) {
        ComponentName c = service.getComponent();
        if (c == null && service.getPackage() != null && !service.getPackage().equals(sConfig.packageName)) {
            return false;  // another app's service: not running here
        }
        if (c == null) throw new IllegalArgumentException("Service Intent must be explicit: " + service);
        String process = sConfig.services.get(c.getClassName());
        if (process == null || !process.equals(sConfig.processName)) return false;
        sHandler.post(() -> stopLocalService(c.getClassName()));
        return true;
    }

    static void stopLocalService(String className) {
        Service s = sServices.remove(className);
        if (s != null) s.onDestroy();
    }

    // ---- broadcasts to manifest receivers ----

    /**
     * What Android's ActivityThread.handleReceiver is given: the broadcast, its component set to
     * the receiver (the broadcast queue does that before it schedules one), and the package.
     * toString as Android's, so that a hook on handleReceiver shows which receiver runs.
     */
    static final class ReceiverData {
        final Intent intent;
        final String packageName;

        ReceiverData(Intent intent, String packageName) {
            this.intent = intent;
            this.packageName = packageName;
        }

        @Override public String toString() {
            return "ReceiverData{intent=" + intent + " packageName=" + packageName
                    + " resultCode=0 resultData=null resultExtras=null}";
        }
    }

    /**
     * Queues a broadcast for this app's manifest receivers: `receiverClass` only (an explicit
     * broadcast), else every receiver whose filter names the action. Returns the receivers.
     */
    public static List<String> deliverBroadcast(String action, String receiverClass) {
        if (sConfig == null) return new ArrayList<>(); // no app runtime (a framework probe): no manifest
        List<String> targets = new ArrayList<>();
        if (receiverClass != null) {
            if (sConfig.receivers.containsKey(receiverClass)) targets.add(receiverClass);
        } else {
            targets.addAll(sConfig.receiversFor(action));
        }
        if (targets.isEmpty()) {
            android.util.Log.w("BroadcastQueue", "no receiver of " + sConfig.packageName + " for " + action);
        }
        for (String cls : targets) {
            Intent intent = new Intent(action).setComponent(new ComponentName(sConfig.packageName, cls));
            ReceiverData data = new ReceiverData(intent, sConfig.packageName);
            sHandler.post(() -> handleReceiver(data));
        }
        return targets;
    }

    /** A broadcast from another process (control request): once the main thread is up. */
    public static List<String> receiveBroadcast(String action, String receiverClass) {
        awaitHandler();
        return deliverBroadcast(action, receiverClass);
    }

    private static void awaitHandler() {
        try {
            if (!sHandlerReady.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the main thread did not start within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the main thread started", e);
        }
    }

    /** Runs one manifest receiver on the main thread, as Android does: a new instance each time. */
    private static void handleReceiver(ReceiverData data) {
        String className = data.intent.getComponent().getClassName();
        android.content.BroadcastReceiver receiver;
        try {
            receiver = (android.content.BroadcastReceiver) instantiate(className);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new RuntimeException("Unable to instantiate receiver " + className + ": " + e, e);
        }
        android.util.Log.i("ActivityThread", "Receiving " + data.intent + " in " + className);
        receiver.onReceive(new ReceiverRestrictedContext(sApplication.getBaseContext()), data.intent);
    }

    // ---- what the control port asks (always on the main thread) ----

    public static String dumpUi() {
        List<Screen.Window> windows = visibleWindows();
        if (windows.isEmpty()) return UiDump.launcher();
        return new UiDump(sConfig.packageName, sLoader).render(windows);
    }

    /** The screen as a PNG (`screencap`): the visible windows, or the launcher when none. */
    public static byte[] screencap(String fontPath) throws java.io.IOException {
        return com.android.internal.sim.ScreenRenderer.render(visibleWindows(), fontPath);
    }

    /** The UI dump and the drawn (not yet encoded) screen of one instant (`capture`): both of
     *  the same windows, read on the main thread with nothing of the app running in between. */
    public static com.android.internal.sim.Capture.Shot capture(String fontPath) throws java.io.IOException {
        List<Screen.Window> windows = visibleWindows();
        String xml = windows.isEmpty() ? UiDump.launcher() : new UiDump(sConfig.packageName, sLoader).render(windows);
        return new com.android.internal.sim.Capture.Shot(xml, com.android.internal.sim.ScreenRenderer.draw(windows, fontPath));
    }

    /** Dispatches a tap; returns a short description of what it reached. */
    public static String tap(int x, int y) {
        List<Screen.Window> windows = visibleWindows();
        if (windows.isEmpty()) return "background";
        Screen.Window w = windows.get(windows.size() - 1);
        UiDump.layoutWindow(w);
        if (!w.contains(x, y)) {
            if (w.dialog) {
                Dialog d = (Dialog) w.owner;
                if (d.mCancelable && d.mCanceledOnTouchOutside) {
                    d.cancel();
                    return "outside: dialog canceled";
                }
            }
            return "outside";
        }
        // A view that handles touches itself (one painting its own buttons) gets the tap as a
        // down/up pair in its own coordinates; one that declines it falls through to clicks.
        View touched = UiDump.touchable(w, x, y);
        if (touched != null) {
            long now = android.os.SystemClock.uptimeMillis();
            android.view.MotionEvent down = android.view.MotionEvent.obtain(now, now, android.view.MotionEvent.ACTION_DOWN, x, y, 0);
            android.view.MotionEvent up = android.view.MotionEvent.obtain(now, now + 50, android.view.MotionEvent.ACTION_UP, x, y, 0);
            down.offsetLocation(-touched.getLeft(), -touched.getTop());
            up.offsetLocation(-touched.getLeft(), -touched.getTop());
            boolean took = touched.dispatchTouchEvent(down);
            took = touched.dispatchTouchEvent(up) || took;
            if (took) return "touch " + touched.getClass().getName();
        }
        View v = UiDump.hit(w, x, y);
        if (v == null) return "nothing clickable";
        String what = v.getAccessibilityClassName() + (v instanceof TextView ? " \"" + shorten(((TextView) v).getText()) + "\"" : "");
        if (!v.isEnabled()) return what + " (disabled)";
        v.performClick();
        return what;
    }

    private static String shorten(CharSequence cs) {
        String s = String.valueOf(cs);
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    public static void key(String key) {
        if ("HOME".equals(key)) {
            goHome();
            return;
        }
        if (!"BACK".equals(key)) throw new IllegalArgumentException("unknown key " + key);
        List<Screen.Window> windows = visibleWindows();
        if (windows.isEmpty()) return;
        Screen.Window w = windows.get(windows.size() - 1);
        if (w.dialog) {
            ((Dialog) w.owner).onBackPressed();
        } else {
            ((Activity) w.owner).onKeyDown(KeyEvent.KEYCODE_BACK, new KeyEvent(KeyEvent.ACTION_UP, KeyEvent.KEYCODE_BACK));
        }
    }

    /** Brings the app to the front, as tapping its launcher icon does. */
    public static void launch() {
        Activity a = top();
        if (a == null) {
            if (sConfig.launcherActivity != null) launchActivity(sConfig.launcherActivity, launcherIntent());
            return;
        }
        if (!sForeground) {
            a.performRestart();
            a.performResume();
            setForeground(true);
        }
    }

    public static Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        Activity a = top();
        s.put("foreground", sForeground && a != null);
        s.put("since", sForegroundSince);
        s.put("activity", a == null ? null : a.getComponentName().getClassName());
        List<Screen.Window> windows = visibleWindows();
        s.put("dialog", !windows.isEmpty() && windows.get(windows.size() - 1).dialog);
        return s;
    }
}
