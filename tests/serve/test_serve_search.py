"""The app list's search and filters over the name index and bounded pages give what a plain
scan of the store gives: every app (latest attempt) matching every filter, once, in key order,
however the pages are cut (small WINDOW and FEW_MATCHES force every plan and short pages;
FEW_MATCHES 0: no filter counts as rare, so every page walks the apps in key order)."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator

import pytest

from harness.batch.db import store_url
from harness.batch.model import JobResult, JobState
from harness.batch.store import Store
from harness.batch.targets import Target
from harness.model import Category, Rule
from harness.serve import queries, search
from harness.serve.source import ReadOnlyStore

from .stores import XSS, finding

SDKS = ("Umeng", "JPush", "Bugly", "SDK_100%")
STATES = (JobState.done, JobState.done, JobState.failed_app, JobState.timeout)
# names a LIKE pattern or a case rule could get wrong: wildcards, a backslash, non-ASCII
# capitals (SQLite's LIKE folds ASCII alone), markup
ODD = ["com.x_y.app", "com.x%y.app", "com.back\\slash", "com.ÉCOLE.app", "com.école.app",
       "com.Upper.CASE", "com.evil" + XSS]  # fmt: skip
TERMS = ["app", "APP", "x_y", "x%y", "%", "_", "\\", "école", "ÉCOLE", "case", "<img",
         "com.", "app01", "pkg.", "zz-none", "", "\x00", "a\x00p", "1.p"]  # fmt: skip


def ascii_fold(text: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in text)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReadOnlyStore]:
    """59 apps by the batch's own writer: several outcomes, packages unlike their keys, a
    retried app whose package changed, findings of four SDKs, and the odd names."""
    folder = tmp_path_factory.mktemp("search")
    rng = random.Random(18)
    writer = Store.in_folder(folder)
    keys = [f"com.app{i:02d}" for i in range(52)] + ODD
    writer.add_targets(Target(k, k, "package") for k in keys)
    device = "lab/sim-1"
    job = writer.claim(device, {device})
    assert job is not None and job.app == keys[0]
    writer.finish(job, device, JobResult(JobState.failed_infra, package="old.name"), retries=1)
    for _ in range(len(keys)):
        job = writer.claim(device, {device})
        assert job is not None
        found = [
            finding(
                rng.choice(SDKS),
                rng.choice([Rule.pre_consent, Rule.background, Rule.sent_before_consent]),
                rng.choice([Category.device_id, Category.location, Category.contacts]),
            )
            for _ in range(rng.choice((0, 1, 2, 3)))
        ]
        state = rng.choice(STATES)
        writer.finish(
            job,
            device,
            JobResult(
                state,
                package=f"pkg.{job.app[::-1]}" if rng.random() < 0.5 else job.app,
                findings=found if state == JobState.done else [],
            ),
            retries=1,
        )
    writer.claim(device, {device})  # none left: every app has its result
    writer.close()
    reader = ReadOnlyStore(store_url(folder / "harness.db"))
    yield reader
    reader.close()


def plain_scan(db: str, **f: str) -> list[str]:
    """The reference: every latest attempt read, each filter tested in Python."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        latest: dict[str, tuple[int, str, str]] = {}
        for job_id, app, package, state in conn.execute(
            "SELECT id, app, package, state FROM jobs ORDER BY id"
        ):
            latest[app] = (job_id, package, state)
        finds: dict[int, list[tuple[str, str, str, str]]] = {}
        for job_id, rule, data, kind, name in conn.execute(
            "SELECT job_id, rule, data, actor_kind, actor_name FROM findings"
        ):
            finds.setdefault(job_id, []).append((rule, data, kind, name))
    finally:
        conn.close()
    q = ascii_fold(f.get("q", "").replace("\x00", ""))
    out = []
    for app, (job_id, package, state) in latest.items():
        if q and q not in ascii_fold(app) and q not in ascii_fold(package):
            continue
        if f.get("state") and state != f["state"]:
            continue
        wanted = [(i, f[k]) for i, k in ((0, "rule"), (1, "data"), (3, "sdk")) if f.get(k)]
        if wanted and not any(
            all(x[i] == v for i, v in wanted) and (not f.get("sdk") or x[2] == "sdk")
            for x in finds.get(job_id, [])
        ):
            continue
        out.append(app)
    return sorted(out)


def walk(reader: ReadOnlyStore, names: search.NameIndex | None, **f: str) -> list[str]:
    keys: list[str] = []
    after, pages = "", 0
    while True:
        page = queries.apps(reader, after=after, limit=4, names=names, **f)
        assert len(page.apps) <= 4
        keys += [a.app for a in page.apps]
        if page.next is None:
            return keys
        assert page.next > after, "a page must move on"
        after, pages = page.next, pages + 1
        assert pages < 500


CASES = [{"q": t} for t in TERMS] + [
    {"sdk": "Bugly"},
    {"sdk": "SDK_100%"},
    {"sdk": "none"},
    {"rule": "background"},
    {"data": "contacts"},
    {"data": "location", "rule": "pre_consent"},
    {"data": "device_id", "sdk": "Umeng"},
    {"state": "timeout"},
    {"state": "done", "q": "app"},
    {"state": "done", "data": "location", "q": "pkg"},
    {"sdk": "JPush", "q": "1"},
    {"q": "old.name"},  # the package of a replaced attempt: not the latest, never found
]


@pytest.mark.parametrize("window,few", [(10_000, 10_000), (5, 10_000), (5, 2), (1, 0), (3, 0)])
def test_pages_over_the_index_equal_a_plain_scan(
    store: ReadOnlyStore, monkeypatch: pytest.MonkeyPatch, window: int, few: int
) -> None:
    monkeypatch.setattr(queries, "WINDOW", window)
    monkeypatch.setattr(queries, "SEARCH_WINDOW", window)
    monkeypatch.setattr(queries, "FEW_MATCHES", few)
    db = str(store.url.database)
    names = search.build(store)
    assert len(names) == 59
    nonempty = 0
    for case in CASES:
        expected = plain_scan(db, **case)
        nonempty += bool(expected)
        assert walk(store, names, **case) == expected, case
        assert walk(store, None, **case) == expected, case  # without the index: LIKE alone
    assert nonempty >= len(CASES) - 6  # the cases do select something


def test_the_odd_names_are_found_literally(store: ReadOnlyStore) -> None:
    names = search.build(store)
    assert walk(store, names, q="x_y") == ["com.x_y.app"]  # `_` is no wildcard
    assert walk(store, names, q="x%y") == ["com.x%y.app"]
    assert walk(store, names, q="\\") == ["com.back\\slash"]
    assert walk(store, names, q="upper.case") == ["com.Upper.CASE"]
    assert walk(store, names, q="<img") == ["com.evil" + XSS]
    # SQLite folds ASCII alone: the index offers both spellings, the store keeps its own match
    assert walk(store, names, q="école") == ["com.école.app"]


def test_a_bounded_page_says_where_it_stopped(
    store: ReadOnlyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "WINDOW", 5)
    monkeypatch.setattr(queries, "FEW_MATCHES", 0)  # no filter is rare: every page walks
    page = queries.apps(store, sdk="no such SDK", limit=4)
    assert page.apps == [] and page.scanned_to is not None and page.next == page.scanned_to
    full = queries.apps(store, limit=4)  # no filter: the first 4 apps fill it, no bound said
    assert len(full.apps) == 4 and full.scanned_to is None and full.next == full.apps[-1].app


def test_the_name_index_caps_and_resumes() -> None:
    index = search.NameIndex([(f"k{i:03d}", f"P{i}") for i in range(300)] + [("z", "")])
    first = index.search("p1", "", 5)
    assert first.apps == ["k001", "k010", "k011", "k012", "k013"] and not first.exhausted
    rest = index.search("p1", first.apps[-1], 1000)
    assert rest.exhausted and rest.apps[0] == "k014" and "k199" in rest.apps
    assert len(first.apps) + len(rest.apps) == 111  # 1, 10-19, 100-199
    assert index.search("k2", "k250", 1000).apps == [f"k{i}" for i in range(251, 300)]
    assert index.search("nothing", "", 10) == search.Candidates([], True)
    assert index.search("\x00", "", 10).apps == []  # the separator never matches


def test_every_sdk_categories_equal_each_sdks_own(store: ReadOnlyStore) -> None:
    every = queries.every_sdk_categories(store)
    assert set(every) == set(SDKS)
    for sdk in SDKS:
        own = queries.sdk_categories(store, sdk)
        assert every[sdk] == [(c.rule, c.data, c.apps) for c in own] and own
    assert queries.rules_present(store) == sorted(
        {r for r in ("pre_consent", "background", "sent_before_consent")}
    )
