"""A report link is the report path joined to the root's relative path and normalised: the
quick join of a path already in normal form gives what normpath gives, for any path."""

from __future__ import annotations

import posixpath
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from harness.batch.summary.links import report_link

SEGMENTS = st.sampled_from(["apps", "a", ".", "..", "", ".x", "x.", "r.html", " ", "\\"])
PATHS = st.lists(SEGMENTS, max_size=6).map("/".join)


@given(PATHS)
def test_links_equal_normpath_of_the_join(path: str) -> None:
    for root, dest in (
        (Path("/lab/run"), Path("/lab/run/summary.xlsx")),
        (Path("/lab/artifacts"), Path("/lab/run/summary.xlsx")),
        (Path("/lab/run/deep/er"), Path("/lab/run/summary.xlsx")),
    ):
        base = posixpath.relpath(str(root), str(dest.parent))
        assert report_link(root, dest)(path) == posixpath.normpath(posixpath.join(base, path))
