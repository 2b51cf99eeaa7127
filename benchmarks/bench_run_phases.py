"""Where one run's wall time goes: the per-phase breakdown of report.json's `timings`, per app.

Runs each example app once on the simulated device at 1 slot (a fresh sim instance, warm build
caches: a first run compiles the framework and the apps), reads report.json's `timings` block,
and prints every phase's median over the apps, the agent load per process, and the overhead
beyond the observation windows (target: < 1.0 s per app). Figures depend on the machine's load,
printed with them.

    .venv/bin/python benchmarks/bench_run_phases.py [--window 1] [--background 0.5] [--rounds 1]
        [--evidence | --no-evidence]

`figures()` returns the same as a dict for benchmarks/run_all.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.report.model import RunReport  # noqa: E402
from harness.report.timings import PHASES  # noqa: E402
from harness.run.config import RunConfig  # noqa: E402
from harness.run.protocol import run_app  # noqa: E402

EXAMPLES = ROOT / "examples" / "apps"
APPS = ("good-news", "ad-sdk-app", "push-app", "canvas-consent")
TARGET_OVERHEAD_S = 1.0
TARGET_AGENT_LOAD_S = 0.25


def _run_all(
    work: Path, *, window: float, background: float, rounds: int, evidence: bool
) -> list[RunReport]:
    reports = []
    for r in range(rounds):
        for name in APPS:
            app = EXAMPLES / name
            if not (app / "AndroidManifest.xml").is_file():
                continue
            config = RunConfig(
                target=str(app),
                out=work / f"{name}-{r}",
                window=window,
                background_window=background,
                dialog_timeout=max(window, 10.0),
                time_limit=120,
                evidence=evidence,
                consent_ocr="auto" if name == "canvas-consent" else "never",
            )
            reports.append(run_app(config))
    return reports


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def measure(
    *, window: float = 1.0, background: float = 0.5, rounds: int = 1, evidence: bool = True
) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-phases-") as tmp:
        os.environ.setdefault("HARNESS_SIM_HOME", str(Path(tmp) / "sim"))
        warm = RunConfig(
            target=str(EXAMPLES / APPS[0]),
            out=Path(tmp) / "warm",
            window=0.2,
            background_window=0,
            time_limit=120,
            evidence=False,
        )
        run_app(warm)  # compiles what a cold cache lacks; not counted
        shutil.rmtree(Path(tmp) / "warm", ignore_errors=True)
        reports = _run_all(
            Path(tmp), window=window, background=background, rounds=rounds, evidence=evidence
        )
    timings = [r.timings for r in reports if r.timings is not None]
    figures: dict[str, float] = {"apps": float(len(timings))}
    names = [n for n in PHASES if any(n in t.phases for t in timings)]
    for name in names:
        figures[f"phase_{name}_s"] = _median([t.phases.get(name, 0.0) for t in timings])
    figures["total_s"] = _median([t.total_s for t in timings])
    figures["windows_s"] = _median([t.windows_s for t in timings])
    figures["overhead_s"] = _median([t.overhead_s for t in timings])
    # The window phases also hold what happens inside them (a phase's evidence, HOME): beyond
    # the windows as configured is the total less the first window (or the dialog's polling,
    # when longer), the window after the decision and the background window.
    figures["beyond_configured_s"] = _median(
        [
            t.total_s - max(window, t.phases.get("dialog_polling", 0.0)) - window - background
            for t in timings
        ]
    )
    figures["evidence_s"] = _median([t.evidence_s for t in timings])
    # what no phase holds (markers, the consent driver's set-up, module imports of a first run)
    figures["unphased_s"] = _median([t.total_s - sum(t.phases.values()) for t in timings])
    loads = [load for t in timings for load in t.agent_loads]
    figures["agent_load_s"] = _median([x.total_s for x in loads])
    for step in ("attach_s", "compile_s", "load_s", "init_s"):
        figures[f"agent_step_{step}"] = _median([getattr(x, step) for x in loads])
    figures["load_avg_1m"] = os.getloadavg()[0]
    return figures


def figures(quick: bool = False) -> dict[str, float]:
    """The figures for benchmarks/run_all.py: one round (quick: shorter windows)."""
    if quick:
        return measure(window=0.5, background=0.25, rounds=1)
    return measure(window=1.0, background=0.5, rounds=4)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--window", type=float, default=1.0)
    parser.add_argument("--background", type=float, default=0.5)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--evidence", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    got = measure(
        window=args.window, background=args.background, rounds=args.rounds, evidence=args.evidence
    )
    print(
        f"{int(got['apps'])} runs of {', '.join(APPS)}; window {args.window:g} s, background "
        f"{args.background:g} s, evidence {'on' if args.evidence else 'off'}; "
        f"{os.cpu_count()} CPUs, load {got['load_avg_1m']:.1f}"
    )
    print(f"{'phase':<20} {'median s':>9}")
    for key, value in got.items():
        if key.startswith("phase_"):
            print(f"{key[6:-2]:<20} {value:>9.3f}")
    print(
        f"total {got['total_s']:.2f} s = windows {got['windows_s']:.2f} s + overhead "
        f"{got['overhead_s']:.2f} s (target < {TARGET_OVERHEAD_S:g} s: "
        f"{got['overhead_s'] / TARGET_OVERHEAD_S:.2f}x); evidence {got['evidence_s']:.2f} s of it"
    )
    print(
        f"beyond the configured windows (window, window, background): "
        f"{got['beyond_configured_s']:.2f} s; in no phase: {got['unphased_s']:.2f} s"
    )
    steps = ", ".join(
        f"{step} {got[f'agent_step_{step}_s'] * 1000:.0f}"
        for step in ("attach", "compile", "load", "init")
    )
    print(
        f"agent load per process {got['agent_load_s'] * 1000:.0f} ms (target < "
        f"{TARGET_AGENT_LOAD_S * 1000:.0f} ms: {got['agent_load_s'] / TARGET_AGENT_LOAD_S:.2f}x): "
        f"{steps} ms (load: the agent's top level with every framework hook)"
    )


if __name__ == "__main__":
    main()
