"""`harness summary` writes the workbook in a child process beside the JSON and the page: the
files are the same as one process writes, and a failure of the child is one error naming the
file, with the other files still written. The grouped read travels from the parent to the
child (`harness.batch.summary.shared`) unchanged; without it the child reads the store."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from batch_doubles import finding

from harness.batch.model import JobResult, JobState
from harness.batch.store import Store
from harness.batch.summary import write_summary
from harness.batch.targets import Target
from harness.errors import ConfigError
from harness.model import Category, Rule


@pytest.fixture
def rundir(tmp_path: Path) -> Path:
    store = Store.in_folder(tmp_path / "run")
    apps = [f"com.app{i:02d}" for i in range(8)]
    store.add_targets(Target(a, a, "package") for a in apps)
    for i, app in enumerate(apps):
        found = [
            finding(f"S{j}", list(Rule)[j % 3], list(Category)[(i + j) % 5]) for j in range(i % 4)
        ]
        job = store.claim("d1", {"d1"})
        assert job is not None
        result = JobResult(
            JobState.done, package=app, report_path=f"apps/{app}/1/report.html", findings=found
        )
        store.finish(job, "d1", result, retries=0)
    store.close()
    return tmp_path / "run"


def _json(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["overview"].pop("generated_at")
    return data  # type: ignore[no-any-return]


def test_two_processes_write_the_files_one_process_writes(rundir: Path, tmp_path: Path) -> None:
    one = write_summary(rundir, out_dir=tmp_path / "one", processes=1)
    two = write_summary(rundir, out_dir=tmp_path / "two")
    assert list(two) == ["html", "json", "xlsx"] and all(p.is_file() for p in two.values())
    assert _json(one["json"]) == _json(two["json"])
    with zipfile.ZipFile(one["xlsx"]) as a, zipfile.ZipFile(two["xlsx"]) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
    assert len(_json(two["json"])["apps"]) == 8  # type: ignore[arg-type]


def test_a_failing_child_is_one_error_naming_its_file(rundir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "summary.xlsx").mkdir(parents=True)  # the workbook cannot replace a folder
    with pytest.raises(ConfigError, match=r"^summary\.xlsx: IsADirectoryError"):
        write_summary(rundir, out_dir=out)
    assert (out / "summary.json").is_file() and (out / "summary.html").is_file()


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_the_grouped_read_survives_the_trip_to_the_child(rundir: Path) -> None:
    from harness.batch.summary import shared
    from harness.batch.summary.query import SummaryQuery

    store = Store.in_folder(rundir)
    try:
        query = SummaryQuery(store)
        rows, totals = query.grouped()
        got_rows, got_totals = shared.load(shared.dump(query))
    finally:
        store.close()
    assert len(rows) > 3 and got_rows == rows and got_totals == totals
    assert any(len(row.examples) > 1 for row in got_rows)


def test_a_payload_of_another_build_is_refused(rundir: Path) -> None:
    import pickle

    from harness.batch.summary import shared

    payload = pickle.dumps((("sdk", "vendor"), (), [], ()))
    with pytest.raises(ValueError, match="another build"):
        shared.load(payload)


def test_a_child_sent_nothing_reads_the_store_itself(rundir: Path, tmp_path: Path) -> None:
    """The parent failed before sending its grouped read (end of file at once): the child's
    workbook is still the one a single process writes."""
    one = write_summary(rundir, formats=("xlsx",), out_dir=tmp_path / "one", processes=1)
    out = tmp_path / "two"
    out.mkdir()
    args = [str(rundir), str(out), "xlsx", "--grouped-on-stdin"]
    subprocess.run(
        [sys.executable, "-m", "harness.batch.summary.apart", *args],
        stdin=subprocess.DEVNULL,
        check=True,
        timeout=120,
    )
    assert _members(out / "summary.xlsx") == _members(one["xlsx"])
