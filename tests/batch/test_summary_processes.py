"""`harness summary` writes the workbook in a child process beside the JSON and the page: the
files are the same as one process writes, and a failure of the child is one error naming the
file, with the other files still written."""

from __future__ import annotations

import json
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
