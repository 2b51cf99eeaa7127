package com.android.internal.sim;

import android.app.Activity;
import android.app.Dialog;
import android.content.pm.PackageManager;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The system's runtime-permission prompt, as the permission controller shows it: one window per
 * permission group the request needs and the app does not hold, one after another, on top of the
 * app. Its nodes carry the permission controller's package and resource ids in the UI dump (as on
 * Android 10+), so the harness answers it like a real one and never mistakes it for the app's own
 * privacy dialog. "Allow" grants the group's requested permissions for this process (a runtime
 * grant is not written back to the device: a relaunched process starts from the device's grants).
 */
public final class PermissionPrompt extends Dialog implements SystemWindow {
    public static final String PACKAGE = "com.android.permissioncontroller";
    static final int ID_MESSAGE = 0x7f0a0001;
    static final int ID_ALLOW = 0x7f0a0002;
    static final int ID_DENY = 0x7f0a0003;
    private static final Map<Integer, String> IDS = Map.of(
        ID_MESSAGE, "permission_message", ID_ALLOW, "permission_allow_button", ID_DENY, "permission_deny_button");

    /** Dangerous permissions by group, with the words the prompt uses (Android 10 wording). */
    private static final Map<String, String[]> GROUPS = new LinkedHashMap<>();
    private static final Map<String, String> WORDS = Map.of(
        "location", "access this device's location",
        "phone", "make and manage phone calls",
        "contacts", "access your contacts",
        "sms", "send and view SMS messages",
        "calendar", "access your calendar",
        "call_log", "access your phone call logs",
        "camera", "take pictures and record video",
        "microphone", "record audio",
        "storage", "access photos, media, and files on your device");

    static {
        GROUPS.put("location", new String[] {"android.permission.ACCESS_FINE_LOCATION",
            "android.permission.ACCESS_COARSE_LOCATION", "android.permission.ACCESS_BACKGROUND_LOCATION"});
        GROUPS.put("phone", new String[] {"android.permission.READ_PHONE_STATE", "android.permission.READ_PHONE_NUMBERS",
            "android.permission.CALL_PHONE"});
        GROUPS.put("contacts", new String[] {"android.permission.READ_CONTACTS", "android.permission.WRITE_CONTACTS",
            "android.permission.GET_ACCOUNTS"});
        GROUPS.put("sms", new String[] {"android.permission.READ_SMS", "android.permission.SEND_SMS",
            "android.permission.RECEIVE_SMS"});
        GROUPS.put("calendar", new String[] {"android.permission.READ_CALENDAR", "android.permission.WRITE_CALENDAR"});
        GROUPS.put("call_log", new String[] {"android.permission.READ_CALL_LOG", "android.permission.WRITE_CALL_LOG"});
        GROUPS.put("camera", new String[] {"android.permission.CAMERA"});
        GROUPS.put("microphone", new String[] {"android.permission.RECORD_AUDIO"});
        GROUPS.put("storage", new String[] {"android.permission.READ_EXTERNAL_STORAGE",
            "android.permission.WRITE_EXTERNAL_STORAGE"});
    }

    static String groupOf(String permission) {
        for (Map.Entry<String, String[]> g : GROUPS.entrySet()) {
            for (String p : g.getValue()) if (p.equals(permission)) return g.getKey();
        }
        return null;
    }

    /**
     * Asks for `perms[i]`, i in `ask`, a group at a time; fills `results` and then runs `done`
     * (the activity's onRequestPermissionsResult), as Android delivers it once the prompts close.
     */
    public static void ask(Activity activity, String[] perms, List<Integer> ask, int[] results, Runnable done) {
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i : ask) {
            String group = groupOf(perms[i]);
            byGroup.computeIfAbsent(group == null ? perms[i] : group, k -> new ArrayList<>()).add(i);
        }
        next(activity, perms, new ArrayList<>(byGroup.entrySet()), 0, results, done);
    }

    private static void next(Activity activity, String[] perms, List<Map.Entry<String, List<Integer>>> groups,
                             int at, int[] results, Runnable done) {
        if (at >= groups.size() || activity.isFinishing() || activity.isDestroyed()) {
            done.run();
            return;
        }
        Map.Entry<String, List<Integer>> group = groups.get(at);
        new PermissionPrompt(activity, group.getKey(), granted -> {
            if (granted) {
                for (int i : group.getValue()) {
                    SimEnv.grantRuntime(perms[i]);
                    results[i] = PackageManager.PERMISSION_GRANTED;
                }
            }
            next(activity, perms, groups, at + 1, results, done);
        }).show();
    }

    interface Answer { void answered(boolean granted); }

    private boolean mAnswered;

    private PermissionPrompt(Activity activity, String group, Answer answer) {
        super(activity);
        setCancelable(true);  // BACK or a tap outside closes it: a denial, as on Android
        LinearLayout panel = new LinearLayout(activity);
        panel.setOrientation(LinearLayout.VERTICAL);
        TextView message = new TextView(activity);
        message.setId(ID_MESSAGE);
        String words = WORDS.getOrDefault(group, "use " + group);
        message.setText("Allow " + SimEnv.packageName() + " to " + words + "?");
        panel.addView(message);
        Button allow = new Button(activity);
        allow.setId(ID_ALLOW);
        allow.setText("Allow");
        Button deny = new Button(activity);
        deny.setId(ID_DENY);
        deny.setText("Deny");
        panel.addView(allow);
        panel.addView(deny);
        setContentView(panel);
        allow.setOnClickListener(v -> finish(answer, true));
        deny.setOnClickListener(v -> finish(answer, false));
        setOnCancelListener(d -> finish(answer, false));
    }

    private void finish(Answer answer, boolean granted) {
        if (mAnswered) return;
        mAnswered = true;
        dismiss();
        answer.answered(granted);
    }

    @Override public String windowPackage() { return PACKAGE; }

    @Override public String resourceName(int id) {
        String name = IDS.get(id);
        return name == null ? "" : PACKAGE + ":id/" + name;
    }
}
