// Benchmark baseline: a Java hook that only calls the original (no stack, no event). Loaded on
// its own (not through the controller's Instrumentation), so it exports no agent RPC.
import Java from "frida-java-bridge";

interface TelephonyManager {
    getNetworkOperator: Java.MethodDispatcher;
}

Java.performNow(() => {
    const method = Java.use<TelephonyManager>("android.telephony.TelephonyManager").getNetworkOperator.overload();
    method.implementation = function (this: Java.Wrapper<TelephonyManager>): unknown {
        return method.call(this) as unknown;
    };
});
