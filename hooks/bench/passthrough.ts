// Benchmark baseline: a Java hook that only calls the original (no stack, no event).
import Java from "frida-java-bridge";

Java.performNow(() => {
    const method = Java.use("android.telephony.TelephonyManager").getNetworkOperator.overload();
    method.implementation = function (this: any): any {
        return method.call(this);
    };
});

rpc.exports = {
    init(): object {
        return { hooked: ["bench.passthrough"], missing: [], failed: [] };
    },
    flush(): void {},
};
