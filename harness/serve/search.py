"""The app list's text search: every app's key and package names, lower-cased, in one string.

A substring search (`LIKE '%q%'`) cannot use a B-tree index, so at 100,000 apps the store would
read every job for a rare or absent term. Here `str.find` (C speed, a few MB) walks one string
holding every app in key order and yields the apps whose key or a package contains the term;
the store then checks those candidates alone (`j.app IN (...)` on its `jobs_app` index), with
the same LIKE as before, on the latest attempt. So a candidate the index holds wrongly (a name
changed since it was built) is dropped by the store, and the index only has to be a superset.

Why not the store: `harness serve` never writes to the store, SQLite FTS5 trigram tables and
PostgreSQL's pg_trgm would be a schema (and an extension) the batch writer keeps up to date
for every finished job, and a side file would be stale the moment a run finishes. The index is
rebuilt behind the requests (`cache.Refreshed`); an app added since is found once it is rebuilt
(at most `SEARCH_EVERY_S` later, docs/dashboard.md).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass

from harness.serve.source import ReadOnlyStore

SEP = "\x00"  # between an app's names: a term never holds it (queries.apps() drops NULs)


def fold(text: str) -> str:
    """The case rule of both sides: lower() folds at least what SQLite's LIKE (ASCII) and
    PostgreSQL's ILIKE fold, so a store match is always a candidate here."""
    return text.lower()


@dataclass(frozen=True)
class Candidates:
    apps: list[str]  # in key order
    exhausted: bool  # False: stopped at the cap; apps after apps[-1] were not looked at


class NameIndex:
    def __init__(self, names: list[tuple[str, str]]) -> None:
        """`names`: (app key, package) of every job, any order (an app has one per attempt)."""
        per_app: dict[str, list[str]] = {}
        for app, package in names:
            known = per_app.get(app)
            if known is None:
                per_app[app] = [package] if package and package != app else []
            elif package and package != app and package not in known:
                known.append(package)
        self.keys = sorted(per_app)
        parts: list[str] = []
        self._starts = array("q")
        at = 0
        for key in self.keys:
            record = SEP.join([key, *per_app[key]]) + SEP
            record = fold(record)  # one call per app; its length may change, hence after
            self._starts.append(at)
            parts.append(record)
            at += len(record)
        self._starts.append(at)
        self._text = "".join(parts)

    def __len__(self) -> int:
        return len(self.keys)

    def search(self, term: str, after: str, cap: int) -> Candidates:
        """Apps after the key `after` whose key or a package holds `term`, at most `cap`."""
        needle = fold(term)
        found: list[str] = []
        i = bisect_right(self.keys, after) if after else 0
        if not needle or SEP in needle:
            return Candidates(found, True)
        text, starts, end = self._text, self._starts, len(self.keys)
        pos = starts[i] if i < end else len(text)
        while True:
            hit = text.find(needle, pos)
            if hit < 0:
                return Candidates(found, True)
            r = bisect_right(starts, hit) - 1
            if hit + len(needle) <= starts[r + 1]:  # within one app's names (SEP bounds each)
                found.append(self.keys[r])
                if len(found) >= cap:
                    return Candidates(found, r + 1 >= end)
            pos = starts[r + 1]


def build(store: ReadOnlyStore) -> NameIndex:
    """One read of every job's app and package (both backends: plain columns)."""
    return NameIndex(store.tuples("SELECT app, package FROM jobs"))
