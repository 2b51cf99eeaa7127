"""The per-SDK rows take vendor and package from a second stream in the same order: merged
step by step, and still right when the two reads disagree (a group added to the store between
them while a batch runs)."""

from __future__ import annotations

from harness.batch.summary.query import _Names


def test_in_step() -> None:
    names = _Names(iter([("a", "r", "d", "V", "p"), ("b", "r", "d", "W", "q")]))
    assert names.get(("a", "r", "d")) == ("V", "p")
    assert names.get(("b", "r", "d")) == ("W", "q")


def test_out_of_step_group_added_between_the_reads() -> None:
    rows = [("a", "r", "d", "V", "p"), ("a2", "r", "d", "X", "x"), ("b", "r", "d", "W", "q")]
    names = _Names(iter(rows))
    assert names.get(("a", "r", "d")) == ("V", "p")
    assert names.get(("b", "r", "d")) == ("W", "q")  # "a2" came first: the rest is looked up
    assert names.get(("c", "r", "d")) == ("", "")  # a group the second read did not see
