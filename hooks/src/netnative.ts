// Native network hooks (issue #11): plaintext given to OpenSSL/BoringSSL's SSL_write, and bytes
// native code sends on sockets (connect, send, sendto, write), for NDK, Cronet and Flutter apps.
//
// What Java's own stack does is seen by the Java hooks already (with the stack that names the
// sender): a call whose caller is the JDK's or Android's networking or TLS library, or that runs
// inside a Java hook, is skipped. `write` is a hot function: it is looked at only for descriptors
// a hooked native connect() connected.
import type { CatalogEntry } from "./catalog.js";
import { isQuiet } from "./guard.js";
import { MAX_PAYLOAD, isLoopbackHost } from "./nethooks.js";
import type { Recorder } from "./recorder.js";
import type { HookReport } from "./wire.js";

// Libraries through which Java code reaches the network (HotSpot; Android's libcore/Conscrypt).
const JAVA_NETWORK_LIBRARIES = [
    "libnio.so", "libnet.so", "libjava.so", "libjvm.so",
    "libjavacore.so", "libopenjdk.so", "libjavacrypto.so", "libconscrypt_jni.so", "libart.so",
];
const MAX_SOCKETS = 4096;

interface Peer {
    ip: string;
    port: number;
}

const sockets = new Map<number, Peer>(); // descriptors native code connected -> peer
const fromJava = new Map<string, boolean>(); // module path -> one of JAVA_NETWORK_LIBRARIES

function calledFromJava(returnAddress: NativePointer): boolean {
    const module = Process.findModuleByAddress(returnAddress);
    if (module === null) {
        return false;
    }
    let java = fromJava.get(module.path);
    if (java === undefined) {
        java = JAVA_NETWORK_LIBRARIES.includes(module.name);
        fromJava.set(module.path, java);
    }
    return java;
}

/** An IPv4/IPv6 sockaddr as address and port; null for other families. */
export function readSockaddr(address: NativePointer): Peer | null {
    if (address.isNull()) {
        return null;
    }
    const family = address.readU16();
    const port = (address.add(2).readU8() << 8) | address.add(3).readU8();
    if (family === 2) {
        const b = new Uint8Array(address.add(4).readByteArray(4) as ArrayBuffer);
        return { ip: Array.from(b).join("."), port };
    }
    if (family === 10) {
        const b = new Uint8Array(address.add(8).readByteArray(16) as ArrayBuffer);
        const groups: string[] = [];
        for (let i = 0; i < 16; i += 2) {
            groups.push(((b[i] << 8) | b[i + 1]).toString(16));
        }
        return { ip: groups.join(":"), port };
    }
    return null;
}

interface Natives {
    getpeername: NativeFunction<number, [number, NativePointer, NativePointer]> | null;
    sslGetFd: NativeFunction<number, [NativePointer]> | null;
    sslServername: NativeFunction<NativePointer, [NativePointer, number]> | null;
}

function natives(): Natives {
    const find = (name: string): NativePointer | null => Module.findGlobalExportByName(name);
    const getpeername = find("getpeername");
    const getFd = find("SSL_get_fd");
    const servername = find("SSL_get_servername");
    return {
        getpeername: getpeername === null ? null : new NativeFunction(getpeername, "int", ["int", "pointer", "pointer"]),
        sslGetFd: getFd === null ? null : new NativeFunction(getFd, "int", ["pointer"]),
        sslServername: servername === null ? null : new NativeFunction(servername, "pointer", ["pointer", "int"]),
    };
}

function peerOf(fd: number, natives: Natives): Peer | null {
    if (natives.getpeername === null) {
        return null;
    }
    const storage = Memory.alloc(128);
    const length = Memory.alloc(4);
    length.writeU32(128);
    return natives.getpeername(fd, storage, length) === 0 ? readSockaddr(storage) : null;
}

export function installNativeNet(entries: CatalogEntry[], recorder: Recorder, report: HookReport): void {
    const found = natives();
    for (const entry of entries) {
        if (entry.handler !== "native_ssl_write" && entry.handler !== "native_socket") {
            continue;
        }
        for (const impl of entry.implementations) {
            for (const symbol of impl.methods) {
                const id = `${entry.id}:${impl.class}!${symbol}`;
                const address = Module.findGlobalExportByName(symbol);
                if (address === null) {
                    report.missing.push({ id, reason: `no symbol ${symbol} in this process (${impl.class} not loaded)` });
                    continue;
                }
                try {
                    attach(entry, impl.class, symbol, address, recorder, found);
                    report.hooked.push(id);
                } catch (e) {
                    report.failed.push({ id, reason: String((e as Error).message ?? e) });
                }
            }
        }
    }
}

interface Pending {
    fd: number;
    peer: Peer | null;
}

interface State {
    harnessConnect?: Pending;
}

function attach(
    entry: CatalogEntry, module: string, symbol: string, address: NativePointer, recorder: Recorder,
    natives: Natives,
): void {
    const hooked = { class: module, method: symbol };
    const send = (context: CpuContext, threadId: number, peer: Peer | null, host: string, buf: NativePointer | null, count: number): void => {
        const kept = buf === null || count <= 0 ? null : (buf.readByteArray(Math.min(count, MAX_PAYLOAD)) as ArrayBuffer);
        recorder.nativeSend({
            hooked, hookId: entry.id, channel: entry.channel ?? "native_socket",
            host, ip: peer?.ip ?? "", port: peer?.port ?? null,
            scheme: entry.handler === "native_ssl_write" ? "tls" : "tcp",
            method: "", url: "", headers: [], bytes: Math.max(count, 0), body: kept, stack: null,
        }, context, threadId);
    };
    const skip = (threadId: number, returnAddress: NativePointer): boolean =>
        isQuiet(threadId) || calledFromJava(returnAddress);
    switch (symbol) {
        case "SSL_write":
            Interceptor.attach(address, {
                onEnter(args) {
                    if (skip(this.threadId, this.returnAddress)) {
                        return;
                    }
                    const ssl = args[0];
                    const fd = natives.sslGetFd === null ? -1 : natives.sslGetFd(ssl);
                    const name = natives.sslServername === null ? NULL : natives.sslServername(ssl, 0);
                    const peer = fd >= 0 ? peerOf(fd, natives) : null;
                    send(this.context, this.threadId, peer, name.isNull() ? "" : (name.readCString() ?? ""), args[1], args[2].toInt32());
                },
            });
            return;
        case "connect":
            Interceptor.attach(address, {
                onEnter(args) {
                    if (skip(this.threadId, this.returnAddress)) {
                        return;
                    }
                    (this as State).harnessConnect = { fd: args[0].toInt32(), peer: readSockaddr(args[1]) };
                },
                onLeave(retval) {
                    const pending = (this as State).harnessConnect;
                    if (pending === undefined || pending.peer === null || isLoopbackHost(pending.peer.ip)) {
                        return;
                    }
                    const result = retval.toInt32();
                    // A non-blocking connect returns -1 (EINPROGRESS) and goes on: keep the fd.
                    if (sockets.size < MAX_SOCKETS) {
                        sockets.set(pending.fd, pending.peer);
                    }
                    if (result === 0 || result === -1) {
                        send(this.context, this.threadId, pending.peer, "", null, 0);
                    }
                },
            });
            return;
        case "send":
        case "sendto":
        case "write":
            Interceptor.attach(address, {
                onEnter(args) {
                    const fd = args[0].toInt32();
                    let peer: Peer | null = null;
                    if (sockets.has(fd)) {
                        // Still the socket native code connected? (fds are reused after close)
                        peer = peerOf(fd, natives);
                        if (peer === null) {
                            sockets.delete(fd);
                        }
                    } else if (symbol === "sendto") {
                        peer = readSockaddr(args[4]); // a datagram to an explicit address
                    }
                    if (peer === null || isLoopbackHost(peer.ip) || skip(this.threadId, this.returnAddress)) {
                        return;
                    }
                    send(this.context, this.threadId, peer, "", args[1], args[2].toInt32());
                },
            });
            return;
        default:
            throw new Error(`no native network handler for ${symbol}`);
    }
}
