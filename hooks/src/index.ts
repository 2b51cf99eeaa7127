// The harness agent: hooks every catalogue API and streams the calls to the controller.
//
// Hooks are installed while this script loads, before the (paused) app runs any code. The
// controller then calls init() with the process name and options, and the RPC exports below.
import Java from "frida-java-bridge";
import { catalog } from "./catalog.js";
import { JavaHooks, reportProblem } from "./javahooks.js";
import { Jvm } from "./jvm.js";
import { installNative } from "./nativehooks.js";
import { Outbox, type OutboxStats } from "./outbox.js";
import { Recorder } from "./recorder.js";
import { SCHEMA, type HookReport } from "./wire.js";

interface InitOptions {
    process?: string;
    pid?: number;
    raw_values?: boolean;
    batch_size?: number;
    flush_ms?: number;
    app_package?: string;
}

const outbox = new Outbox({ batchSize: 200, flushMs: 50 });
const javaEntries = catalog.entries.filter((e) => e.kind === "java");
const nativeEntries = catalog.entries.filter((e) => e.kind === "native");
const nativeReport: HookReport = { hooked: [], missing: [], failed: [] };
let javaHooks: JavaHooks | null = null;
let recorder: Recorder;
let initialised = false;

function install(): void {
    let jvm: Jvm | null = null;
    if (Java.available) {
        Java.performNow(() => {
            jvm = new Jvm(Java.vm.getEnv());
            recorder = new Recorder(outbox, { process: "", rawValues: false }, jvm);
            javaHooks = new JavaHooks(recorder, sendReport);
            javaHooks.installAll(javaEntries);
        });
    } else {
        recorder = new Recorder(outbox, { process: "", rawValues: false }, null);
    }
    installNative(nativeEntries, recorder, nativeReport);
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

function sendReport(): void {
    if (!initialised) {
        return; // init() sends the first one, once the process name is known
    }
    send({ type: "hook_report", schema: SCHEMA, pid: Process.id, process: recorder.options.process, ...hookReport() });
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

rpc.exports = {
    init(options: InitOptions): HookReport {
        recorder.options.process = options.process ?? recorder.options.process;
        recorder.options.rawValues = options.raw_values ?? false;
        outbox.options = {
            batchSize: Math.max(1, options.batch_size ?? 200),
            flushMs: Math.max(1, options.flush_ms ?? 50),
        };
        initialised = true;
        sendReport();
        return hookReport();
    },
    mark(name: string): { seq: number; ts: number } {
        const seq = outbox.nextSeq();
        const ts = Date.now();
        outbox.pushMarker({ type: "marker", seq, ts, pid: Process.id, process: recorder.options.process, name });
        return { seq, ts };
    },
    flush(): void {
        outbox.flush();
    },
    hookReport(): HookReport {
        return hookReport();
    },
    stats(): OutboxStats {
        return outbox.stats();
    },
    dispose(): void {
        outbox.flush();
    },
};
