"""The agent compiled once per bundle and device, loaded into each process as bytecode.

`session.create_script(source)` has Frida compile the ~1 MB bundle inside every app process it
is loaded into (0.10-0.6 s per process on the shared 2-core machine, issue #19), while
`create_script_from_bytes` of the same script compiled once takes 6-9 ms. The compile runs in
the device's system session (pid 0: frida-server on a phone, the controller's own Frida on the
local device), never in an app process: the app is the adversary, and bytecode it compiled could
carry its changes into every other app's agent. Bytecode is Frida's own format, tied to the
Frida version that compiles it; on the local device it is also kept in the cache directory,
keyed by the bundle's digest and Frida's version, so that later `harness run`s skip the compile.
A device that cannot compile this way (or a cache file that cannot be read) gets None, and the
caller compiles from source in the process as before.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from harness.atomic import write_atomic
from harness.paths import cache_dir

if TYPE_CHECKING:
    import frida

log = logging.getLogger(__name__)

_lock = threading.Lock()
_compiled: dict[tuple[str, str], bytes | None] = {}  # (device id, bundle digest) -> bytecode


def agent_bytecode(device: frida.Device, source: str, name: str) -> bytes | None:
    """`source` compiled by `device`'s Frida (memoised per device and bundle), or None."""
    import frida

    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:24]
    key = (str(device.id), digest)
    with _lock:  # one compile per key, also when batch slots start processes at once
        if key in _compiled:
            return _compiled[key]
        local = device.type == "local"
        cached = cache_dir() / "agent" / f"{name}-{digest}-frida{frida.__version__}.qjs"
        code = _read(cached) if local else None
        if code is None:
            code = _compile(device, source, name)
            if code is not None and local:
                write_atomic(cached, code)
        _compiled[key] = code
        return code


def _read(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data or None


def _compile(device: frida.Device, source: str, name: str) -> bytes | None:
    # Any failure here (no system session, another Frida, a compile error) leaves the compile to
    # each process, whose create_script reports a bundle that does not compile as before.
    try:
        system = device.attach(0)
    except Exception as exc:  # noqa: BLE001 - frida's errors share no base class
        log.info("no system session on %s to compile the agent in (%s)", device.id, exc)
        return None
    try:
        code: bytes = system.compile_script(source, name=name)
        return code
    except Exception as exc:  # noqa: BLE001
        log.info("compiling the agent on %s failed (%s): compiled in each process", device.id, exc)
        return None
    finally:
        try:
            system.detach()
        except Exception:  # noqa: BLE001 - a session that is gone already
            pass
