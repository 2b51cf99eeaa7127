"""Case data in a project file reaches the run; a bad field is one error naming it."""

from __future__ import annotations

import pytest

from harness.check.project import load_project
from harness.errors import ConfigError


def test_case_data_of_the_project_reaches_the_run_config(project_dir, tmp_path) -> None:
    path = project_dir("case: {case_id: CASE-7, tester: 李四, lab: Lab B}\n")
    config = load_project(path).run_config(tmp_path / "run")
    assert (config.case.case_id, config.case.tester, config.case.lab) == ("CASE-7", "李四", "Lab B")


def test_an_unknown_case_field_is_named(project_dir) -> None:
    with pytest.raises(ConfigError, match="case.agency"):
        load_project(project_dir("case: {agency: X}\n"))
