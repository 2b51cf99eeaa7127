// Checks bridgesymbols.ts in a live JVM (tests/agent/test_bridge_symbols.py): the bridge starts
// on the names found by elfsymbols.ts's scan of libjvm, and each name's address (the agent's own
// names too) is the one Frida's full enumerations of libjvm give (as the bridge reduces them:
// symbols override exports), as is Frida's own look-up by name. Sends one message.
import {
    AGENT_SYMBOLS, bridgeSymbolStats, OPTIONAL_SYMBOLS, REQUIRED_SYMBOLS, restoreModuleEnumeration,
    symbolOf,
} from "../src/bridgesymbols.js";
import Java from "frida-java-bridge";

restoreModuleEnumeration();
const available = Java.available;
const vm = Process.enumerateModules().find((m) => /jvm.(dll|dylib|so)$/.test(m.name));
const mismatched: string[] = [];
let found = 0;
if (vm !== undefined) {
    const full = new Map<string, string>();
    for (const e of vm.enumerateExports()) {
        full.set(e.name, e.address.toString());
    }
    for (const e of vm.enumerateSymbols()) {
        full.set(e.name, e.address.toString());
    }
    for (const name of [...REQUIRED_SYMBOLS, ...OPTIONAL_SYMBOLS, ...AGENT_SYMBOLS]) {
        const got = symbolOf(name)?.toString() ?? null;
        const byName = (vm.findSymbolByName(name) ?? vm.findExportByName(name))?.toString() ?? null;
        if (got !== null && !AGENT_SYMBOLS.includes(name)) {
            found++;
        }
        if (got !== (full.get(name) ?? null) || byName !== got) {
            mismatched.push(`${name}: ${got} scanned, ${byName} by name, ${full.get(name) ?? null} enumerated`);
        }
    }
}
// eslint-disable-next-line no-restricted-globals -- a check script's own message, read by the test
send({ symbols_check: { available, module: vm?.path ?? null, resolvable: found, mismatched, ...bridgeSymbolStats } });
