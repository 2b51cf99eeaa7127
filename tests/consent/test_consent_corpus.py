"""The detector over the whole corpus (corpus.yaml): every screen's verdict and taps, in order."""

from __future__ import annotations

import pytest
from corpus import Screen, load

from harness.consent.detector import Action, detect
from harness.consent.uidump import parse_dump

SCREENS = load()


def _inside(action: Action, bounds: tuple[int, int, int, int]) -> bool:
    left, top, right, bottom = bounds
    return left <= action.x < right and top <= action.y < bottom


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_every_screen_gets_its_expected_taps(screen: Screen) -> None:
    found = detect(screen.xml)
    assert found.dialog is screen.dialog, found.reason
    assert [a.text for a in found.accept] == screen.accept, found.reason
    assert [a.text for a in found.reject] == screen.reject, found.reason
    if not screen.dialog:
        assert found.reason  # a person reading the evidence learns why


@pytest.mark.parametrize(
    "screen", [s for s in SCREENS if s.traps], ids=[s.name for s in SCREENS if s.traps]
)
def test_traps_are_never_tapped(screen: Screen) -> None:
    dump = parse_dump(screen.xml)
    found = detect(dump)
    for label, why in screen.traps.items():
        nodes = [n for n in dump.nodes if n.label == label and n.bounds]
        assert nodes, f"{screen.name}: trap {label!r} is not on the screen"
        for node in nodes:
            assert node.bounds is not None
            for action in found.accept + found.reject:
                assert not _inside(action, node.bounds), (label, why, action)


def test_the_corpus_is_broad_enough() -> None:
    langs = {s.lang for s in SCREENS}
    assert len(SCREENS) >= 60
    assert {"zh-Hans", "zh-Hant", "en", "de"} <= langs
    assert all(s.note for s in SCREENS)
    assert len({s.name for s in SCREENS}) == len(SCREENS)
    assert {s.window for s in SCREENS} == {"dialog", "sheet", "page"}
    assert sum(not s.dialog for s in SCREENS) >= 15  # screens that must not be answered
