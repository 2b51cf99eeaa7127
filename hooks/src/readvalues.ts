// The raw values of a read's result (CallItem.values), for the controller's read-to-send
// matching: strings as they are, numbers as an app would print them, and of a list or an object
// the members an app could send (package names, SSID/BSSID, coordinates, account names, ...).
// They are never masked (the controller keeps them in memory only) and always bounded.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call,
   @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument --
   Results of many framework classes are read through frida-java-bridge wrappers, whose members
   exist only at run time; Recorder calls this inside its own try. */
import Java from "frida-java-bridge";
import { currentEnv, raw, readString, type Env, type Jvm } from "./jvm.js";
import { isJavaArray, type JavaObject } from "./values.js";

export const MAX_VALUES = 64;
export const MAX_VALUE_CHARS = 4096;
const MAX_ELEMENTS = 64;

/**
 * What of an object an app sends, by its class: fields by name, getters as `name()`, a path
 * through both with `.` (ClipData's first item's text). Data, not code: add a class here.
 */
export const MEMBERS: Record<string, string[]> = {
    "android.content.pm.PackageInfo": ["packageName", "versionName"],
    "android.content.pm.ApplicationInfo": ["packageName"],
    "android.content.pm.ResolveInfo": ["activityInfo.packageName"],
    "android.content.pm.LauncherActivityInfo": ["getComponentName().getPackageName()"],
    "android.app.ActivityManager$RunningAppProcessInfo": ["processName"],
    "android.net.wifi.WifiInfo": ["getSSID()", "getBSSID()", "getMacAddress()"],
    "android.net.wifi.ScanResult": ["SSID", "BSSID"],
    "android.location.Location": ["getLatitude()", "getLongitude()"],
    "android.accounts.Account": ["name"],
    "android.bluetooth.BluetoothDevice": ["getAddress()", "getName()"],
    "android.telephony.SubscriptionInfo": ["getIccId()", "getNumber()"],
    "android.telephony.gsm.GsmCellLocation": ["getLac()", "getCid()"],
    "android.content.ClipData": ["getItemAt(0).getText()"],
};

const FIXED_DIGITS = [6, 5, 4]; // decimals an app prints a coordinate with

/** The forms an app prints a number in: Java's and JS's text, fixed decimals for coordinates. */
export function numberForms(n: number): string[] {
    if (!Number.isFinite(n)) {
        return [];
    }
    const out = [String(n)];
    if (Number.isInteger(n)) {
        return out;
    }
    for (const digits of FIXED_DIGITS) {
        const form = n.toFixed(digits);
        if (!out.includes(form)) {
            out.push(form);
        }
    }
    return out;
}

/** Six bytes as a MAC address (lower case, colons); other byte arrays as lower-case hex. */
export function bytesForm(bytes: number[]): string {
    const hex = bytes.map((b) => (b & 0xff).toString(16).padStart(2, "0"));
    return bytes.length === 6 ? hex.join(":") : hex.join("");
}

function clipValue(text: string): string {
    return text.length > MAX_VALUE_CHARS ? text.slice(0, MAX_VALUE_CHARS) : text;
}

/** A Java object's toString(), through its wrapper. */
interface Textual {
    toString(): string;
}

class Values {
    readonly out: string[] = [];

    add(text: string | null | undefined): void {
        if (text === null || text === undefined || text === "" || this.out.length >= MAX_VALUES) {
            return;
        }
        const value = clipValue(text);
        if (!this.out.includes(value)) {
            this.out.push(value);
        }
    }

    full(): boolean {
        return this.out.length >= MAX_VALUES;
    }
}

/**
 * The raw values of `ret` (a read's result as frida-java-bridge gives it). With `jvm`, runtime
 * classes and collection tests go through cached JNI ids instead of bridge wrappers (each
 * wrapper call costs tens of µs: for a list of packages that was most of the hook's cost).
 */
export function rawValues(ret: unknown, jvm: Jvm | null = null): string[] {
    // The common results first, as collect() below gives them, with no collector made.
    switch (typeof ret) {
        case "string":
            return ret === "" ? [] : [clipValue(ret)];
        case "number":
            return numberForms(ret); // at most 4, all different
        case "boolean":
        case "undefined":
            return [];
        default:
            break;
    }
    const values = new Values();
    collect(ret, values, 0, jvm);
    return values.out;
}

// Class wrappers by name: Java.use looks its cache up through the class factory every time.
const classes = new Map<string, Java.Wrapper>();

function use(name: string): Java.Wrapper {
    let wrapper = classes.get(name);
    if (wrapper === undefined) {
        wrapper = Java.use(name);
        classes.set(name, wrapper);
    }
    return wrapper;
}

function collect(value: unknown, values: Values, depth: number, jvm: Jvm | null): void {
    if (value === null || value === undefined || values.full() || depth > 3) {
        return;
    }
    switch (typeof value) {
        case "string":
            values.add(value);
            return;
        case "number":
            for (const form of numberForms(value)) {
                values.add(form);
            }
            return;
        case "bigint":
            values.add(value.toString());
            return;
        case "boolean":
            return; // a flag identifies nothing
        default:
            break;
    }
    const obj = value as JavaObject & { [i: number]: unknown };
    if (isJavaArray(obj)) {
        arrayValues(obj, values, depth, jvm);
        return;
    }
    if (obj.$h === undefined) {
        values.add((value as Textual).toString()); // Int64 and the like
        return;
    }
    objectValues(value, values, depth, jvm);
}

function arrayValues(
    array: { length?: unknown; [i: number]: unknown }, values: Values, depth: number, jvm: Jvm | null,
): void {
    const length = Math.min(array.length as number, MAX_ELEMENTS);
    const first = length > 0 ? array[0] : null;
    if (typeof first === "number") {
        const bytes: number[] = [];
        for (let i = 0; i < length; i++) {
            bytes.push(array[i] as number);
        }
        values.add(bytesForm(bytes)); // byte[] (a hardware address); other primitives alike
        return;
    }
    for (let i = 0; i < length && !values.full(); i++) {
        collect(array[i], values, depth + 1, jvm);
    }
}

/** The runtime class of a wrapper (one of an interface type has no Object methods). */
function asObject(value: unknown): Java.Wrapper {
    return Java.cast(value as Java.Wrapper, use("java.lang.Object"));
}

function runtimeClass(value: unknown, jvm: Jvm | null): string {
    const handle = (value as { $h?: NativePointer | null }).$h;
    if (jvm !== null && handle !== undefined && handle !== null) {
        return jvm.runtimeClassName(currentEnv(), handle);
    }
    return String(asObject(value).getClass().getName());
}

function isCollection(value: unknown, jvm: Jvm | null): boolean {
    const handle = (value as { $h?: NativePointer | null }).$h;
    if (jvm !== null && handle !== undefined && handle !== null) {
        return jvm.isCollection(currentEnv(), handle);
    }
    return use("java.util.Collection").class.isInstance(asObject(value)) === true;
}

// Member paths split once ("getItemAt(0).getText()" -> its steps).
const steps = new Map<string, string[]>();

function stepsOf(path: string): string[] {
    let list = steps.get(path);
    if (list === undefined) {
        list = path.split(/\.(?![^(]*\))/);
        steps.set(path, list);
    }
    return list;
}

function objectValues(value: unknown, values: Values, depth: number, jvm: Jvm | null): void {
    const handle = (value as { $h?: NativePointer | null }).$h;
    if (jvm !== null && handle !== undefined && handle !== null) {
        handleValues(currentEnv(), jvm, handle, values, depth);
        return;
    }
    const className = runtimeClass(value, jvm);
    if (className === "java.lang.String") {
        values.add(String((asObject(value) as Textual).toString()));
        return;
    }
    if (isCollection(value, jvm)) {
        const items = Java.cast(value as Java.Wrapper, use("java.util.Collection")).toArray();
        arrayValues(items, values, depth, jvm);
        return;
    }
    const members = MEMBERS[className];
    if (members === undefined) {
        values.add(String((asObject(value) as Textual).toString()));
        return;
    }
    const typed = Java.cast(value as Java.Wrapper, use(className)); // framework classes only (MEMBERS)
    for (const path of members) {
        let found: unknown;
        try {
            found = member(typed, path, jvm);
        } catch {
            continue; // this version of the class lacks the member: fewer values, not an error
        }
        collect(found, values, depth + 1, jvm);
    }
}

/**
 * objectValues by JNI for an object's handle (a local or global reference the caller owns): the
 * runtime class, the collection test, toArray's elements, toString() and member paths of fields
 * and no-argument getters ending in a String go through cached JNI ids, not bridge wrappers (a
 * wrapper per element and a cast per object cost ~100 µs an element of getInstalledPackages);
 * other member paths (`getLatitude()`'s double, `getItemAt(0)`) through the bridge as before.
 * The values are the same, in the same order. `className` is the runtime class when the caller
 * knows it already (the previous element of a list had the same class).
 */
function handleValues(
    env: Env, jvm: Jvm, handle: NativePointer, values: Values, depth: number, className?: string,
): void {
    className ??= jvm.runtimeClassName(env, handle);
    if (className === "java.lang.String") {
        values.add(readString(env, handle, MAX_VALUE_CHARS).text);
        return;
    }
    if (jvm.isCollection(env, handle)) {
        const items = jvm.collectionItems(env, handle, MAX_ELEMENTS);
        if (items === null) {
            throw new Error("toArray() threw"); // as the bridge's call would: no values
        }
        try {
            itemValues(env, jvm, items, values, depth + 1);
        } finally {
            const jni = raw(env);
            for (const item of items) {
                jni.deleteLocalRef(env.handle, item);
            }
        }
        return;
    }
    const members = MEMBERS[className];
    if (members === undefined) {
        values.add(jvm.objectText(env, handle, MAX_VALUE_CHARS));
        return;
    }
    let typed: Java.Wrapper | null = null;
    for (const path of members) {
        const read = jvm.memberPath(env, handle, className, stepsOf(path), MAX_VALUE_CHARS);
        if (read === "threw") {
            continue; // as a failing member read through the bridge
        }
        if (read !== "absent") {
            collect("number" in read ? read.number : read.text, values, depth + 1, jvm);
            continue;
        }
        typed ??= Java.cast(handle, use(className)); // framework classes only (MEMBERS)
        let found: unknown;
        try {
            found = member(typed, path, jvm);
        } catch {
            continue; // this version of the class lacks the member: fewer values, not an error
        }
        collect(found, values, depth + 1, jvm);
    }
}

/**
 * The values of a collection's elements. Elements of a list mostly share one class: an element
 * whose class is the previous one's (IsSameObject) reuses its name instead of asking
 * Class.getName and reading the string again.
 */
function itemValues(env: Env, jvm: Jvm, items: NativePointer[], values: Values, depth: number): void {
    let previous: NativePointer | null = null; // the previous element's class (a local reference)
    let previousName = "";
    const jni = raw(env);
    try {
        for (const item of items) {
            if (values.full() || depth > 3) {
                break;
            }
            if (item.isNull()) {
                continue;
            }
            const cls = jni.getObjectClass(env.handle, item);
            if (previous !== null && jni.isSameObject(env.handle, cls, previous) !== 0) {
                jni.deleteLocalRef(env.handle, cls);
            } else {
                if (previous !== null) {
                    jni.deleteLocalRef(env.handle, previous);
                }
                previous = cls;
                previousName = jvm.className(env, cls);
            }
            handleValues(env, jvm, item, values, depth, previousName);
        }
    } finally {
        if (previous !== null) {
            jni.deleteLocalRef(env.handle, previous);
        }
    }
}

/** One member path ("a.b()", "getItemAt(0).getText()") of a wrapper; null where it ends. */
function member(start: Java.Wrapper, path: string, jvm: Jvm | null): unknown {
    let current: unknown = start;
    let first = true;
    for (const step of stepsOf(path)) {
        if (current === null || current === undefined) {
            return null;
        }
        // the start is already a wrapper of its runtime class; later steps are not
        const holder = first ? start : Java.cast(current as Java.Wrapper, use(runtimeClass(current, jvm)));
        first = false;
        const call = /^(\w+)\((\d*)\)$/.exec(step);
        if (call !== null) {
            const args = call[2] === "" ? [] : [Number(call[2])];
            current = holder[call[1]](...args);
        } else {
            const field = holder[step] ?? holder[`_${step}`];
            current = field?.value ?? null;
        }
    }
    return current;
}
