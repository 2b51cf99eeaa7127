// Imported first by load_parts*.ts: ES modules are evaluated in import order, so this time is
// taken before frida-java-bridge's module (which initialises the bridge when it is evaluated).
export const started = Date.now();
