"""Routing rules and the one-line errors of the multi-host commands (no servers needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.batch.campaign import Campaign, read_campaign, write_campaign
from harness.batch.routing import MAX_TAGS, can_run, entry_tags, queue_for, queues_of
from harness.cli import run_cli
from harness.device.inventory import DeviceEntry, DeviceTags
from harness.errors import ConfigError

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_a_device_consumes_exactly_the_queues_of_jobs_it_can_run() -> None:
    tags = {"sim", "android=10", "abi=x86_64"}
    queues = set(queues_of(tags))
    assert len(queues) == 8  # every subset, the empty one included
    for requires in ([], ["sim"], ["abi=x86_64", "android=10"], ["android=10", "abi=x86_64"]):
        assert can_run(requires, tags) and queue_for(requires) in queues
    for requires in (["vendor=samsung"], ["sim", "android=14"]):
        assert not can_run(requires, tags) and queue_for(requires) not in queues
    # order-free, and no ',' (Celery's --queues separator) in a name
    assert queue_for(["b", "a"]) == queue_for(["a", "b"]) == "harness[a+b]"
    assert queue_for([]) == "harness"


def test_inventory_tags_and_the_limit_on_tags() -> None:
    entry = DeviceEntry(
        name="pixel",
        serial="X1",
        kind="phone",
        tags=DeviceTags(android="14", abi="arm64-v8a", vendor="google", labels=["bench-2"]),
    )
    assert entry_tags(entry) == {"phone", "android=14", "abi=arm64-v8a", "vendor=google", "bench-2"}
    with pytest.raises(ConfigError, match=f"at most {MAX_TAGS} can be routed"):
        queues_of([f"t{i}" for i in range(MAX_TAGS + 1)], "h1/pixel")


def test_campaign_file_is_written_only_when_something_is_elsewhere(tmp_path: Path) -> None:
    write_campaign(tmp_path, Campaign())
    assert not (tmp_path / "campaign.json").exists() and read_campaign(tmp_path) == Campaign()
    where = Campaign(store="postgresql+psycopg://h@db/c1", broker="redis://r:6379/0")
    write_campaign(tmp_path, where)
    assert read_campaign(tmp_path) == where
    (tmp_path / "campaign.json").write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match="campaign.json: not a campaign file"):
        read_campaign(tmp_path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--broker", DEAD_BROKER, "--sim-slots", "1"],
            "--broker: the devices belong to the workers",
        ),
        (["--require", "sim"], "--require routes jobs between worker hosts: it needs --broker"),
        (
            ["--broker", DEAD_BROKER, "--require", "bad tag!"],
            "--require: 'bad tag!' is not a device tag",
        ),
        (["--store", "mysql://u@h/db"], "unsupported database 'mysql'"),
        (["--broker", DEAD_BROKER], f"--broker {DEAD_BROKER}: cannot reach Redis"),
    ],
)
def test_bad_multi_host_options_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    apps = tmp_path / "apps.txt"
    apps.write_text("com.a\n", encoding="utf-8")
    code = run_cli(["batch", str(apps), "--out", str(tmp_path / "r"), *args])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and message in err[0], err
    assert not (tmp_path / "r").exists()  # nothing is left behind


def test_worker_and_workers_say_what_is_wrong_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_cli(["workers", "--broker", DEAD_BROKER]) == 2
    assert "cannot reach Redis" in capsys.readouterr().err
    assert run_cli(["worker", "--broker", DEAD_BROKER, "--sim-slots", "1"]) == 2
    assert "cannot reach Redis" in capsys.readouterr().err
    assert run_cli(["worker", "--broker", DEAD_BROKER, "--sim-slots", "1", "--tag", "x y"]) == 2
    assert "--tag: 'x y' is not a device tag" in capsys.readouterr().err
