// Prints the exported declarations of hooks/src/wire.ts as JSON, resolved by the TypeScript
// compiler itself (extends, aliases, `typeof SCHEMA`), for tests/agent/test_wire.py.
//
// Usage: node wire_types.mjs HOOKS_DIR
// Output: {"SCHEMA": 1, "types": {Name: {"fields": {f: {"type": T, "optional": bool}}}
//                                   | {"methods": {m: {"params": [T], "returns": T}}}
//                                   | {"alias": T}}}
// where T is "string" | "number" | "boolean" | "null" | "void" | {"const": v} | {"array": T}
//          | {"ref": InterfaceName} | {"anyOf": [T]}.
import { createRequire } from "node:module";
import path from "node:path";

const hooks = path.resolve(process.argv[2]);
const ts = createRequire(path.join(hooks, "package.json"))("typescript");

const config = ts.getParsedCommandLineOfConfigFile(path.join(hooks, "tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
});
const file = path.join(hooks, "src", "wire.ts");
const program = ts.createProgram([file], config.options);
const checker = program.getTypeChecker();
const source = program.getSourceFile(file);

function fail(message) {
    process.stderr.write(`wire_types.mjs: ${message}\n`);
    process.exit(2);
}

function describe(type) {
    const F = ts.TypeFlags;
    if (type.flags & F.Boolean) return "boolean";
    if (type.flags & F.String) return "string";
    if (type.flags & F.Number) return "number";
    if (type.flags & F.Null) return "null";
    if (type.flags & F.Void) return "void";
    if (type.flags & F.StringLiteral || type.flags & F.NumberLiteral) return { const: type.value };
    if (type.flags & F.BooleanLiteral) return { const: checker.typeToString(type) === "true" };
    if (type.isUnion()) {
        // `undefined` is what an optional property adds; JSON has no such value
        const members = type.types.filter((t) => !(t.flags & F.Undefined)).map(describe);
        if (members.length === 1) return members[0];
        // `boolean | null` reaches here as true | false | null
        const bools = members.filter((m) => typeof m === "object" && typeof m.const === "boolean");
        const rest = members.filter((m) => !bools.includes(m));
        return { anyOf: bools.length === 2 ? ["boolean", ...rest] : members };
    }
    if (checker.isArrayType(type)) return { array: describe(checker.getTypeArguments(type)[0]) };
    const symbol = type.getSymbol();
    if (symbol && symbol.flags & ts.SymbolFlags.Interface) return { ref: symbol.getName() };
    return fail(`unsupported type ${checker.typeToString(type)}`);
}

function members(symbol) {
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    const fields = {};
    const methods = {};
    for (const prop of checker.getPropertiesOfType(type)) {
        const declaration = prop.valueDeclaration ?? prop.declarations[0];
        const propType = checker.getTypeOfSymbolAtLocation(prop, declaration);
        if (ts.isMethodSignature(declaration)) {
            const [signature] = propType.getCallSignatures();
            methods[prop.getName()] = {
                params: signature.getParameters().map((p) => describe(checker.getTypeOfSymbolAtLocation(p, source))),
                returns: describe(signature.getReturnType()),
            };
        } else {
            fields[prop.getName()] = {
                type: describe(propType),
                optional: (prop.flags & ts.SymbolFlags.Optional) !== 0,
            };
        }
    }
    return Object.keys(methods).length > 0 ? { methods } : { fields };
}

const result = { SCHEMA: null, types: {} };
for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(source))) {
    const name = symbol.getName();
    if (symbol.flags & ts.SymbolFlags.Interface) {
        result.types[name] = members(symbol);
    } else if (symbol.flags & ts.SymbolFlags.TypeAlias) {
        result.types[name] = { alias: describe(checker.getDeclaredTypeOfSymbol(symbol)) };
    } else if (name === "SCHEMA") {
        result.SCHEMA = checker.getTypeOfSymbol(symbol).value;
    }
}
process.stdout.write(JSON.stringify(result, null, 1) + "\n");
