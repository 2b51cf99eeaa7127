"""`run_selftest`: the five-minute acceptance test of a device. Checks the bench, installs the
probe, runs the protocol on it, and checks that every expected call, marker and process arrived."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from harness.atomic import write_atomic
from harness.device.registry import diagnose
from harness.errors import HarnessError
from harness.report.model import RunReport
from harness.run.config import RunConfig
from harness.run.eventlog import read_events
from harness.run.protocol import run_app
from harness.selftest.evaluate import evaluate
from harness.selftest.model import SelftestReport
from harness.selftest.probe import probe_apk, twin_folder
from harness.selftest.spec import probe_spec

SELFTEST_FILE = "selftest.json"


def run_selftest(
    device: str,
    out: Path,
    *,
    inventory: Path | None = None,
    window: float = 3.0,
    background_window: float = 2.0,
    progress: Callable[[str], None] | None = None,
) -> SelftestReport:
    """Run the probe on `device`; the verdict is also written to OUT/selftest.json."""
    say = progress or (lambda _m: None)
    spec = probe_spec()
    say(f"checking the bench of {device}")
    bench = diagnose(device, inventory, start_server=device != "sim")
    run_dir = out / "run"
    report: RunReport | None = None
    error = ""
    target = ""
    if any(c.status == "fail" for c in bench):
        error = "not run: the bench checks failed"
    else:
        target = str(twin_folder() if device == "sim" else probe_apk())
        config = RunConfig(
            target=target,
            device=device,
            inventory=inventory,
            out=run_dir,
            window=window,
            background_window=background_window,
            dialog_timeout=max(30.0, window),
            consent="accept",
            await_processes=[p.process for p in spec.processes if p.process],
        )
        try:
            report = run_app(config, progress=say)
        except HarnessError as exc:
            error = str(exc).splitlines()[0]
            if (run_dir / "report.json").is_file():  # a partial run still shows what arrived
                report = RunReport.model_validate_json((run_dir / "report.json").read_text())
    events = list(read_events(run_dir / "events.jsonl")) if report is not None else []
    verdict = evaluate(spec, device, target, report, events, bench, error)
    verdict.run_dir = str(run_dir) if report is not None else ""
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / SELFTEST_FILE, verdict.model_dump_json(indent=2).encode())
    return verdict
