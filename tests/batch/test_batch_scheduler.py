import threading
import time
from pathlib import Path

from batch_doubles import FakeDevice, finding, scripted_job

from harness.batch.events import DeviceChanged
from harness.batch.scheduler import run_batch
from harness.batch.settings import BatchSettings
from harness.batch.slots import DeviceSlot
from harness.batch.store import Store
from harness.batch.targets import Target
from harness.model import Rule

FAST = BatchSettings(
    window=0, background_window=0, time_limit=5, stop_grace=1, retries=2, reopen_backoff=0.05
)


def _store(tmp_path: Path, sources: list[str]) -> Store:
    store = Store.in_folder(tmp_path)
    store.add_targets(Target(f"app{i}-{s}", s, "package") for i, s in enumerate(sources))
    return store


def _slot(device: FakeDevice) -> DeviceSlot:
    return DeviceSlot(name=device.name, open=lambda: device, kind="test")


def _states(store: Store) -> dict[str, str]:
    rows = store.query(
        "SELECT app, state FROM jobs WHERE id IN (SELECT MAX(id) FROM jobs GROUP BY app)"
    )
    return {r["app"]: r["state"] for r in rows}


def test_all_apps_run_once_in_parallel_with_their_findings(tmp_path: Path) -> None:
    sources = ["com.ad", "com.good", "com.ad2", "com.good2", "nostart"]
    store = _store(tmp_path, sources)
    job = scripted_job(
        {"com.ad": [finding()], "com.ad2": [finding(), finding(rule=Rule.background)]}
    )
    outcome = run_batch(store, [_slot(FakeDevice("d1")), _slot(FakeDevice("d2"))], job, FAST)
    assert outcome.complete and outcome.finished == 5
    states = _states(store)
    assert states["app4-nostart"] == "failed_app"
    assert sum(1 for s in states.values() if s == "done") == 4
    assert {d for _, d in job.seen} == {"d1", "d2"}
    assert len(job.seen) == 5  # nothing ran twice
    assert store.query("SELECT COUNT(*) FROM findings")[0][0] == 3


def test_the_device_checks_its_health_before_every_app(tmp_path: Path) -> None:
    store = _store(tmp_path, ["com.a", "com.b", "com.c"])
    device = FakeDevice("d1")
    outcome = run_batch(store, [_slot(device)], scripted_job(), FAST)
    assert outcome.complete and outcome.finished == 3
    installs = [i for i, call in enumerate(device.calls) if call == "install"]
    assert len(installs) == 3
    assert all(device.calls[i - 1] == "health_check" for i in installs)


def test_a_hanging_app_is_cut_at_its_time_limit(tmp_path: Path) -> None:
    store = _store(tmp_path, ["hang", "com.next"])
    settings = FAST.model_copy(update={"time_limit": 0.5})
    started = time.monotonic()
    outcome = run_batch(store, [_slot(FakeDevice("d1"))], scripted_job(), settings)
    assert time.monotonic() - started < 3
    assert outcome.complete
    row = store.query("SELECT state, reason FROM jobs WHERE app = 'app0-hang'")[0]
    assert row["state"] == "timeout" and "time limit of 0.5 s" in row["reason"]
    # what the cut run had seen is kept; the next app still ran on the same device
    assert store.query("SELECT COUNT(*) FROM findings WHERE app = 'app0-hang'")[0][0] == 1
    assert _states(store)["app1-com.next"] == "done"


def test_a_run_that_ignores_cancel_quarantines_its_device(tmp_path: Path) -> None:
    store = _store(tmp_path, ["stuck", "com.next"])
    settings = FAST.model_copy(update={"time_limit": 0.3, "stop_grace": 0.3})
    outcome = run_batch(
        store, [_slot(FakeDevice("d1")), _slot(FakeDevice("d2"))], scripted_job(), settings
    )
    assert _states(store) == {"app0-stuck": "timeout", "app1-com.next": "done"}
    assert list(outcome.quarantined) in (["d1"], ["d2"])


def test_lost_device_runs_are_retried_elsewhere_and_the_device_quarantined(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path, [f"com.app{i}" for i in range(6)])
    flaky = FakeDevice("flaky", lose_on="install")  # passes its health check, then vanishes
    good = FakeDevice("good")
    changes: list[DeviceChanged] = []

    def listener(event: object) -> None:
        if isinstance(event, DeviceChanged):
            changes.append(event)

    slots = [_slot(flaky), _slot(good)]
    settings = FAST.model_copy(update={"quarantine_after": 2})
    outcome = run_batch(store, slots, scripted_job(delay=0.3), settings, listener=listener)
    assert outcome.complete
    assert set(_states(store).values()) == {"done"}
    assert "flaky" in outcome.quarantined and "good" not in outcome.quarantined
    failed = store.query("SELECT app, device FROM jobs WHERE state = 'failed_infra'")
    assert failed and {r["device"] for r in failed} == {"flaky"}
    for row in failed:  # each lost app ended on the good device
        final = store.query(
            "SELECT device FROM jobs WHERE app = :app AND state = 'done'", {"app": row["app"]}
        )
        assert [r["device"] for r in final] == ["good"]
    assert any(c.device == "flaky" and c.state == "quarantined" for c in changes)
    quarantined = store.query("SELECT state FROM devices WHERE name = 'flaky'")[0]["state"]
    assert quarantined == "quarantined"


def test_when_every_device_is_quarantined_the_rest_stays_queued(tmp_path: Path) -> None:
    store = _store(tmp_path, ["com.a", "com.b"])
    dead = FakeDevice("dead", lost=True)
    settings = FAST.model_copy(update={"quarantine_after": 2})
    outcome = run_batch(store, [_slot(dead)], scripted_job(), settings)
    assert not outcome.complete and outcome.pending == 2
    assert outcome.quarantined == {"dead": outcome.quarantined["dead"]}
    assert "health check failed" in outcome.quarantined["dead"]
    assert store.app_states() == {"queued": 2}


def test_stopping_the_batch_requeues_the_runs_it_cut(tmp_path: Path) -> None:
    store = _store(tmp_path, ["hang", "com.b", "com.c"])
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    outcome = run_batch(store, [_slot(FakeDevice("d1"))], scripted_job(), FAST, stop=stop)
    assert outcome.interrupted and outcome.pending == 3
    cut = store.query("SELECT infra_kind FROM jobs WHERE app = 'app0-hang' AND attempt = 1")
    assert cut[0]["infra_kind"] == "interrupted"
    assert store.query("SELECT COUNT(*) FROM findings")[0][0] == 0  # a cut run is no result
    assert store.app_states() == {"queued": 3}
