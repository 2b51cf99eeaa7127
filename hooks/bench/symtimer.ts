// Times libjvm's Module.enumerateExports / enumerateSymbols as frida-java-bridge's start calls
// them (whichever implementations are in place when this is imported: Frida's own, or
// bridgesymbols.ts's natively found names). Imported before the bridge by load_parts*.ts.
export const enumeration = { exports_ms: 0, symbols_ms: 0, symbols: 0 };

const proto = Module.prototype;
// eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(module) below
const exportsBefore = proto.enumerateExports;
// eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(module) below
const symbolsBefore = proto.enumerateSymbols;

proto.enumerateExports = function (this: Module): ModuleExportDetails[] {
    const began = Date.now();
    const result = exportsBefore.call(this);
    enumeration.exports_ms += Date.now() - began;
    return result;
};

proto.enumerateSymbols = function (this: Module): ModuleSymbolDetails[] {
    const began = Date.now();
    const result = symbolsBefore.call(this);
    enumeration.symbols_ms += Date.now() - began;
    enumeration.symbols += result.length;
    return result;
};

/** The implementations that were in place before this module. */
export function untime(): void {
    proto.enumerateExports = exportsBefore;
    proto.enumerateSymbols = symbolsBefore;
}
