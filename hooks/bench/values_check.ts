// Checks readvalues.ts's JNI reads of member paths against frida-java-bridge's own reads in a
// live JVM with the simulated framework (tests/agent/test_raw_values.py): for each object, the
// raw values read with the agent's cached JNI ids and those read through bridge wrappers only
// (rawValues without a Jvm, the path the agent took before), and what memberPath gave for each
// of the object's catalogued paths; the raw values of plain results; String members read in one
// native call (jnitext.ts), NULs and a lone surrogate included; and a toString() reused by the
// values of the call that described the object (Hold.Counted counts its runs). Sends one message.
import Java from "frida-java-bridge";
import { currentEnv, Jvm, nativeText } from "../src/jvm.js";
import { MEMBERS, rawValues } from "../src/readvalues.js";

interface Wrapper {
    $h: NativePointer;
    [member: string]: unknown;
}

type Use = (name: string) => { $new(...args: unknown[]): Wrapper };

Java.performNow(() => {
    const env = currentEnv();
    const jvm = new Jvm(env);
    const use: Use = (name) => Java.use(name);
    const location = use("android.location.Location").$new("gps");
    (location.setLatitude as (v: number) => void)(48.858093);
    (location.setLongitude as (v: number) => void)(2.294694);
    const cell = use("android.telephony.gsm.GsmCellLocation").$new();
    (cell.setLacAndCid as (lac: number, cid: number) => void)(4242, 987654);
    const objects: Record<string, Wrapper> = { location, cell };
    const out: Record<string, unknown> = {};
    for (const [name, object] of Object.entries(objects)) {
        const className = jvm.runtimeClassName(env, object.$h);
        out[name] = {
            className,
            jni: rawValues(object, jvm),
            bridge: rawValues(object, null),
            paths: (MEMBERS[className] ?? []).map((path) => jvm.memberPath(env, object.$h, className, [path], 4096)),
        };
    }
    // String members: a field (Account.name) and getters (BluetoothDevice's), odd text included
    const hold = Java.use("Hold") as unknown as Record<"account" | "device", () => Wrapper>;
    const account = hold.account();
    const device = hold.device();
    for (const [name, object] of Object.entries({ account, device })) {
        const className = jvm.runtimeClassName(env, object.$h);
        out[name] = {
            jni: rawValues(object, jvm),
            bridge: rawValues(object, null),
            paths: (MEMBERS[className] ?? []).map((path) => jvm.memberPath(env, object.$h, className, [path], 4096)),
        };
    }
    // the app's own class named android.accounts.Account, after the framework's (read above)
    const fake = (hold as unknown as Record<"fakeAccount", () => Wrapper>).fakeAccount();
    let fakeValues: unknown;
    try {
        fakeValues = rawValues(fake, jvm);
    } catch (e) {
        fakeValues = `threw: ${(e as Error).message}`;
    }
    out.fake = {
        path: jvm.memberPath(env, fake.$h, "android.accounts.Account", ["name"], 4096),
        values: fakeValues,
    };
    const counted = use("Hold$Counted").$new();
    const summary = jvm.describeObject(counted);
    const reused = rawValues(counted, jvm); // the same call: the summary's text
    jvm.forgetText();
    const fresh = rawValues(counted, jvm); // a later call: toString() runs again
    out.counted = { summary, reused, fresh };
    out.native_text = nativeText();
    // results the hooks hand over as JS values (no collector made for them)
    const plain: Record<string, unknown> = {
        string: "356938035643809", empty: "", long: "x".repeat(5000), int: 310260, negative: -42,
        fraction: 48.858093, round: 2.5, nan: NaN, flag: true, none: null,
    };
    out.plain = Object.fromEntries(Object.entries(plain).map(([name, value]) => [name, rawValues(value, jvm)]));
    // eslint-disable-next-line no-restricted-globals -- a check script's own message, read by the test
    send({ values_check: out });
});
