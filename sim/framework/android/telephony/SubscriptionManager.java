package android.telephony;

import android.content.Context;
import com.android.internal.sim.DeviceData;
import com.android.internal.sim.SimEnv;
import java.util.ArrayList;
import java.util.List;

/** Active SIM subscriptions: the simulated phone has one SIM, subscription id 1, in slot 0. */
public class SubscriptionManager {
    public static final int INVALID_SUBSCRIPTION_ID = -1;
    public static final int DEFAULT_SUBSCRIPTION_ID = Integer.MAX_VALUE;
    private static final int SUB_ID = 1;
    private static final String READ_PHONE_STATE = "android.permission.READ_PHONE_STATE";

    private final Context context;

    /** @hide Apps obtain it from Context.getSystemService("telephony_subscription_service"). */
    public SubscriptionManager(Context context) {
        this.context = context;
    }

    @Deprecated
    public static SubscriptionManager from(Context context) {
        return (SubscriptionManager) context.getSystemService("telephony_subscription_service");
    }

    public static int getDefaultSubscriptionId() { return SUB_ID; }
    public static int getDefaultDataSubscriptionId() { return SUB_ID; }
    public static int getDefaultVoiceSubscriptionId() { return SUB_ID; }
    public static int getDefaultSmsSubscriptionId() { return SUB_ID; }

    public List<SubscriptionInfo> getActiveSubscriptionInfoList() {
        SimEnv.enforceAny("getActiveSubscriptionInfoList", READ_PHONE_STATE);
        List<SubscriptionInfo> out = new ArrayList<>();
        out.add(info());
        return out;
    }

    public SubscriptionInfo getActiveSubscriptionInfo(int subId) {
        SimEnv.enforceAny("getActiveSubscriptionInfo", READ_PHONE_STATE);
        return subId == SUB_ID ? info() : null;
    }

    public int getActiveSubscriptionInfoCount() {
        SimEnv.enforceAny("getActiveSubscriptionInfoCount", READ_PHONE_STATE);
        return 1;
    }

    public int getActiveSubscriptionInfoCountMax() { return 2; }

    public String getPhoneNumber(int subscriptionId) {
        SimEnv.enforceAny("getPhoneNumber", "android.permission.READ_PHONE_NUMBERS", READ_PHONE_STATE,
            "android.permission.READ_SMS");
        return subscriptionId == SUB_ID || subscriptionId == DEFAULT_SUBSCRIPTION_ID ? DeviceData.LINE1_NUMBER : "";
    }

    private static SubscriptionInfo info() {
        String op = DeviceData.NETWORK_OPERATOR;
        return new SubscriptionInfo(SUB_ID, DeviceData.ICCID, 0, DeviceData.NETWORK_OPERATOR_NAME,
            DeviceData.NETWORK_OPERATOR_NAME, DeviceData.LINE1_NUMBER, op.substring(0, 3), op.substring(3),
            DeviceData.COUNTRY_ISO);
    }
}
