// Turning argument and return values into short strings, masked unless raw values were asked for.

const MAX_CHARS = 200;
const MIN_PARTIAL = 8; // shorter values are starred completely: a partial reveal would say too much

export function mask(text: string): string {
    if (text.length < MIN_PARTIAL) {
        return "*".repeat(text.length);
    }
    return text.slice(0, 2) + "*".repeat(text.length - 5) + text.slice(-3);
}

export function bound(text: string): string {
    if (text.length <= MAX_CHARS) {
        return text;
    }
    return `${text.slice(0, MAX_CHARS)}…[${text.length} chars]`;
}

/** What the agent reads of a value the bridge hands over: a Java object wrapper or an array. */
export interface JavaObject {
    $className?: string;
    $h?: NativePointer | null; // the object's JNI handle
    $n?: string; // a wrapper's class name (the class it was cast to); none on an array
    length?: unknown;
    toString(): string;
}

/**
 * Whether a value frida-java-bridge hands over is a Java array: a JS array (of an object array's
 * elements) or the bridge's proxy of a primitive array (a handle, a length, no class). Only
 * `$`-named members of a wrapper are read: the bridge looks any other name (`length`) up among
 * the Java class's members (~7 µs a read), and its `$className` getter makes JNI calls (~11 µs).
 */
export function isJavaArray(value: JavaObject): value is JavaObject & { length: number } {
    return Array.isArray(value)
        || (value.$h !== undefined && value.$n === undefined && typeof value.length === "number");
}

export interface Describer {
    /** A cheap description of a Java object (class name, size of collections, toString). */
    describeObject(value: JavaObject): string;
}

/**
 * The summary of one value, or null for Java null / void. Returned values are personal data;
 * numbers and booleans passed as arguments (slot indexes, flags, intervals) are not.
 */
export function summarise(
    value: unknown, hide: boolean, describer: Describer, isArgument = false,
): string | null {
    if (value === null || value === undefined) {
        return null;
    }
    let text: string;
    let personal = true;
    switch (typeof value) {
        case "string":
            text = value;
            break;
        case "number":
        case "boolean":
        case "bigint":
            text = String(value);
            personal = !isArgument;
            break;
        default: {
            const obj = value as JavaObject;
            if (isJavaArray(obj)) {
                // A plain (unmasked) argument that is an array of strings says what was asked
                // for (the permissions of requestPermissions): list it; otherwise its size only.
                const items = hide ? null : stringItems(obj as unknown as ArrayLike<unknown>);
                text = items === null ? `array[${obj.length}]` : `[${items.join(", ")}]`;
                personal = false;
            } else if (obj.$h === undefined
                && (obj instanceof Int64 || obj instanceof UInt64 || obj instanceof NativePointer)) {
                text = obj.toString(); // a wrapper has a handle: no instanceof walk for it
            } else {
                text = describer.describeObject(obj);
            }
        }
    }
    return bound(hide && personal ? mask(text) : text);
}

const MAX_LISTED = 32;

/** The elements of a short array of strings, or null when it is long or holds anything else. */
function stringItems(array: ArrayLike<unknown>): string[] | null {
    if (array.length > MAX_LISTED) {
        return null;
    }
    const out: string[] = [];
    for (let i = 0; i < array.length; i++) {
        const item = array[i];
        if (typeof item !== "string") {
            return null;
        }
        out.push(item);
    }
    return out;
}
