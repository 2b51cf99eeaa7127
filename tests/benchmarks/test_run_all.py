"""benchmarks/run_all.py: every benchmark script is in its table, and a comparison with a
previous figures file marks what got worse beyond the threshold (and only that)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _run_all() -> ModuleType:
    spec = importlib.util.spec_from_file_location("run_all", ROOT / "benchmarks" / "run_all.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["run_all"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_every_benchmark_script_is_in_the_table() -> None:
    run_all = _run_all()
    scripts = {p.stem for p in (ROOT / "benchmarks").glob("*.py")} - {"run_all"}
    assert scripts == set(run_all.BENCHMARKS)
    # the quick set CI runs: scripts with figures() or quick options
    for name, bench in run_all.BENCHMARKS.items():
        if bench.quick:
            assert run_all.has_figures(ROOT / "benchmarks" / f"{name}.py") or bench.quick_args


def _file(figures: dict[str, float]) -> dict[str, object]:
    return {"benchmarks": {"bench_x": {"figures": figures}}}


def test_comparison_marks_regressions_by_direction() -> None:
    run_all = _run_all()
    old = _file({"events_per_s": 200_000.0, "added_us": 50.0, "ratio": 2.0, "gone": 1.0})
    new = _file({"events_per_s": 150_000.0, "added_us": 70.0, "ratio": 2.1, "fresh": 1.0})
    lines = run_all.compare(new, old, 0.2)
    by_figure = {line.split(":")[0].strip(): line for line in lines}
    assert set(by_figure) == {"bench_x.events_per_s", "bench_x.added_us", "bench_x.ratio"}
    assert by_figure["bench_x.events_per_s"].endswith("(0.75x)  REGRESSION")  # fewer per second
    assert by_figure["bench_x.added_us"].endswith("(1.40x)  REGRESSION")  # more time
    assert "REGRESSION" not in by_figure["bench_x.ratio"]  # within 20%
    better = run_all.compare(old, new, 0.2)
    assert not any("REGRESSION" in line for line in better)
