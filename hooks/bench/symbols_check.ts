// Checks bridgesymbols.ts in a live JVM (tests/agent/test_bridge_symbols.py): the bridge starts
// on the natively found names, and each name's address is the one Frida's full enumerations of
// libjvm give (as the bridge reduces them: symbols override exports). Sends one message.
import {
    bridgeSymbolStats, OPTIONAL_SYMBOLS, REQUIRED_SYMBOLS, restoreModuleEnumeration,
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
    for (const name of [...REQUIRED_SYMBOLS, ...OPTIONAL_SYMBOLS]) {
        const address = vm.findSymbolByName(name) ?? vm.findExportByName(name);
        const got = address?.toString() ?? null;
        if (got !== null) {
            found++;
        }
        if (got !== (full.get(name) ?? null)) {
            mismatched.push(`${name}: ${got} natively, ${full.get(name) ?? null} enumerated`);
        }
    }
}
// eslint-disable-next-line no-restricted-globals -- a check script's own message, read by the test
send({ symbols_check: { available, module: vm?.path ?? null, resolvable: found, mismatched, ...bridgeSymbolStats } });
