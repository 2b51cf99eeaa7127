// The hooked-API catalogue, compiled in from hooks/catalog.yaml (validated and normalised by
// harness/catalog.py into src/generated/catalog.json). Keep these types in step with the pydantic
// model: tests/agent/test_catalog.py compares them.
import raw from "./generated/catalog.json";
import type { Channel } from "./wire.js";

export type Category =
    | "device_id" | "imsi" | "iccid" | "phone_number" | "android_id" | "serial"
    | "mac_address" | "wifi_info" | "bluetooth" | "location" | "cell_location" | "contacts"
    | "call_log" | "sms" | "calendar" | "installed_apps" | "running_apps" | "clipboard"
    | "accounts" | "sensors" | "camera" | "microphone" | "operator_info" | "advertising_id"
    | "runtime_permission" | "app_start";

export interface ApiLevels {
    min: number | null;
    max: number | null;
}

export interface When {
    arg: number;
    match: "uri_authority" | "path" | "equals";
    table: Record<string, Category | null>;
}

/** What an instrumentation probe looked at (harness.model.ProbeTarget). */
export type ProbeTarget = "memory_maps" | "thread_names" | "tracer" | "frida_server_file" | "frida_port";

/** A probe entry's test (harness.catalog.ProbeMatch); arg -1 is the object called. */
export interface ProbeMatch {
    arg: number;
    match: "path" | "port";
    table: Record<string, ProbeTarget>;
}

/** How the agent reads a transmission (harness.catalog.NetworkHandler). */
export type NetworkHandler =
    | "url_connection" | "okhttp_exchange" | "okhttp_enqueue" | "stream_write" | "dns" | "webview"
    | "datagram" | "native_ssl_write" | "native_socket";

/** Where one platform implements a network entry (harness.catalog.NetworkImpl). */
export interface NetworkImpl {
    platform: "any" | "android" | "hotspot";
    class: string;
    methods: string[];
    overloads: "all" | string[][];
    side: "framework" | "app";
    fields: Record<string, string>;
}

export interface CatalogEntry {
    id: string;
    kind: "java" | "native" | "network" | "probe";
    class: string;
    method: string;
    symbols: string[];
    overloads: "all" | string[][];
    category: Category | null;
    description_en: string;
    description_zh: string;
    api_levels: ApiLevels;
    side: "framework" | "app";
    when: When | null;
    plain_args: number[];
    probe_arg: number | null; // read by the controller's rules only (own-package look-ups)
    channel: Channel | null;
    handler: NetworkHandler | null;
    implementations: NetworkImpl[];
    probe: ProbeMatch | null;
}

export interface Catalog {
    schema: number;
    entries: CatalogEntry[];
}

export const catalog = raw as unknown as Catalog;
