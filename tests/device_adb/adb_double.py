"""A test double of the adb server: a TCP server on 127.0.0.1 speaking adb's host protocol
(host:version, host:devices-l, host:tport:serial, host-serial:*:forward/features, shell:,
shell,v2:, sync: STAT/SEND/RECV, root:) in front of scripted device states.

adbutils talks to it exactly as to a real adb server; each FakeDevice answers shell commands
with outputs in the formats real devices print (see samples.py) and keeps the state those
commands change (installed packages, processes, files, frida-server).
"""

from __future__ import annotations

import re
import shlex
import socket
import socketserver
import struct
import threading
from dataclasses import dataclass, field

from . import samples

FRIDA_MARK = re.compile(rb"FRIDA_SERVER_VERSION=([0-9][\w.\-]*)")
APK_MARK = re.compile(rb"PACKAGE=([\w.]+);VERSION=([\w.\-]+);CODE=(\d+);PERMS=([\w.,]*)")


@dataclass
class FakePackage:
    package: str
    version_name: str = "1.0"
    version_code: int = 1
    permissions: tuple[str, ...] = ()
    launcher: bool = True
    path: str = ""
    granted: dict[str, bool] = field(default_factory=dict)


RUNTIME_PERMISSIONS = {
    "android.permission.ACCESS_FINE_LOCATION",
    "android.permission.ACCESS_COARSE_LOCATION",
    "android.permission.READ_PHONE_STATE",
    "android.permission.CAMERA",
    "android.permission.READ_CONTACTS",
    "android.permission.POST_NOTIFICATIONS",
    "android.permission.RECORD_AUDIO",
}


@dataclass
class FakeDevice:
    serial: str
    profile: str = "android13"  # which samples to answer with
    state: str = "device"  # device | offline | unauthorized
    root: str = "none"  # adbd (adb root allowed) | su-c (Magisk) | su-0 (AOSP su) | none
    uid: int = 2000
    selinux: str = "Enforcing"
    features: str = "shell_v2,cmd,stat_v2,ls_v2,fixed_push_mkdir,apex,abb,abb_exec"
    packages: dict[str, FakePackage] = field(default_factory=dict)
    processes: list[tuple[int, str]] = field(
        default_factory=lambda: [
            (1, "init"),
            (2, "[kthreadd]"),
            (612, "zygote64"),
            (1094, "system_server"),
            (2210, "com.android.systemui"),
        ]
    )
    files: dict[str, bytes] = field(default_factory=dict)
    modes: dict[str, int] = field(default_factory=dict)
    listening: set[tuple[str, int]] = field(default_factory=set)
    foreground: str | None = None  # package of the resumed activity
    foreground_profile: str | None = None  # dumpsys format (default: profile)
    install_failure: str | None = None  # next pm install answers Failure [this]
    frida_dies_on_start: bool = False
    offline_after: int | None = None  # shell commands left before the device drops
    ui_dump_failures: int = 0  # uiautomator dumps that fail with "null root node" first
    commands: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    _next_pid: int = 4000
    _sessions: dict[int, list[bytes]] = field(default_factory=dict)

    # --- helpers for tests ---
    def add_package(self, pkg: FakePackage) -> None:
        pkg.path = pkg.path or f"/data/app/~~r{len(self.commands)}==/{pkg.package}-a1==/base.apk"
        self.packages[pkg.package] = pkg

    def spawn(self, name: str) -> int:
        self._next_pid += 1
        self.processes.append((self._next_pid, name))
        return self._next_pid

    # --- shell ---
    def run(self, line: str) -> tuple[bytes, bytes, int]:
        self.commands.append(line)
        if " && " in line:
            first, _, rest = line.partition(" && ")
            out, err, code = self.run(first)
            if code != 0:
                return out, err, code
            out2, err2, code2 = self.run(rest)
            return out + out2, err + err2, code2
        if " | grep -E " in line:
            left, _, pattern = line.partition(" | grep -E ")
            out, err, code = self.run(left)
            pat = re.compile(shlex.split(pattern)[0])
            kept = [ln for ln in out.decode().splitlines(True) if pat.search(ln)]
            return "".join(kept).encode(), err, 0 if kept else 1
        argv = shlex.split(line)
        discard = False
        if argv and argv[-1] == ">/dev/null":
            argv, discard = argv[:-1], True
        out, err, code = self._dispatch(argv, self.uid)
        return (b"" if discard else out), err, code

    def _dispatch(self, argv: list[str], uid: int) -> tuple[bytes, bytes, int]:
        if not argv:
            return b"", b"", 0
        cmd, args = argv[0], argv[1:]
        if cmd == "su":
            return self._su(args)
        if cmd == "sh" and args[:1] == ["-c"]:
            return self._dispatch(shlex.split(args[1]), uid)
        handler = getattr(self, "_cmd_" + cmd.replace("-", "_"), None)
        if cmd.startswith("/"):
            return self._exec_path(cmd, args, uid)
        if handler is None:
            return b"", f"/system/bin/sh: {cmd}: inaccessible or not found\n".encode(), 127
        return handler(args, uid)

    def _su(self, args: list[str]) -> tuple[bytes, bytes, int]:
        if self.root in ("none", "adbd"):
            return b"", b"/system/bin/sh: su: inaccessible or not found\n", 127
        if self.root == "su-denied":
            return b"", b"Permission denied\n", 1
        if args[:1] == ["-c"]:
            if self.root != "su-c":
                return b"", b"su: invalid uid/gid '-c'\n", 1
            return self._dispatch(shlex.split(args[1]), 0)
        if args[:1] == ["0"]:
            if self.root != "su-0":  # Magisk reads `0` as a user name it does not know
                return b"", b"su: unknown user 0\n", 1  # pragma: no cover - not reached
            return self._dispatch(args[1:], 0)
        return b"", b"usage: su [WHO [COMMAND...]]\n", 1

    def _cmd_true(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        return b"", b"", 0

    def _cmd_id(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        return ((samples.ID_ROOT if uid == 0 else samples.ID_SHELL) + "\n").encode(), b"", 0

    def _cmd_getprop(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        text = samples.GETPROP[self.profile]
        if args:
            m = re.search(r"^\[" + re.escape(args[0]) + r"\]: \[(.*)\]$", text, re.MULTILINE)
            return ((m.group(1) if m else "") + "\n").encode(), b"", 0
        return text.encode(), b"", 0

    def _cmd_getenforce(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        return (self.selinux + "\n").encode(), b"", 0

    def _cmd_pm(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        sub, rest = args[0], args[1:]
        if sub == "list" and rest[:1] == ["packages"]:
            if "-f" in rest:
                lines = [f"package:{p.path}={p.package}" for p in self.packages.values()]
            else:
                lines = [f"package:{p}" for p in self.packages]
            return ("\n".join(lines) + "\n").encode(), b"", 0
        if sub == "install":
            return self._install([self.files.get(rest[-1], b"")])
        if sub == "install-create":
            sid = 1_000_000 + len(self._sessions) + 1
            self._sessions[sid] = []
            return f"Success: created install session [{sid}]\n".encode(), b"", 0
        if sub == "install-write":
            sid = int(rest[2])
            self._sessions[sid].append(self.files.get(rest[4], b""))
            return f"Success: streamed {rest[1]} bytes\n".encode(), b"", 0
        if sub == "install-commit":
            return self._install(self._sessions.pop(int(rest[0])))
        if sub == "install-abandon":
            self._sessions.pop(int(rest[0]), None)
            return b"Success\n", b"", 0
        if sub == "uninstall":
            if self.packages.pop(rest[0], None) is None:
                msg = (
                    "Failure [DELETE_FAILED_INTERNAL_ERROR]\n"
                    if self.profile == "android10"
                    else "Failure [not installed for 0]\n"
                )
                return msg.encode(), b"", 1
            return b"Success\n", b"", 0
        if sub == "clear":
            return (b"Success\n", b"", 0) if rest[0] in self.packages else (b"Failed\n", b"", 1)
        if sub in ("grant", "revoke"):
            return self._grant(sub, rest[0], rest[1])
        return b"", f"Unknown command: {sub}\n".encode(), 255

    def _install(self, apks: list[bytes]) -> tuple[bytes, bytes, int]:
        if self.install_failure:
            code, self.install_failure = self.install_failure, None
            detail = {
                "INSTALL_FAILED_NO_MATCHING_ABIS": ": Failed to extract native libraries, res=-113",
                "INSTALL_FAILED_INSUFFICIENT_STORAGE": "",
            }.get(code, "")
            if self.profile == "android10":
                detail = ""
            return f"Failure [{code}{detail}]\n".encode(), b"", 1
        base = next((APK_MARK.search(a) for a in apks if APK_MARK.search(a)), None)
        real = None if base is not None else next(filter(None, map(_badging, apks)), None)
        if real is not None:
            self.add_package(real)
            return b"Success\n", b"", 0
        if base is None:
            return (
                b"",
                b"Failure [INSTALL_PARSE_FAILED_NOT_APK: Failed to parse "
                b"/data/app/vmdl1.tmp/base.apk: Failed to load asset path]\n",
                1,
            )
        name = base.group(1).decode()
        self.add_package(
            FakePackage(
                name,
                base.group(2).decode(),
                int(base.group(3)),
                tuple(p for p in base.group(4).decode().split(",") if p),
            )
        )
        return b"Success\n", b"", 0

    def _grant(self, verb: str, package: str, perm: str) -> tuple[bytes, bytes, int]:
        pkg = self.packages.get(package)
        if pkg is None:
            return (
                b"",
                f"Exception occurred while executing '{verb}':\njava.lang."
                f"IllegalArgumentException: Unknown package: {package}\n".encode(),
                255,
            )
        if perm not in RUNTIME_PERMISSIONS:
            if self.profile == "android10":
                msg = (
                    f"Security exception: Permission {perm} is not a changeable permission "
                    f"type\n\njava.lang.SecurityException: Permission {perm} is not a "
                    "changeable permission type\n\tat com.android.server.pm.permission."
                    "PermissionManagerService.grantRuntimePermission(PermissionManagerService"
                    ".java:1514)\n"
                )
            else:
                msg = (
                    f"Exception occurred while executing '{verb}':\njava.lang.SecurityException"
                    f": Permission {perm} requested by {package} is not a changeable "
                    "permission type\n\tat com.android.server.pm.permission."
                    "PermissionManagerServiceImpl.grantRuntimePermissionInternal("
                    "PermissionManagerServiceImpl.java:1384)\n"
                )
            return b"", msg.encode(), 255
        pkg.granted[perm] = verb == "grant"
        return b"", b"", 0

    def _cmd_dumpsys(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        fg_profile = self.foreground_profile or self.profile
        if args[:1] == ["package"]:
            family = "android10" if self.profile == "android10" else "android13"
            pkg = self.packages.get(args[1])
            if pkg is None:
                return (
                    samples.DUMPSYS_PACKAGE_UNKNOWN[family].format(package=args[1]).encode(),
                    b"",
                    0,
                )
            requested = "\n".join(
                f"      {p}"
                + (
                    ": restricted=true"
                    if p.endswith("READ_PHONE_STATE") and family == "android13"
                    else ""
                )
                for p in pkg.permissions
            )
            runtime = "\n".join(
                f"        {p}: granted={'true' if pkg.granted.get(p) else 'false'}, "
                "flags=[ USER_SENSITIVE_WHEN_GRANTED|USER_SENSITIVE_WHEN_DENIED]"
                for p in pkg.permissions
                if p in RUNTIME_PERMISSIONS
            )
            text = samples.DUMPSYS_PACKAGE[family].format(
                package=pkg.package,
                version_name=pkg.version_name,
                version_code=pkg.version_code,
                requested=requested,
                runtime=runtime,
            )
            if not pkg.launcher:
                text = text.replace(
                    'Category: "android.intent.category.LAUNCHER"',
                    'Category: "android.intent.category.DEFAULT"',
                )
            return text.encode(), b"", 0
        if args[:2] == ["activity", "activities"]:
            text = (
                samples.DUMPSYS_ACTIVITY_RESUMED.get(fg_profile, "").format(package=self.foreground)
                if self.foreground
                else ""
            )
            filler = "  Display #0 (activities from top to bottom):\n    * Task{...}\n"
            return (filler + text).encode(), b"", 0
        if args[:1] == ["window"]:
            text = (
                samples.DUMPSYS_WINDOW_FOCUS.get(fg_profile, "").format(package=self.foreground)
                if self.foreground
                else "  mCurrentFocus=null\n  mFocusedApp=null\n"
            )
            return ("WINDOW MANAGER WINDOWS (dumpsys window windows)\n" + text).encode(), b"", 0
        return b"", b"", 0

    def _cmd_cmd(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        if args[:2] == ["package", "resolve-activity"]:
            pkg = self.packages.get(args[-1])
            if pkg is None or not pkg.launcher:
                return b"No activity found\n", b"", 0
            return (
                (
                    f"priority=0 preferredOrder=0 match=0x108000 specificIndex=-1 "
                    f"isDefault=false\n{pkg.package}/.ui.SplashActivity\n"
                ).encode(),
                b"",
                0,
            )
        return b"", b"", 0

    def _cmd_am(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        if args[:1] == ["force-stop"]:
            pkg = args[1]
            self.processes = [
                (p, n) for p, n in self.processes if not (n == pkg or n.startswith(pkg + ":"))
            ]
        return b"", b"", 0

    def _cmd_ps(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        lines = ["  PID NAME"] + [f"{pid:>5} {name}" for pid, name in self.processes]
        return ("\n".join(lines) + "\n").encode(), b"", 0

    def _cmd_uiautomator(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        if self.ui_dump_failures > 0:
            self.ui_dump_failures -= 1
            return b"ERROR: null root node returned by UiTestAutomationBridge.\n", b"", 0
        path = args[1]
        self.files[path] = samples.UI_DUMP.format(package=self.foreground or "").encode()
        return f"UI hierchary dumped to: {path}\n".encode(), b"", 0

    def _cmd_cat(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        out = b""
        for path in args:
            if path.startswith("/proc/net/tcp"):
                out += self._proc_net_tcp(path.endswith("6")).encode()
            elif path in self.files:
                out += self.files[path]
            else:
                return out, f"cat: {path}: No such file or directory\n".encode(), 1
        return out, b"", 0

    def _proc_net_tcp(self, v6: bool) -> str:
        rows = []
        for i, (host, port) in enumerate(sorted(self.listening)):
            if v6 or host == "::":
                if not (v6 and host == "::"):
                    continue
                addr = "0" * 32
            else:
                addr = "".join(f"{int(b):02X}" for b in reversed(host.split(".")))
            rows.append(
                f"{i:>4}: {addr}:{port:04X} {'0' * (len(addr))}:0000 0A 00000000:00000000 "
                "00:00000000 00000000     0        0 51234 1 0000000000000000 100 0 0 10 0"
            )
        # one established connection that must not count as listening
        if not v6:
            rows.append(
                f"{len(rows):>4}: 0100007F:8E3A 0100007F:{27042:04X} 01 00000000:00000000 "
                "00:00000000 00000000  2000        0 61234 1 0000000000000000 20 4 30 "
                "10 -1"
            )
        return samples.PROC_NET_TCP_HEADER + "\n".join(rows) + "\n"

    def _cmd_input(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        self.inputs.append(" ".join(args))
        return b"", b"", 0

    def _cmd_screencap(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        return samples.PNG_1PX, b"", 0

    def _cmd_logcat(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        pid_arg = next((a for a in args if a.startswith("--pid=")), None)
        if pid_arg is None:
            return b"", b"", 0
        pid = int(pid_arg.split("=")[1])
        lines = [
            samples.LOGCAT_LINE.format(
                sec=i, ms=i * 7, pid=pid, tag="ActivityThread", msg=f"line {i} of pid {pid}"
            )
            for i in range(3)
        ]
        return "".join(lines).encode(), b"", 0

    def _cmd_rm(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        for path in args:
            if not path.startswith("-"):
                self.files.pop(path, None)
        return b"", b"", 0

    def _cmd_chmod(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        if args[1] not in self.files:
            return b"", f"chmod: {args[1]}: No such file or directory\n".encode(), 1
        self.modes[args[1]] = int(args[0], 8)
        return b"", b"", 0

    def _cmd_kill(self, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        pids = {int(a) for a in args if a.isdigit()}
        if uid != 0:
            return b"", b"/system/bin/sh: kill: Operation not permitted\n", 1
        names = {n for p, n in self.processes if p in pids}
        self.processes = [(p, n) for p, n in self.processes if p not in pids]
        if "frida-server" in names:
            self.listening.clear()
        return b"", b"", 0

    def _exec_path(self, path: str, args: list[str], uid: int) -> tuple[bytes, bytes, int]:
        if path not in self.files:
            return b"", f"/system/bin/sh: {path}: not found\n".encode(), 127
        if self.modes.get(path, 0o644) & 0o111 == 0:
            return b"", f"/system/bin/sh: {path}: can't execute: Permission denied\n".encode(), 126
        m = FRIDA_MARK.search(self.files[path])
        if m is None:
            return b"", f"/system/bin/sh: {path}: not executable: 64-bit ELF file\n".encode(), 126
        if args == ["--version"]:
            return m.group(1) + b"\n", b"", 0
        if "-D" in args:
            if uid != 0:
                return (
                    b"",
                    (
                        b"Unable to load SELinux policy from the kernel: Failed to open "
                        b"file \xe2\x80\x9c/sys/fs/selinux/policy\xe2\x80\x9d: Permission "
                        b"denied\n"
                    ),
                    1,
                )
            if self.frida_dies_on_start:
                return b"", b"", 0  # daemonised, then the child crashes: nothing listens
            pid = self.spawn(path.rsplit("/", 1)[-1])
            # what `cat /proc/<pid>/cmdline` shows: the argv, NUL-separated (with any --token)
            self.files[f"/proc/{pid}/cmdline"] = "\0".join([path, *args, ""]).encode()
            listen = args[args.index("-l") + 1] if "-l" in args else "127.0.0.1:27042"
            host, _, port = listen.rpartition(":")
            self.listening.add((host, int(port)))
            return b"", b"", 0
        return b"", b"", 0


class AdbServerDouble:
    """The server; `devices` may be changed by tests at any time (state flips, new devices)."""

    def __init__(self, devices: list[FakeDevice], version: int = 41) -> None:
        self.devices = {d.serial: d for d in devices}
        self.version = version
        self.forwards: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()
        double = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                try:
                    _Session(double, self.request).serve()
                except (ConnectionError, OSError, _Closed):
                    pass

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> AdbServerDouble:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Closed(Exception):
    pass


class _Session:
    def __init__(self, double: AdbServerDouble, sock: socket.socket) -> None:
        self.d = double
        self.sock = sock

    def recv_exact(self, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise _Closed
            buf += chunk
        return buf

    def request(self) -> str:
        size = int(self.recv_exact(4), 16)
        return self.recv_exact(size).decode()

    def okay(self, payload: bytes = b"") -> None:
        self.sock.sendall(b"OKAY" + payload)

    def fail(self, message: str) -> None:
        data = message.encode()
        self.sock.sendall(b"FAIL" + f"{len(data):04x}".encode() + data)

    @staticmethod
    def block(text: str) -> bytes:
        data = text.encode()
        return f"{len(data):04x}".encode() + data

    def serve(self) -> None:
        req = self.request()
        if req == "host:version":
            return self.okay(self.block(f"{self.d.version:04x}"))
        if req in ("host:devices", "host:devices-l"):
            return self.okay(self.block(self._device_list(req.endswith("-l"))))
        if req.startswith("host:tport:serial:"):
            dev = self._transport(req[len("host:tport:serial:") :])
            if dev is None:
                return
            self.okay(struct.pack("<Q", 1))
            return self.service(dev)
        if req.startswith("host:transport:"):
            dev = self._transport(req[len("host:transport:") :])
            if dev is None:
                return
            self.okay()
            return self.service(dev)
        if req.startswith("host-serial:"):
            return self._host_serial(req[len("host-serial:") :])
        return self.fail(f"unknown host service {req}")

    def _device_list(self, extended: bool) -> str:
        lines = []
        for i, dev in enumerate(self.d.devices.values(), 1):
            if extended and dev.state == "device":
                lines.append(
                    f"{dev.serial:<22} device product:sdk model:{dev.profile} "
                    f"device:generic transport_id:{i}"
                )
            elif extended:
                lines.append(f"{dev.serial:<22} {dev.state} transport_id:{i}")
            else:
                lines.append(f"{dev.serial}\t{dev.state}")
        return "".join(line + "\n" for line in lines)

    def _transport(self, serial: str) -> FakeDevice | None:
        dev = self.d.devices.get(serial)
        if dev is None:
            self.fail(f"device '{serial}' not found")
            return None
        if dev.state == "offline":
            self.fail("device offline")
            return None
        if dev.state == "unauthorized":
            self.fail(
                "device unauthorized.\nThis adb server's $ADB_VENDOR_KEYS is not set\n"
                "Try 'adb kill-server' if that seems wrong.\n"
                "Otherwise check for a confirmation dialog on your device."
            )
            return None
        return dev

    def _host_serial(self, rest: str) -> None:
        serial = next((s for s in self.d.devices if rest.startswith(s + ":")), None)
        if serial is None:
            return self.fail(f"device '{rest.split(':')[0]}' not found")
        dev = self._transport(serial)
        if dev is None:
            return None
        cmd = rest[len(serial) + 1 :]
        if cmd == "features":
            return self.okay(self.block(dev.features))
        if cmd == "get-state":
            return self.okay(self.block(dev.state))
        if cmd.startswith("forward:"):
            spec = cmd[len("forward:") :].removeprefix("norebind:")
            local, remote = spec.split(";")
            with self.d.lock:
                self.d.forwards = [f for f in self.d.forwards if f[1] != local]
                self.d.forwards.append((serial, local, remote))
            return self.okay(b"OKAY")
        if cmd == "list-forward":
            text = "".join(f"{s} {lo} {re_}\n" for s, lo, re_ in self.d.forwards if s == serial)
            return self.okay(self.block(text))
        if cmd.startswith("killforward:"):
            local = cmd[len("killforward:") :]
            with self.d.lock:
                before = len(self.d.forwards)
                self.d.forwards = [f for f in self.d.forwards if f[1] != local]
                if len(self.d.forwards) == before:
                    return self.fail(f"listener '{local}' not found")
            return self.okay(b"OKAY")
        return self.fail(f"unsupported {cmd}")

    def service(self, dev: FakeDevice) -> None:
        req = self.request()
        if req.startswith("shell,v2:") or req.startswith("shell:"):
            v2 = req.startswith("shell,v2:")
            command = req.split(":", 1)[1]
            v1_exit = command.endswith("; echo X4EXIT:$?")
            if v1_exit:
                command = command[: -len("; echo X4EXIT:$?")]
            if dev.offline_after is not None:
                if dev.offline_after <= 0:
                    dev.state = "offline"
                    self.okay()
                    return None  # the link drops mid-command: no output, no exit status
                dev.offline_after -= 1
            out, err, code = dev.run(command)
            self.okay()
            if v2:
                packets = b""
                if out:
                    packets += b"\x01" + struct.pack("<I", len(out)) + out
                if err:
                    packets += b"\x02" + struct.pack("<I", len(err)) + err
                packets += b"\x03" + struct.pack("<I", 1) + bytes([code & 0xFF])
                self.sock.sendall(packets)
            else:
                self.sock.sendall(out + err + (f"X4EXIT:{code}".encode() if v1_exit else b""))
            return None
        if req == "sync:":
            self.okay()
            return self._sync(dev)
        if req == "root:":
            self.okay()
            if dev.root != "adbd":
                self.sock.sendall(b"adbd cannot run as root in production builds\n")
            elif dev.uid == 0:
                self.sock.sendall(b"adbd is already running as root\n")
            else:
                dev.uid = 0
                self.sock.sendall(b"restarting adbd as root\n")
            return None
        return self.fail(f"unsupported service {req}")

    def _sync(self, dev: FakeDevice) -> None:
        while True:
            try:
                head = self.recv_exact(8)
            except _Closed:
                return
            cmd, size = head[:4].decode(), struct.unpack("<I", head[4:])[0]
            path = self.recv_exact(size).decode()
            if cmd == "STAT":
                if path in dev.files:
                    mode = 0o100000 | dev.modes.get(path, 0o644)
                    self.sock.sendall(
                        b"STAT" + struct.pack("<III", mode, len(dev.files[path]), 1714650000)
                    )
                elif path in ("/data/local/tmp", "/sdcard"):
                    self.sock.sendall(b"STAT" + struct.pack("<III", 0o40771, 4096, 1714650000))
                else:
                    self.sock.sendall(b"STAT" + struct.pack("<III", 0, 0, 0))
            elif cmd == "SEND":
                remote, _, mode = path.rpartition(",")
                data = b""
                while True:
                    kind = self.recv_exact(4)
                    n = struct.unpack("<I", self.recv_exact(4))[0]
                    if kind == b"DONE":
                        break
                    data += self.recv_exact(n)
                dev.files[remote] = data
                dev.modes[remote] = int(mode) & 0o777
                self.sock.sendall(b"OKAY" + struct.pack("<I", 0))
            elif cmd == "RECV":
                if path not in dev.files:
                    msg = b"No such file or directory"
                    self.sock.sendall(b"FAIL" + struct.pack("<I", len(msg)) + msg)
                else:
                    data = dev.files[path]
                    self.sock.sendall(
                        b"DATA"
                        + struct.pack("<I", len(data))
                        + data
                        + b"DONE"
                        + struct.pack("<I", 0)
                    )
            else:
                return


def _badging(apk: bytes) -> FakePackage | None:
    """A real APK read as the package manager would, by `aapt dump badging` (an independent
    parser: the harness reads APKs with androguard); None when it is not one or aapt is absent."""
    import shutil
    import subprocess
    import tempfile

    if not apk.startswith(b"PK") or not shutil.which("aapt"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".apk") as fh:
        fh.write(apk)
        fh.flush()
        out = subprocess.run(["aapt", "dump", "badging", fh.name], capture_output=True, text=True)
    found = re.search(
        r"package: name='([^']+)' versionCode='(\d+)' versionName='([^']*)'", out.stdout
    )
    if out.returncode != 0 or found is None:
        return None
    perms = tuple(re.findall(r"uses-permission: name='([^']+)'", out.stdout))
    return FakePackage(found.group(1), found.group(3), int(found.group(2)), perms)
