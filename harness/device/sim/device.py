"""SimDevice: the simulated Android device, driven like a phone (see docs/sim-device.md)."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future
from concurrent.futures import wait as wait_all
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psutil

from harness.atomic import write_atomic
from harness.device.base import (
    Capture,
    DeviceInfo,
    InstalledApp,
    Key,
    ProcessInfo,
    SpawnHandler,
)
from harness.device.sim import control, sandbox
from harness.device.sim.build import build_framework, cached_tree_hash, compile_app
from harness.device.sim.cds import archive_flags
from harness.device.sim.control import Conversation
from harness.device.sim.fonts import screenshot_font
from harness.device.sim.gate import SimGate
from harness.device.sim.identity import FINGERPRINT, IDENTIFIERS
from harness.device.sim.lease import DeviceLease
from harness.device.sim.libs import resolve_libs
from harness.device.sim.manifest import parse_manifest
from harness.device.sim.netsink import NetworkSink
from harness.device.sim.packages import PackageRecord
from harness.device.sim.procs import (
    MAIN_CLASS,
    SimProcess,
    app_pids,
    descends_from,
    flag,
    gone,
    is_jvm,
    kill_and_wait,
    live_processes,
)
from harness.device.sim.runtime import JVM_FLAGS, app_java, built_runtime
from harness.device.sim.secret import ENV as SECRET_ENV
from harness.device.sim.secret import device_secret
from harness.errors import AppStartError, ConfigError, DeviceError, InstallError, InstallFault
from harness.model import target_is_path
from harness.paths import sim_home
from harness.untrusted import clip

if TYPE_CHECKING:
    import frida

START_TIMEOUT = 30.0
BOOT_COMPLETED = "android.intent.action.BOOT_COMPLETED"
MAX_MAIN_FRAMES = 40  # of a stuck main thread: enough to see the app's frames under ours
MAX_FRAME_CHARS = 2048  # the app names its classes and methods: bounded like every app string
LAUNCHER_DUMP = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\">"
    '<node index="0" text="" resource-id="" class="android.widget.FrameLayout" '
    'package="com.android.launcher3" content-desc="" checkable="false" checked="false" '
    'clickable="false" enabled="true" focusable="false" focused="false" scrollable="false" '
    'long-clickable="false" password="false" selected="false" bounds="[0,0][1080,2400]" />'
    "</hierarchy>"
)


class _GateHandle:
    def __init__(self, device: SimDevice, gate: SimGate) -> None:
        self._device = device
        self.gate = gate

    @property
    def handled(self) -> set[int]:
        return self.gate.handled

    @property
    def errors(self) -> list[tuple[ProcessInfo, Exception]]:
        return self.gate.errors

    def close(self) -> None:
        self._device._drop_gate(self.gate)
        self.gate.close()


class SimDevice:
    """The simulated device; state lives under `home` (installed apps, data, processes, logs)."""

    def __init__(
        self,
        home: Path | str | None = None,
        *,
        wait: float = 0.0,
        apps_from: Path | None = None,
        ephemeral: bool = False,
    ) -> None:
        """Take the device under `home` (DeviceBusy when another controller has it after `wait`
        s). `apps_from`: a device home whose installed apps a bare package name may name (a
        per-run instance finds the default device's apps there). `ephemeral`: close() stops
        every process and deletes the home (a per-run instance, see instances.py)."""
        self.home = (Path(home) if home is not None else sim_home()).resolve()
        self.home.mkdir(parents=True, exist_ok=True)
        self._lease = DeviceLease(self.home).acquire(wait)
        self._apps_from = apps_from
        self._ephemeral = ephemeral
        self._lock = threading.RLock()
        self._gates: list[SimGate] = []
        self._handled: set[int] = set()
        # app JVM pid -> the Popen that started it (the JVM itself, or bwrap around it)
        self._children: dict[int, subprocess.Popen[bytes]] = {}
        self._sandboxes: dict[str, set[str]] = {}  # package -> mount namespaces of its launches
        self._sink: NetworkSink | None = None
        self._secret = device_secret(self.home)
        # app JVM pid -> pictures it is still encoding for capture() (waited for before a kill)
        self._pictures: dict[int, set[Future[bool]]] = {}

    # --- identity ---
    @property
    def name(self) -> str:
        return "sim"

    def info(self) -> DeviceInfo:
        return DeviceInfo(
            name="sim",
            kind="sim",
            model="harness-sim",
            android_version="10",
            api_level=29,
            abi="x86_64",
            rooted=True,
            fingerprint=FINGERPRINT,
        )

    def identifiers(self) -> list[str]:
        return list(IDENTIFIERS.values())

    def health_check(self) -> None:
        """The home folder still takes writes and the runtime that runs the app processes is
        there."""
        java = built_runtime().java  # never builds: a check between apps stays quick
        if not java.is_file():
            raise DeviceError(f"the Java runtime of the simulated device is gone ({java})")
        probe = self.home / ".health-check"
        try:
            write_atomic(probe, "ok\n")
            probe.unlink()
        except OSError as exc:
            raise DeviceError(
                f"the simulated device's home {self.home} does not take writes: {exc}"
            ) from None

    def frida_device(self) -> frida.Device:
        import frida

        return frida.get_local_device()

    # --- network ---
    @property
    def network_sink(self) -> NetworkSink:
        """The loopback sink every connection of the apps goes to (started on first use, closed
        with the device); what it received is kept in memory for tests and benchmarks."""
        with self._lock:
            if self._sink is None:
                folder = self.home / "net"
                shutil.rmtree(folder, ignore_errors=True)
                self._sink = NetworkSink(folder)
            return self._sink

    # --- paths ---
    def _pkg_dir(self, package: str) -> Path:
        return self.home / "packages" / package

    def data_dir(self, package: str) -> Path:
        return self.home / "data" / package

    def log_file(self, package: str) -> Path:
        return self.home / "logs" / f"{package}.log"

    # --- packages ---
    def _record(self, package: str) -> PackageRecord:
        path = self._pkg_dir(package) / "package.json"
        if not path.is_file():
            raise InstallError(
                f"{package} is not installed on the simulated device ({self.home})",
                fault=InstallFault.device_mismatch,
            )
        try:
            return PackageRecord.model_validate_json(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise InstallError(f"{path}: unreadable package record ({exc})") from None

    def _save(self, record: PackageRecord) -> None:
        folder = self._pkg_dir(record.package)
        write_atomic(folder / "package.json", record.model_dump_json(indent=2))
        write_atomic(folder / "runtime.properties", record.runtime_properties())

    @staticmethod
    def _app(record: PackageRecord) -> InstalledApp:
        return InstalledApp(
            package=record.package,
            version_name=record.version_name,
            version_code=record.version_code,
            requested_permissions=tuple(record.permissions),
            launcher_activity=record.launcher,
            processes=record.processes,
        )

    def install(self, source: str | Path, *, package: str | None = None) -> InstalledApp:
        if isinstance(source, str) and not target_is_path(source):
            # a package name: already installed here, or (a run's own instance) on the device
            # the instance was opened from, whose copy it takes
            copy = self._apps_from / "packages" / source if self._apps_from else None
            if source in self.installed_packages() or copy is None or not copy.is_dir():
                return self.app_info(source)
            return self._install_copy(copy)
        path = Path(source)
        if not path.exists():
            raise InstallError(f"{source}: no such app folder", fault=InstallFault.app)
        if not path.is_dir():
            raise InstallError(
                f"{path}: a simulated app is a folder with AndroidManifest.xml and src/",
                fault=InstallFault.app,
            )
        manifest = parse_manifest(path / "AndroidManifest.xml")
        if package is not None and manifest.package != package:
            raise InstallError(
                f"{path}: the manifest declares {manifest.package}, expected {package}",
                fault=InstallFault.app,
            )
        src = path / "src"
        libs = resolve_libs(path)
        # compile first: a broken app changes nothing
        jar = build_framework()
        classes = compile_app(src, manifest.package, libs, jar=jar)
        with self._lock:
            previous: PackageRecord | None = None
            try:
                previous = self._record(manifest.package)
            except InstallError:
                pass
            if previous is not None:
                self.force_stop(manifest.package)  # an update stops the running app, as on Android
            folder = self._pkg_dir(manifest.package)
            folder.mkdir(parents=True, exist_ok=True)
            copy = folder / "src"
            if src.resolve() != copy.resolve():
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(src, copy)
            shutil.copyfile(path / "AndroidManifest.xml", folder / "AndroidManifest.xml")
            libs = self._copy_libs(path, folder, libs)
            record = PackageRecord.from_manifest(
                manifest,
                source=str(path.resolve()),
                sources_hash=cached_tree_hash(copy),
                classes=str(classes),
                framework_jar=str(jar),
                libs=[str(p) for p in libs],
            )
            if previous is not None:  # an update keeps the runtime grants the user gave
                record.granted = sorted(
                    set(record.granted) | (set(previous.granted) & set(record.permissions))
                )
            self._save(record)
            self.data_dir(record.package).mkdir(parents=True, exist_ok=True)
        return self._app(record)

    @staticmethod
    def _copy_libs(app: Path, folder: Path, libs: list[Path]) -> list[Path]:
        """The app's own jars are copied with it (an update replaces them); system jars stay
        where the machine keeps them."""
        own = (app / "libs").resolve()
        target = folder / "libs"
        if own != target.resolve():
            shutil.rmtree(target, ignore_errors=True)
        out = []
        for lib in libs:
            if lib.parent == own and own != target.resolve():
                target.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(lib, target / lib.name)
                lib = target / lib.name
            out.append(lib)
        manifest = app / "libs" / "system-jars.txt"
        if manifest.is_file() and own != target.resolve():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(manifest, target / manifest.name)
        return out

    def _install_copy(self, installed: Path) -> InstalledApp:
        """Install an app that another device home has installed: code, grants and data."""
        app = self.install(installed)
        source = PackageRecord.model_validate_json(
            (installed / "package.json").read_text(encoding="utf-8")
        )
        with self._lock:
            record = self._record(app.package)
            record.granted = sorted(set(source.granted) & set(record.permissions))
            self._save(record)
        data = installed.parent.parent / "data" / app.package
        if data.is_dir():
            shutil.rmtree(self.data_dir(app.package), ignore_errors=True)
            shutil.copytree(data, self.data_dir(app.package), symlinks=True)
        return self._app(record)

    def uninstall(self, package: str) -> None:
        self._record(package)
        self.force_stop(package)
        shutil.rmtree(self._pkg_dir(package), ignore_errors=True)
        shutil.rmtree(self.data_dir(package), ignore_errors=True)

    def installed_packages(self) -> list[str]:
        folder = self.home / "packages"
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if (p / "package.json").is_file())

    def app_info(self, package: str) -> InstalledApp:
        return self._app(self._record(package))

    def clear_data(self, package: str) -> None:
        self._record(package)
        self.force_stop(package)  # pm clear kills the app first
        folder = self.data_dir(package)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)

    def _set_grant(self, package: str, permission: str, granted: bool) -> None:
        with self._lock:
            record = self._record(package)
            if permission not in record.permissions:
                raise ConfigError(
                    f"{package} does not request {permission} in its AndroidManifest.xml "
                    f"(it requests: {', '.join(record.permissions) or 'nothing'})"
                )
            now = set(record.granted)
            now.add(permission) if granted else now.discard(permission)
            record.granted = sorted(now)
            self._save(record)

    def grant(self, package: str, permission: str) -> None:
        self._set_grant(package, permission, True)

    def revoke(self, package: str, permission: str) -> None:
        self._set_grant(package, permission, False)

    def granted_permissions(self, package: str) -> list[str]:
        return list(self._record(package).granted)

    def _ready(self, package: str) -> PackageRecord:
        """The record, recompiled first when the framework changed since install."""
        with self._lock:
            record = self._record(package)
            jar = build_framework()
            if str(jar) != record.framework_jar or not Path(record.classes).is_dir():
                libs = [Path(p) for p in record.libs]
                src = self._pkg_dir(package) / "src"
                record.classes = str(compile_app(src, package, libs, jar=jar))
                record.framework_jar = str(jar)
            self._save(record)
            return record

    # --- processes ---
    def _reap(self) -> None:
        with self._lock:
            for pid, child in list(self._children.items()):
                if child.poll() is not None:
                    del self._children[pid]

    def _gate_for(self, package: str) -> SimGate | None:
        with self._lock:
            for gate in reversed(self._gates):
                if gate.package == package:
                    return gate
        return None

    def _drop_gate(self, gate: SimGate) -> None:
        with self._lock:
            if gate in self._gates:
                self._gates.remove(gate)
            self._handled |= gate.handled

    def gate_processes(self, package: str, handler: SpawnHandler) -> _GateHandle:
        gate = SimGate(
            package,
            handler,
            token=self._secret,
            verify=lambda pid: self._verify_gated(package, pid),
        )
        with self._lock:
            self._gates.append(gate)
        return _GateHandle(self, gate)

    def _verify_gated(self, package: str, pid: int) -> ProcessInfo | str:
        """Which process of `package` the gate's peer `pid` is, from the OS's view of it, or why
        it is refused: a JVM of this device and package that the device started (it runs below
        a process this device launched) and whose process name the manifest declares."""
        try:
            cmdline = psutil.Process(pid).cmdline()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return "not a live process"
        if not is_jvm(cmdline) or flag(cmdline, "--home") != str(self.home):
            return "not an app process of this device"
        if flag(cmdline, "--package") != package:
            return f"a process of another package ({flag(cmdline, '--package')!r})"
        name = flag(cmdline, "--process")
        if name is None:
            return "the main process, which is never gated"
        try:
            declared = self._record(package).processes
        except InstallError:
            declared = ()
        if name not in declared:
            return f"process name {name!r} is not declared in the manifest"
        with self._lock:
            roots = set(self._children)
        if not descends_from(pid, roots):
            return "not started by this device"
        return ProcessInfo(pid=pid, name=name)

    def launch_command(
        self, record: PackageRecord, *, paused: bool, start: Iterable[str] = ()
    ) -> list[str]:
        cmd = [
            str(app_java()),  # runtime.py: a jlink image Frida attaches to fast
            *self._jvm_flags(record),
            self._tmpdir_flag(),
            f"-javaagent:{record.framework_jar}",
            "-cp",
            record.framework_jar,
            MAIN_CLASS,
            "--home",
            str(self.home),
            "--package",
            record.package,
        ]
        return cmd + (["--paused"] if paused else []) + list(start)

    @staticmethod
    def _jvm_flags(record: PackageRecord) -> list[str]:
        """JVM_FLAGS, and the framework's class-data sharing archive when there is one (cds.py:
        built on first use per framework jar; without it the JVM starts as before)."""
        return [*JVM_FLAGS, *archive_flags(Path(record.framework_jar))]

    def _tmpdir_flag(self) -> str:
        # /tmp is read-only in the sandbox: the JVM's temporary files go to the device's home
        folder = self.home / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        return f"-Djava.io.tmpdir={folder}"

    def _launch(self, package: str, *, paused: bool, start: Iterable[str] = ()) -> ProcessInfo:
        record = self._ready(package)
        self.force_stop(package)  # like a spawn: a fresh process, whatever ran before
        log = self.log_file(package)
        log.parent.mkdir(parents=True, exist_ok=True)
        if log.exists():
            os.replace(log, log.with_suffix(".log.1"))
        env = dict(os.environ)
        # (joined with spaces: a flag holding a path with a space is left to the main process)
        flags = [f for f in self._jvm_flags(record) if " " not in f]
        flags += [] if " " in str(self.home) else [self._tmpdir_flag()]
        env["HARNESS_SIM_JVM_FLAGS"] = " ".join(flags)
        env[SECRET_ENV] = self._secret
        if self._ephemeral:
            # a per-run device's processes end with this controller, even after kill -9
            env["HARNESS_SIM_CONTROLLER"] = str(os.getpid())
        else:
            env.pop("HARNESS_SIM_CONTROLLER", None)
        sink = self.network_sink
        env["HARNESS_SIM_NET"] = sink.address
        env["HARNESS_SIM_NET_UDP"] = sink.udp_address
        env["HARNESS_SIM_NET_CA"] = str(sink.ca.ca_pem)
        gate = self._gate_for(package)
        if gate is not None:
            env["HARNESS_SIM_GATE"] = gate.address
        else:
            env.pop("HARNESS_SIM_GATE", None)
        with open(log, "ab") as out:
            child = subprocess.Popen(
                sandbox.wrap(
                    self.launch_command(record, paused=paused, start=start),
                    home=self.home,
                    cwd=log.parent,
                    # a per-run device's sandbox ends with this controller, detached children too
                    controller=os.getpid() if self._ephemeral else None,
                ),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                # A JVM that crashes writes hs_err_pid*.log into its working directory: keep
                # those with the device's logs, never in the user's folder. :process children
                # inherit it.
                cwd=log.parent,
                start_new_session=True,  # the app outlives the command that started it
            )
        deadline = time.monotonic() + START_TIMEOUT
        while (pid := self._registered_below(child.pid, package)) is None:
            if child.poll() is not None:
                raise AppStartError(
                    f"{package}: the process exited with status {child.returncode} while starting"
                    + _log_tail(log)
                )
            if time.monotonic() > deadline:
                kill_and_wait([child.pid, *_below(child.pid)])
                child.wait(timeout=5)
                raise AppStartError(
                    f"{package}: the process did not start within {START_TIMEOUT:.0f} s"
                    + _log_tail(log)
                )
            time.sleep(0.005)
        with self._lock:
            self._children[pid] = child
            namespace = sandbox.mount_namespace(pid) if sandbox.sandboxed() else None
            if namespace is not None:
                self._sandboxes.setdefault(package, set()).add(namespace)
        return ProcessInfo(pid=pid, name=package)

    def _registered_below(self, root: int, package: str) -> int | None:
        """The pid of the registered main process that `root` started (itself, or the JVM
        inside the sandbox `root` is), once the JVM has registered."""
        # From the registry's few entries up their parent links: walking down from `root`
        # (psutil's children) reads every process of the machine on each poll, ~60 ms of the
        # controller's CPU per poll at a load of 17 on 2 cores, while the JVM it waits for starts.
        try:
            names = os.listdir(self.home / "proc")
        except OSError:
            return None
        for name in names:
            stem, dot, ext = name.partition(".")
            if ext == "json" and dot and stem.isdigit() and descends_from(int(stem), {root}):
                return int(stem)
        return None

    def start_paused(self, package: str) -> ProcessInfo:
        """The main process, booted and registered, holding before any app class is loaded."""
        return self._launch(package, paused=True)

    def boot_broadcast(self, package: str, action: str = BOOT_COMPLETED) -> ProcessInfo | None:
        """The device restarts as far as this app can tell: every process of it ends, then the
        system broadcast `action` (BOOT_COMPLETED) goes to the manifest receivers that declare
        it, in a main process started for them (no activity), held paused like start_paused:
        load the agent, then resume(). None when no receiver declares the action (nothing is
        started, as on Android)."""
        record = self._ready(package)
        if not any(action in r.actions for r in record.receivers):
            self.force_stop(package)
            return None
        return self._launch(package, paused=True, start=["--broadcast", action])

    def start(self, package: str) -> ProcessInfo:
        """Start the app (no pause); if it already runs, bring it to the front."""
        main = [p for p in live_processes(self.home, package) if p.process == package]
        if main:
            self._request(main[0].control_port, {"cmd": "launch"}, what=package)
            return ProcessInfo(pid=main[0].pid, name=package)
        return self._launch(package, paused=False)

    def _request(
        self, port: int, payload: dict[str, Any], *, timeout: float = 10.0, what: str = ""
    ) -> dict[str, Any]:
        return control.request(port, payload, token=self._secret, timeout=timeout, what=what)

    def _find_pid(self, pid: int) -> SimProcess:
        for proc in live_processes(self.home):
            if proc.pid == pid:
                return proc
        raise DeviceError(
            f"no simulated app process with pid {pid} (it exited or was never started)"
        )

    def resume(self, pid: int) -> None:
        with self._lock:
            if pid in self._handled or any(pid in g.handled for g in self._gates):
                return  # its gate resumed it after the handler ran
        proc = self._find_pid(pid)
        self._request(proc.control_port, {"cmd": "resume"}, what=f"{proc.process} (pid {pid})")

    def force_stop(self, package: str) -> None:
        """Kill every process of the package (services first, then the main one, then whatever
        else runs in its sandboxes) and wait."""
        registered = live_processes(self.home, package)
        pids = {p.pid for p in registered} | set(app_pids(self.home, package))
        main = {p.pid for p in registered if p.process == package}
        self._await_pictures(pids)  # a phase's picture, taken already, is not lost to the kill
        with self._lock:
            namespaces = self._sandboxes.pop(package, set())
        namespaces |= _namespaces(pids)
        # Children first: their parent (the main JVM) reaps them; then the main process.
        for group in ([p for p in pids if p not in main], [p for p in pids if p in main]):
            if not group:
                continue
            left = kill_and_wait(group)
            if left:
                raise DeviceError(f"{package}: processes {left} did not die after SIGKILL")
        # The sandbox before the reaping: its watchdog (and so its bwrap) waits for detached
        # children, which only emptying the sandbox ends.
        self._empty_sandboxes(package, namespaces)
        self._forget(pids)

    def _empty_sandboxes(self, what: str, namespaces: set[str]) -> None:
        """Kill whatever else runs in these sandboxes: what the app started, detached or not
        (setsid, double fork), cannot leave its mount namespace."""
        if not sandbox.sandboxed() or not namespaces:
            return
        # A namespace's number is reused once its last process is gone: one recorded at launch
        # may name another device's new sandbox by now (parallel runs on one machine). Only what
        # carries this device's secret in its environment is ours to kill.
        rest = [p for p in sandbox.processes_in(namespaces) if self._carries_secret(p)]
        left = kill_and_wait(rest) if rest else []
        if left:
            raise DeviceError(f"{what}: processes {left} did not die after SIGKILL")
        self._reap()

    def _carries_secret(self, pid: int) -> bool:
        try:
            return psutil.Process(pid).environ().get(SECRET_ENV) == self._secret
        except psutil.Error:
            return False

    def _forget(self, pids: Iterable[int]) -> None:
        """Reap killed processes this device started and drop their registry entries."""
        with self._lock:
            for pid in pids:
                child = self._children.pop(pid, None)
                if child is not None:
                    child.wait(timeout=10)
                (self.home / "proc" / f"{pid}.json").unlink(missing_ok=True)
        self._reap()

    def reboot(self) -> list[int]:
        """Kill every app process of this device, whatever started it; returns their pids.

        A controller that was killed (kill -9 of a batch) leaves its apps running, some of them
        paused forever; a batch resuming on this device starts from a clean one.
        """
        pids = sorted(set(app_pids(self.home)) | {p.pid for p in live_processes(self.home)})
        self._await_pictures(pids)
        with self._lock:
            namespaces = set().union(*self._sandboxes.values()) | _namespaces(pids)
            self._sandboxes.clear()
        left = kill_and_wait(pids) if pids else []
        if left:
            raise DeviceError(f"sim device {self.home}: processes {left} did not die after SIGKILL")
        self._empty_sandboxes(f"sim device {self.home}", namespaces)  # before reaping: as above
        self._forget(pids)
        return pids

    def wait_idle(self, package: str, timeout: float) -> list[str]:
        """Wait until every process of the package has finished starting; returns the names of
        those that had not by the deadline.

        A process has finished starting when its main thread has run what it queued while
        starting (Application.onCreate, the first component, their posts: Android's
        Instrumentation.waitForIdleSync) and the processes it asked for meanwhile exist; those
        are waited for in turn, whatever holds them (a gate loading an agent).
        """
        deadline = time.monotonic() + timeout
        todo = [p.pid for p in live_processes(self.home, package) if p.process == package]
        todo += [p for p in app_pids(self.home, package) if p not in todo]
        done: set[int] = set()
        late: list[str] = []
        while todo:
            pid = todo.pop(0)
            if pid in done:
                continue
            done.add(pid)
            proc = self._registered(pid, deadline)
            if proc is None:
                if not gone(pid):
                    late.append(f"pid {pid} (not registered)")
                continue
            left = deadline - time.monotonic()
            try:
                reply = self._request(
                    proc.control_port,
                    {"cmd": "idle", "timeout_ms": max(1, int(left * 1000))},
                    timeout=max(left, 0) + 5,
                    what=f"{proc.process} (pid {pid})",
                )
            except DeviceError:
                if gone(pid):
                    continue  # it died meanwhile: nothing is left to wait for
                late.append(proc.process)
                continue
            if not reply.get("idle"):
                late.append(proc.process)
            children = reply.get("children")
            todo += [int(c) for c in children if int(c) not in done] if children else []
        return late

    def _registered(self, pid: int, deadline: float) -> SimProcess | None:
        """The registry entry of a (maybe still booting) process, once it exists."""
        while True:
            found = [p for p in live_processes(self.home) if p.pid == pid]
            if found:
                return found[0]
            if gone(pid) or time.monotonic() > deadline:
                return None
            time.sleep(0.01)

    def processes(self, package: str) -> list[ProcessInfo]:
        self._reap()
        return [ProcessInfo(pid=p.pid, name=p.process) for p in live_processes(self.home, package)]

    # --- UI ---
    def _foreground(self) -> SimProcess | None:
        best: tuple[float, SimProcess] | None = None
        for proc in live_processes(self.home):
            if proc.process != proc.package or proc.state != "running":
                continue
            try:
                state = self._request(
                    proc.control_port, {"cmd": "state"}, timeout=10, what=proc.package
                )
            except DeviceError:
                continue  # it died meanwhile
            if state.get("foreground"):
                since = float(state.get("since") or 0)
                if best is None or since > best[0]:
                    best = (since, proc)
        return best[1] if best else None

    def _ask_foreground(self, request: dict[str, object]) -> dict[str, object] | None:
        """Send a UI request to the foreground app; None when the launcher is in front.

        An app that dies while it is asked (a crash) leaves the launcher in front, as on a phone:
        that is the app's outcome, not a device failure, so it is not raised as one.
        """
        proc = self._foreground()
        if proc is None:
            return None
        try:
            return self._request(proc.control_port, request, timeout=15, what=proc.package)
        except DeviceError:
            self._reap()
            if gone(proc.pid):
                return None
            raise

    def dump_ui(self) -> str:
        reply = self._ask_foreground({"cmd": "dump"})
        return LAUNCHER_DUMP if reply is None else str(reply.get("xml", ""))

    def tap(self, x: int, y: int) -> None:
        # A tap on the launcher's empty screen does nothing.
        self._ask_foreground({"cmd": "tap", "x": int(x), "y": int(y)})

    def tap_result(self, x: int, y: int) -> str:
        """Like tap(), and says what the tap reached (for the CLI)."""
        proc = self._foreground()
        if proc is None:
            return "no app in the foreground"
        reply = self._request(
            proc.control_port,
            {"cmd": "tap", "x": int(x), "y": int(y)},
            timeout=15,
            what=proc.package,
        )
        return str(reply.get("hit"))

    def press(self, key: Key) -> None:
        self._ask_foreground({"cmd": "key", "key": Key(key).value})

    def foreground_package(self) -> str | None:
        proc = self._foreground()
        return proc.package if proc else None

    def main_thread_stack(self, pid: int) -> list[str]:
        """Where the process's main thread is, innermost frame first; [] when the process is
        gone or does not answer (an optional capability: run.protocol asks for it when an app
        never reached its first screen). Read by the app's own control thread: `jstack` cannot
        reach a JVM inside the sandbox (its attach socket lives in the sandbox's /tmp)."""
        try:
            proc = self._find_pid(pid)
            reply = self._request(
                proc.control_port, {"cmd": "main_stack"}, timeout=30, what=f"pid {pid}"
            )
        except DeviceError:
            return []
        frames = reply.get("frames")
        if not isinstance(frames, list):
            return []
        return [clip(str(f), MAX_FRAME_CHARS) for f in frames[:MAX_MAIN_FRAMES]]

    # --- evidence ---
    def screenshot(self, dest: Path) -> bool:
        """The screen as a PNG, as `screencap -p` gives it: drawn by the app process in front
        (the view tree, dialogs included), or the launcher when no app is. Raises DeviceError
        when no CJK font is installed (harness.device.sim.fonts)."""
        font = screenshot_font()
        front = self._foreground()
        proc = front or self._any_running()
        if proc is None:
            return False  # no JVM of this device runs: nothing can draw the launcher
        request: dict[str, object] = {"cmd": "screencap", "font": str(font)}
        if front is None:
            request["launcher"] = True  # drawn without the process's (maybe hung) main thread
        try:
            reply = self._request(proc.control_port, request, timeout=45, what=proc.package)
        except DeviceError:
            self._reap()
            if gone(proc.pid):
                return False  # it died meanwhile (a crash): no picture, as after a crash
            raise
        write_atomic(dest, self._png_of(reply, proc))
        return True

    def capture(self, dest: Path) -> Capture:
        """The UI dump and the screenshot of one instant, in one request: the app in front dumps
        and draws its windows on its main thread and answers the dump at once, then encodes the
        picture off its main thread; it is written to `dest` in the background (`picture`), so
        the caller goes on meanwhile. With no app in front, the launcher's dump and picture.
        DeviceError as dump_ui() raises it, or when no picture can be drawn (no CJK font, the
        main thread busy): the caller then asks for the dump alone."""
        font = screenshot_font()
        front = self._foreground()
        proc = front or self._any_running()
        done: Future[bool] = Future()
        if proc is None:
            done.set_result(False)  # no JVM of this device runs: nothing can draw the launcher
            return Capture(LAUNCHER_DUMP, done)
        request: dict[str, object] = {"cmd": "capture", "font": str(font)}
        if front is None:
            request["launcher"] = True  # drawn without the process's (maybe hung) main thread
        talk: Conversation | None = None
        try:
            talk = Conversation(
                proc.control_port, request, token=self._secret, timeout=45, what=proc.package
            )
            first = talk.reply()
        except DeviceError:
            if talk is not None:
                talk.close()
            self._reap()
            if gone(proc.pid):  # it died meanwhile (a crash): the launcher, no picture
                done.set_result(False)
                return Capture(LAUNCHER_DUMP, done)
            raise
        with self._lock:
            self._pictures.setdefault(proc.pid, set()).add(done)
        threading.Thread(
            target=self._receive_picture,
            args=(talk, proc, dest, done),
            name=f"sim-capture-{proc.pid}",
            daemon=True,
        ).start()
        return Capture(LAUNCHER_DUMP if front is None else str(first.get("xml", "")), done)

    def _receive_picture(
        self, talk: Conversation, proc: SimProcess, dest: Path, done: Future[bool]
    ) -> None:
        """capture()'s second reply line: the PNG, checked and written to `dest`."""
        try:
            png = self._png_of(talk.reply(), proc)
            write_atomic(dest, png)
            done.set_result(True)
        except DeviceError as exc:
            self._reap()
            if gone(proc.pid):
                done.set_result(False)  # it died meanwhile (a crash): no picture, as after one
            else:
                done.set_exception(exc)
        except OSError as exc:  # the run folder is full
            done.set_exception(exc)
        finally:
            talk.close()
            with self._lock:
                waiting = self._pictures.get(proc.pid, set())
                waiting.discard(done)
                if not waiting:
                    self._pictures.pop(proc.pid, None)

    def _await_pictures(self, pids: Iterable[int], timeout: float = 60.0) -> None:
        """Wait for the pictures these processes are still sending (each bounded by its
        connection's timeout; `timeout` bounds them all)."""
        with self._lock:
            waiting = [f for pid in pids for f in self._pictures.get(pid, ())]
        if waiting:
            wait_all(waiting, timeout=timeout)

    @staticmethod
    def _png_of(reply: dict[str, Any], proc: SimProcess) -> bytes:
        try:
            png = base64.b64decode(str(reply.get("png", "")), validate=True)
        except ValueError:
            raise DeviceError(f"{proc.package}: screencap reply is not base64") from None
        if not png.startswith(b"\x89PNG\r\n\x1a\n"):
            raise DeviceError(f"{proc.package}: screencap reply is not a PNG")
        return png

    def _any_running(self) -> SimProcess | None:
        """Any live process of this device (paused ones too): each can draw the launcher."""
        return next(iter(live_processes(self.home)), None)

    def save_logs(self, package: str, dest: Path) -> bool:
        log = self.log_file(package)
        if not log.is_file():
            return False
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(log, dest)
        return True

    def close(self) -> None:
        with self._lock:
            sending = list(self._pictures)
        self._await_pictures(sending)  # no thread of this device writes after it is closed
        with self._lock:
            gates = list(self._gates)
        for gate in gates:
            self._drop_gate(gate)
            gate.close()
        self._reap()
        with self._lock:
            sink, self._sink = self._sink, None
        if sink is not None:
            sink.close()
        if not self._lease.held:
            return
        if self._ephemeral:
            self.reboot()  # a per-run instance leaves nothing running...
            self._lease.release()
            shutil.rmtree(self.home, ignore_errors=True)  # ...and nothing on disk
        else:
            self._lease.release()


def _namespaces(pids: Iterable[int]) -> set[str]:
    return {ns for pid in pids if (ns := sandbox.mount_namespace(pid)) is not None}


def _below(pid: int) -> list[int]:
    """The pids of a process's descendants (none when it is gone)."""
    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.Error:
        return []


def _log_tail(log: Path, lines: int = 20) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    except OSError:
        return ""
    return ("\n" + "\n".join(text)) if text else ""


__all__ = ["SimDevice", "gone"]
