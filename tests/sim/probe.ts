// Test probe: reports calls of stand-in framework methods made by a simulated app.
import Java from "frida-java-bridge";

Java.perform(() => {
    const Log = Java.use("android.util.Log");
    Log.i.overload("java.lang.String", "java.lang.String").implementation = function (tag: string, msg: string) {
        send({ kind: "log", tag, msg });
        return this.i(tag, msg);
    };
    const Secure = Java.use("android.provider.Settings$Secure");
    Secure.getString.overload("android.content.ContentResolver", "java.lang.String").implementation =
        function (resolver: any, name: string) {
            const value = this.getString(resolver, name);
            send({ kind: "getString", name, value });
            return value;
        };
    send({ kind: "ready" });
});
