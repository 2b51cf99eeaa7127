// load_parts.ts without bridgesymbols.ts: frida-java-bridge finds its HotSpot symbols itself,
// enumerating every export and symbol of libjvm (the "before" of docs/speed.md's pairs).
import "./clock.js";
import "./symtimer.js";
import { measure } from "./load_body.js";

measure("bridge", {});
