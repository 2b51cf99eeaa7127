// The original of a method the agent replaced, for the agent's own calls (HotSpot).
//
// Reading a read's members (readvalues.ts: WifiInfo's getSSID(), BluetoothDevice's getAddress())
// calls getters the catalogue hooks itself: through their jmethodID that went into the bridge's
// replacement, from native code into JS and out again to the original (~30 µs a member), only
// for the agent's busy guard to pass it through. frida-java-bridge keeps, per replaced method, a
// jmethodID of the original (its mangler's resolveTarget, the one it calls from the
// replacement); the agent calls that one instead. Only where the member found for the object's
// runtime class is the replaced method itself (same jmethodID): an override in a subclass is
// called as it is. On ART (never used there) and without the bridge's mangler nothing changes.

interface Mangler {
    methodId: NativePointer;
    originalMethod: unknown;
    resolveTarget(wrapper: unknown, isInstanceMethod: boolean, env: unknown, api: unknown): NativePointer;
}

const manglers = new Map<string, Mangler>(); // jmethodID (the pointer's text) -> mangler

/** Notes a method whose implementation the agent just replaced. */
export function noteReplaced(method: { implementation: unknown }): void {
    const mangler = (method.implementation as { _m?: Partial<Mangler> } | null)?._m;
    if (mangler === undefined || !(mangler.methodId instanceof NativePointer)
        || typeof mangler.resolveTarget !== "function") {
        return;
    }
    manglers.set(mangler.methodId.toString(), mangler as Mangler);
}

/** The jmethodID to call for `id` from the agent: its original when the agent replaced it. */
export function originalOf(id: NativePointer): NativePointer {
    const mangler = manglers.get(id.toString());
    if (mangler === undefined || mangler.originalMethod === null || mangler.originalMethod === undefined) {
        return id; // not replaced, or its replacement not installed yet: the method is the original
    }
    return mangler.resolveTarget(null, true, null, null);
}
