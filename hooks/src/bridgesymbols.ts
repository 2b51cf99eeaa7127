// frida-java-bridge's start on HotSpot, without turning all of libjvm's symbols into objects.
//
// To find the ~45 HotSpot functions and variables it needs, the bridge (7.0.x, lib/jvm.js
// getApi) calls libjvm's Module.enumerateExports() and enumerateSymbols() and reduces both into
// a dictionary: JDK 17's libjvm has 57,917 symbols in .symtab, each made a JS object, which took
// 350-1,400 ms of every agent load on the shared 2-core machine (load 11; docs/speed.md). Frida
// finds one name natively (Module.findSymbolByName / findExportByName) in microseconds once the
// ELF file is read. So, imported before the bridge (index.ts imports this module first), the
// libjvm module answers those two enumerations with exactly the names the bridge looks up, found
// natively; the bridge itself is unchanged and used as published. If a name the bridge requires
// is not found that way, the original enumerations answer instead (same result as without this).
// restoreModuleEnumeration() puts the originals back once the bridge has started.
//
// The names are the pinned bridge's (package-lock.json): tests/agent/test_bridge_symbols.py
// compares these lists with node_modules/frida-java-bridge/lib/jvm.js, and checks inside a JVM
// that every address equals the one the full enumeration gives.

import { findElfSymbols } from "./elfsymbols.js";

/** The bridge version these lists were taken from (the test compares it with package-lock). */
export const BRIDGE_VERSION = "7.0.13";

/** Names the bridge cannot start without (not in its `optionals`), non-Windows HotSpot. */
export const REQUIRED_SYMBOLS: readonly string[] = [
    "JNI_GetCreatedJavaVMs",
    "_ZN6Method4sizeEb",
    "_ZN6Method19set_native_functionEPhb",
    "_ZN6Method21clear_native_functionEv",
    "_ZN6Method10jmethod_idEv",
    "_ZN20ClassLoaderDataGraph10classes_doEP12KlassClosure",
    "_ZN8VMThread7executeEP12VM_Operation",
    "_ZN11OopMapCache22flush_obsolete_entriesEv",
    "_ZN14NMethodSweeper16sweep_code_cacheEv",
    "JVM_Sleep",
    "_ZTV18VM_RedefineClasses",
    "_ZN18VM_RedefineClasses4doitEv",
    "_ZN18VM_RedefineClasses13doit_prologueEv",
    "_ZN18VM_RedefineClasses13doit_epilogueEv",
    "_ZNK18VM_RedefineClasses26allow_nested_vm_operationsEv",
    "_ZN19Abstract_VM_Version19jre_release_versionEv",
    "_ZN14NMethodSweeper11_traversalsE",
    "_ZN14NMethodSweeper13_should_sweepE",
];

/** Names the bridge uses when present (one of each JDK-version alternative, its `optionals`). */
export const OPTIONAL_SYMBOLS: readonly string[] = [
    "_ZN6Method24restore_unshareable_infoEP10JavaThread",
    "_ZN6Method24restore_unshareable_infoEP6Thread",
    "_ZN6Method11link_methodERK12methodHandleP10JavaThread",
    "_ZN6Method10clear_codeEv",
    "_ZN6Method10clear_codeEb",
    "_ZN18VM_RedefineClasses19mark_dependent_codeEP13InstanceKlass",
    "_ZN18VM_RedefineClasses20flush_dependent_codeEv",
    "_ZN18VM_RedefineClasses20flush_dependent_codeEP13InstanceKlassP6Thread",
    "_ZN18VM_RedefineClasses20flush_dependent_codeE19instanceKlassHandleP6Thread",
    "_ZN19ResolvedMethodTable21adjust_method_entriesEPb",
    "_ZN15MemberNameTable21adjust_method_entriesEP13InstanceKlassPb",
    "_ZN17ConstantPoolCache21adjust_method_entriesEPb",
    "_ZN17ConstantPoolCache21adjust_method_entriesEP13InstanceKlassPb",
    "_ZN20ClassLoaderDataGraph22clean_deallocate_listsEb",
    "_ZN10JavaThread27thread_from_jni_environmentEP7JNIEnv_",
    "_ZN14NMethodSweeper11force_sweepEv",
    "_ZN14NMethodSweeper17sweep_in_progressEv",
    "_ZN18VM_RedefineClasses14_the_class_oopE",
    "_ZN18VM_RedefineClasses10_the_classE",
    "_ZN18VM_RedefineClasses25AdjustCpoolCacheAndVtable8do_klassEP5Klass",
    "_ZN18VM_RedefineClasses22AdjustAndCleanMetadata8do_klassEP5Klass",
    "_ZN18VM_RedefineClassesD0Ev",
    "_ZN18VM_RedefineClassesD1Ev",
    "_ZNK18VM_RedefineClasses14print_on_errorEP12outputStream",
    "_ZN13InstanceKlass33create_new_default_vtable_indicesEiP10JavaThread",
    "_ZN13InstanceKlass33create_new_default_vtable_indicesEiP6Thread",
    "_ZN14NMethodSweeper21_sweep_fractions_leftE",
];

/** MetaspaceShared::remap_shared_readonly_as_readwrite(), which jvmbatch.ts calls. */
export const REMAP_SHARED_SYMBOL = "_ZN15MetaspaceShared34remap_shared_readonly_as_readwriteEv";

/** libjvm names the agent itself calls, found in the same pass. */
export const AGENT_SYMBOLS: readonly string[] = [REMAP_SHARED_SYMBOL];

// The bridge picks its VM module by this test of the name (lib/jvm.js).
const JVM_MODULE = /jvm.(dll|dylib|so)$/;

/** How the bridge's start found its symbols (the load benchmark prints it). */
export interface BridgeSymbolStats {
    narrowed: boolean; // the natively found names answered (false: the original enumerations)
    found: number;
    lookup_ms: number;
    scanned: boolean; // found by elfsymbols.ts's one pass (false: Frida's look-up name by name)
}

export const bridgeSymbolStats: BridgeSymbolStats = { narrowed: false, found: 0, lookup_ms: 0, scanned: false };
// What the look-up found, by name (the agent's own names included), for symbolOf()
const addresses = new Map<string, NativePointer>();

const proto = Module.prototype;
// eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(module) below
const originalExports = proto.enumerateExports;
// eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(module) below
const originalSymbols = proto.enumerateSymbols;
// Per module path: the natively found entries, or null when a required name was not found.
const narrowed = new Map<string, ModuleSymbolDetails[] | null>();

function lookUp(module: Module): ModuleSymbolDetails[] | null {
    const known = narrowed.get(module.path);
    if (known !== undefined) {
        return known;
    }
    const began = Date.now();
    const entries: ModuleSymbolDetails[] = [];
    let complete = true;
    const scanned = findElfSymbols(module, [...REQUIRED_SYMBOLS, ...OPTIONAL_SYMBOLS, ...AGENT_SYMBOLS]);
    bridgeSymbolStats.scanned = scanned !== null;
    // The bridge lets symbols override exports of the same name: Frida is asked in that order.
    const find = (name: string): NativePointer | null => scanned !== null
        ? scanned.get(name) ?? null
        : module.findSymbolByName(name) ?? module.findExportByName(name);
    for (const list of [REQUIRED_SYMBOLS, OPTIONAL_SYMBOLS, AGENT_SYMBOLS]) {
        for (const name of list) {
            const address = find(name);
            if (address !== null) {
                addresses.set(name, address);
                if (list !== AGENT_SYMBOLS) {
                    entries.push({ isGlobal: true, type: "function", name, address });
                }
            } else if (list === REQUIRED_SYMBOLS) {
                complete = false;
            }
        }
    }
    const result = complete ? entries : null;
    narrowed.set(module.path, result);
    bridgeSymbolStats.narrowed = complete;
    bridgeSymbolStats.found = entries.length;
    bridgeSymbolStats.lookup_ms = Date.now() - began;
    return result;
}

function isVmModule(module: Module): boolean {
    return Process.platform !== "windows" && JVM_MODULE.test(module.name);
}

proto.enumerateExports = function (this: Module): ModuleExportDetails[] {
    if (isVmModule(this) && lookUp(this) !== null) {
        return []; // every name the bridge needs comes with the symbols below
    }
    return originalExports.call(this);
};

proto.enumerateSymbols = function (this: Module): ModuleSymbolDetails[] {
    const entries = isVmModule(this) ? lookUp(this) : null;
    return entries !== null ? entries.slice() : originalSymbols.call(this);
};

/** The address of a name of REQUIRED, OPTIONAL or AGENT_SYMBOLS in libjvm, once the bridge has started. */
export function symbolOf(name: string): NativePointer | null {
    return addresses.get(name) ?? null;
}

/** Put Frida's own enumerations back (after the bridge's start: it keeps its API for good). */
export function restoreModuleEnumeration(): void {
    proto.enumerateExports = originalExports;
    proto.enumerateSymbols = originalSymbols;
}
