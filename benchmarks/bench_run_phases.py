"""Where one run's wall time goes: the per-phase breakdown of report.json's `timings`, per app.

Runs each example app once on the simulated device at 1 slot (a fresh sim instance, warm build
caches: a first run compiles the framework and the apps), reads report.json's `timings` block,
and prints every phase's median over the apps, the agent load per process, and the overhead
beyond the observation windows (target: < 1.0 s per app). Figures depend on the machine's load,
printed with them.

    .venv/bin/python benchmarks/bench_run_phases.py [--window 1] [--background 0.5] [--rounds 1]
        [--evidence | --no-evidence] [--baseline REV]

--baseline REV runs the same measurement on that git revision's tree too (exported with `git
archive`, sharing this checkout's node_modules and build caches), each round in a fresh
process, old and new interleaved (old, new, old, new...), and prints both side by side with the
load average of each: on a shared machine only such pairs can be compared. Besides wall time it
prints the controller's CPU seconds per run (Frida's injection and messages run in its process;
the app JVMs' CPU is not in it: bench_scaling.py samples every process).

`figures()` returns the same as a dict for benchmarks/run_all.py.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The tree measured: this checkout, or (--baseline) a revision's exported tree, whose harness
# this same file then imports.
ROOT = Path(os.environ.get("BENCH_RUN_PHASES_TREE") or Path(__file__).resolve().parents[1])
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
) -> tuple[list[RunReport], list[float]]:
    """The reports, and each run's CPU seconds in this process (the controller's)."""
    reports = []
    cpu = []
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
            own = time.process_time()
            reports.append(run_app(config))
            cpu.append(time.process_time() - own)
    return reports, cpu


def _compile_all() -> None:
    """Install every measured app once on a throwaway device: each compile is cached, and
    the measured runs' `install` is then a cache hit (the warm-up run compiles the first app
    only; the others compiled inside their measured run, 0.67 s of a median `install`)."""
    from harness.device.registry import open_device

    device = open_device("sim")
    try:
        for name in APPS:
            app = EXAMPLES / name
            if (app / "AndroidManifest.xml").is_file():
                device.install(app)
    finally:
        device.close()


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
        _compile_all()  # so that `install` is the cache hit a campaign sees, not javac
        reports, cpu = _run_all(
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
    # what no phase holds (the static profile, the run folder, the event log: a few ms)
    figures["unphased_s"] = _median([t.total_s - sum(t.phases.values()) for t in timings])
    loads = [load for t in timings for load in t.agent_loads]
    figures["agent_load_s"] = _median([x.total_s for x in loads])
    for step in ("attach_s", "compile_s", "load_s", "init_s"):
        figures[f"agent_step_{step}"] = _median([getattr(x, step) for x in loads])
    figures["controller_cpu_s"] = _median(cpu)
    figures["load_avg_1m"] = os.getloadavg()[0]
    return figures


def _export(rev: str, work: Path) -> Path:
    """`rev`'s tree under `work`, with this checkout's node_modules (the agent's build)."""
    tree = work / "tree"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    modules = ROOT / "hooks" / "node_modules"
    if modules.is_dir():
        (tree / "hooks" / "node_modules").symlink_to(modules)
    return tree


def _measure_in(tree: Path | None, args: argparse.Namespace) -> dict[str, float]:
    """One round of the measurement in a fresh process, on `tree` (None: this checkout)."""
    env = dict(os.environ)
    env.pop("BENCH_RUN_PHASES_TREE", None)
    if tree is not None:
        env["BENCH_RUN_PHASES_TREE"] = str(tree)
    command = [sys.executable, str(Path(__file__).resolve()), "--json", "--rounds", "1"]
    command += ["--window", str(args.window), "--background", str(args.background)]
    command += ["--evidence" if args.evidence else "--no-evidence"]
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _compare(args: argparse.Namespace) -> None:
    """Old and new interleaved, one round each at a time; medians of the rounds' medians."""
    with tempfile.TemporaryDirectory(prefix="bench-phases-base-") as tmp:
        tree = _export(args.baseline, Path(tmp))
        runs: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
        for _ in range(args.rounds):
            for label, where in (("old", tree), ("new", None)):
                runs[label].append(_measure_in(where, args))
    keys = list(dict.fromkeys(k for label in ("new", "old") for r in runs[label] for k in r))
    print(
        f"{args.rounds} interleaved rounds (old = {args.baseline}, new = this checkout), 4 apps "
        f"each; window {args.window:g} s, background {args.background:g} s; "
        f"{os.cpu_count()} CPUs; load after each round: "
        + " ".join(
            f"{o['load_avg_1m']:.1f}/{n['load_avg_1m']:.1f}"
            for o, n in zip(runs["old"], runs["new"], strict=True)
        )
    )
    print(f"{'median s':<22} {'old':>8} {'new':>8}")
    for key in keys:
        if key in ("apps", "load_avg_1m"):
            continue
        old = [r[key] for r in runs["old"] if key in r]
        new = [r[key] for r in runs["new"] if key in r]
        shown = key[6:-2] if key.startswith("phase_") else key
        cells = [f"{_median(v):>8.3f}" if v else f"{'-':>8}" for v in (old, new)]
        print(f"{shown:<22} {cells[0]} {cells[1]}")


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
    parser.add_argument("--baseline", help="also measure this git revision, interleaved")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    args = parser.parse_args()
    if args.baseline:
        _compare(args)
        return
    got = measure(
        window=args.window, background=args.background, rounds=args.rounds, evidence=args.evidence
    )
    if args.json:
        print(json.dumps(got))
        return
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
    print(f"controller CPU per run {got['controller_cpu_s']:.2f} s (Frida's side included)")
    print(
        f"agent load per process {got['agent_load_s'] * 1000:.0f} ms (target < "
        f"{TARGET_AGENT_LOAD_S * 1000:.0f} ms: {got['agent_load_s'] / TARGET_AGENT_LOAD_S:.2f}x): "
        f"{steps} ms (load: the agent's top level with every framework hook)"
    )


if __name__ == "__main__":
    main()
