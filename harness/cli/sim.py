"""`harness sim ...`: drive the simulated device by hand (install, start, dump, tap, keys, logs)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import defusedxml.ElementTree as SafeET
import typer

from harness.untrusted import printable

if TYPE_CHECKING:
    from harness.device.sim import SimDevice

sim_app = typer.Typer(help="Drive the simulated Android device.", no_args_is_help=True)

HOME_OPTION = typer.Option(
    None,
    "--home",
    envvar="HARNESS_SIM_HOME",
    help="State folder of the simulated device (default: $HARNESS_SIM_HOME or the user data dir)",
)
_BOUNDS = re.compile(r"\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]")


def register(app: typer.Typer) -> None:
    app.add_typer(sim_app, name="sim")


def _device(home: Path | None) -> SimDevice:
    # imported here: `harness --help` need not load the device layer
    from harness.device.sim import SimDevice

    # A few seconds' patience: two quick commands at once take turns; a run holding the
    # device for longer is named in the "busy" error.
    return SimDevice(home, wait=5.0)


@sim_app.command()
def install(folder: Path, home: Path | None = HOME_OPTION) -> None:
    """Compile and install an app folder (AndroidManifest.xml + src/)."""
    app = _device(home).install(folder)
    print(f"installed {app.package} {app.version_name or ''}".rstrip())


@sim_app.command()
def uninstall(package: str, home: Path | None = HOME_OPTION) -> None:
    """Remove an app and its data."""
    _device(home).uninstall(package)
    print(f"uninstalled {package}")


@sim_app.command("list")
def list_packages(home: Path | None = HOME_OPTION) -> None:
    """Installed apps."""
    for package in _device(home).installed_packages():
        print(package)


@sim_app.command()
def clear(package: str, home: Path | None = HOME_OPTION) -> None:
    """Stop the app and wipe its data (pm clear)."""
    _device(home).clear_data(package)
    print(f"cleared {package}")


@sim_app.command()
def grant(package: str, permission: str, home: Path | None = HOME_OPTION) -> None:
    """Grant a permission the app requests."""
    _device(home).grant(package, permission)


@sim_app.command()
def revoke(package: str, permission: str, home: Path | None = HOME_OPTION) -> None:
    """Revoke a permission."""
    _device(home).revoke(package, permission)


@sim_app.command()
def start(
    package: str,
    paused: bool = typer.Option(False, "--paused", help="Hold before any app code; see `resume`"),
    home: Path | None = HOME_OPTION,
) -> None:
    """Start the app (it keeps running after this command returns); prints the pid."""
    device = _device(home)
    proc = device.start_paused(package) if paused else device.start(package)
    print(proc.pid)


@sim_app.command()
def resume(pid: int = typer.Argument(..., min=1), home: Path | None = HOME_OPTION) -> None:
    """Let a paused process run."""
    _device(home).resume(pid)


@sim_app.command()
def ps(package: str | None = typer.Argument(None), home: Path | None = HOME_OPTION) -> None:
    """Live app processes: pid, process name, state."""
    from harness.device.sim.procs import live_processes

    device = _device(home)
    for proc in live_processes(device.home, package):
        print(printable(f"{proc.pid}\t{proc.process}\t{proc.state}"))


@sim_app.command()
def dump(
    out: Path | None = typer.Option(None, "--out", help="Write the XML here instead of stdout"),
    home: Path | None = HOME_OPTION,
) -> None:
    """The foreground window as uiautomator XML."""
    xml = _device(home).dump_ui()
    if out is None:
        sys.stdout.write(xml + "\n")
    else:
        out.write_text(xml, encoding="utf-8")


@sim_app.command()
def tap(
    x: int = typer.Argument(..., min=0),
    y: int = typer.Argument(..., min=0),
    home: Path | None = HOME_OPTION,
) -> None:
    """Tap at a point of the screen (1080x2400)."""
    print(printable(_device(home).tap_result(x, y)))


@sim_app.command()
def screencap(
    out: Path = typer.Argument(..., help="PNG file to write"),
    home: Path | None = HOME_OPTION,
) -> None:
    """The screen as a PNG (the app in front, dialogs included, or the launcher)."""
    if not _device(home).screenshot(out):
        raise typer.Exit(code=3)
    typer.echo(str(out))


@sim_app.command("tap-text")
def tap_text(text: str, home: Path | None = HOME_OPTION) -> None:
    """Tap the centre of the first node whose text (or content-desc) is TEXT."""
    from harness.errors import DeviceError

    device = _device(home)
    root = SafeET.fromstring(device.dump_ui().split("?>", 1)[-1], forbid_dtd=True)
    for node in root.iter("node"):
        if text in (node.get("text"), node.get("content-desc")):
            match = _BOUNDS.fullmatch(node.get("bounds", ""))
            if match:
                left, top, right, bottom = map(int, match.groups())
                print(printable(device.tap_result((left + right) // 2, (top + bottom) // 2)))
                return
    raise DeviceError(f"no node with text {text!r} on the screen")


@sim_app.command()
def key(
    name: str = typer.Argument(..., metavar="HOME|BACK"), home: Path | None = HOME_OPTION
) -> None:
    """Press HOME or BACK."""
    from harness.device.base import Key
    from harness.errors import ConfigError

    try:
        pressed = Key(name.upper())
    except ValueError:
        raise ConfigError(f"unknown key {name!r}: use HOME or BACK") from None
    _device(home).press(pressed)


@sim_app.command()
def stop(package: str, home: Path | None = HOME_OPTION) -> None:
    """Force-stop every process of the app."""
    _device(home).force_stop(package)


@sim_app.command()
def reboot(home: Path | None = HOME_OPTION) -> None:
    """Kill every app process of the device (also ones left paused by a dead controller)."""
    pids = _device(home).reboot()
    print(f"rebooted: {len(pids)} process(es) killed")


@sim_app.command()
def logs(package: str, home: Path | None = HOME_OPTION) -> None:
    """Print the app's process log (the current launch)."""
    from harness.errors import DeviceError

    log = _device(home).log_file(package)
    if not log.is_file():
        raise DeviceError(f"{package} has no log yet (never started on this device)")
    # the app writes this log: keep its text, not the terminal controls it may carry
    sys.stdout.write(printable(log.read_text(encoding="utf-8", errors="replace")))
