// The harness agent: hooks every catalogue API and streams the calls to the controller.
//
// Hooks are installed while this script loads, before the (paused) app runs any code. The
// controller then calls init() with the process name and options, and the RPC exports below.
// bridgesymbols.js comes first: it must be in place before frida-java-bridge starts (on import).
import { restoreModuleEnumeration } from "./bridgesymbols.js";
import Java from "frida-java-bridge";
import { catalog } from "./catalog.js";
import { deferHandleDeletion } from "./handles.js";
import { JavaHooks, reportProblem } from "./javahooks.js";
import { batchMethodReplacement } from "./jvmbatch.js";
import { currentEnv, isArt, Jvm } from "./jvm.js";
import { NetHooks, netTargets } from "./nethooks.js";
import { installNative } from "./nativehooks.js";
import { installNativeNet } from "./netnative.js";
import { Outbox } from "./outbox.js";
import { probeMaker } from "./probehooks.js";
import { Recorder } from "./recorder.js";
import { makeRpc } from "./rpc.js";
import { SCHEMA, sendMessage, type HookReport, type HookReportMessage } from "./wire.js";

restoreModuleEnumeration(); // the bridge has started (its module is evaluated)

const outbox = new Outbox({ batchSize: 200, flushMs: 50 });
const javaEntries = catalog.entries.filter((e) => e.kind === "java");
const nativeEntries = catalog.entries.filter((e) => e.kind === "native");
const probeEntries = catalog.entries.filter((e) => e.kind === "probe");
const nativeReport: HookReport = { hooked: [], missing: [], failed: [] };
let javaHooks: JavaHooks | null = null;
let recorder: Recorder;
let initialised = false;

function install(): void {
    let jvm: Jvm | null = null;
    if (Java.available) {
        Java.performNow(() => {
            if (!isArt()) {
                batchMethodReplacement(); // one class-graph walk per VM operation (jvmbatch.ts)
            }
            deferHandleDeletion(); // no JNI on the JS thread from now on (handles.ts)
            jvm = new Jvm(currentEnv());
            recorder = new Recorder(outbox, { process: "", rawValues: false }, jvm);
            javaHooks = new JavaHooks(recorder, sendReport);
            javaHooks.netMaker = new NetHooks(recorder, jvm).make;
            javaHooks.probeMaker = probeMaker(recorder);
            javaHooks.installAll([...javaEntries, ...probeEntries, ...netTargets(catalog.entries, isArt())]);
        });
    } else {
        recorder = new Recorder(outbox, { process: "", rawValues: false }, null);
    }
    installNative(nativeEntries, recorder, nativeReport);
    installNativeNet(catalog.entries, recorder, nativeReport);
}

function hookReport(): HookReport {
    const java: HookReport = javaHooks?.report
        ?? { hooked: [], missing: [], failed: javaEntries.map((e) => ({ id: e.id, reason: "no Java VM in this process" })) };
    return {
        hooked: [...java.hooked, ...nativeReport.hooked],
        missing: [...java.missing, ...nativeReport.missing],
        failed: [...java.failed, ...nativeReport.failed],
    };
}

function hookReportMessage(): HookReportMessage {
    return { type: "hook_report", schema: SCHEMA, pid: Process.id, process: recorder.options.process, ...hookReport() };
}

function sendReport(): void {
    if (!initialised) {
        return; // init() sends the first one, once the process name is known
    }
    sendMessage(hookReportMessage());
}

try {
    install();
} catch (e) {
    reportProblem("installing the hooks failed", e);
    throw e;
}

// Whatever is still buffered leaves with the process.
for (const name of ["exit", "_exit"]) {
    const address = Module.findGlobalExportByName(name);
    if (address !== null) {
        Interceptor.attach(address, { onEnter() { outbox.flush(); } });
    }
}

rpc.exports = makeRpc(outbox, () => recorder.options.process, (options) => {
    recorder.options.process = options.process;
    recorder.options.rawValues = options.raw_values;
    initialised = true;
    sendReport();
    return hookReportMessage();
});
