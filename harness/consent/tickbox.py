"""Find a tick box on a screenshot: the square before a consent label ("我已阅读并同意…").

OCR reads the label but not the box, and a drawn screen has no node saying whether it is ticked.
The picture does: a tick box is a square outline about as high as its label's text, just before
the text on the same line (OCR's line detector often counts it into the line's bounds). This
looks there, in grey levels, for a run of columns that differ from the background and whose
outline is closed on all four sides (a glyph of another word is not), and tells ticked from not
ticked by its inside: empty (the background) or filled / marked. A label whose first character
is itself a closed square (口, 回) before any box could be taken for one: consent labels start
with 我 / 本人 / I / Ich, so the tables make that unlikely.

Written here rather than taken from a library: OpenCV (which RapidOCR brings) could find the
contours, but the detector must work where the optional engine is not installed, and the test
for one square beside a known line is a few lines of numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Bounds = tuple[int, int, int, int]  # left, top, right, bottom in screen pixels

CONTRAST = 60  # grey levels from the background that count as ink
MIN_SIDE, MAX_SIDE = 0.5, 2.5  # the box's side, in label heights
LOOK_LEFT = 4.0  # how far left of the label to look, in label heights
# ... and how far into it: OCR's line detector often takes the box in as the line's first
# "character" (it reads nothing for it, but the line's bounds start at the box)
LOOK_IN = 2.0
MIN_OUTLINE = 0.8  # share of each side's line that is ink (a square's border: all of it)
MAX_RUNS = 12  # column runs tried (bounded work on a busy picture)
MIN_INSIDE = 0.15  # share of ink inside the border from which the box counts as ticked


@dataclass(frozen=True)
class TickBox:
    bounds: Bounds
    ticked: bool

    @property
    def center(self) -> tuple[int, int]:
        left, top, right, bottom = self.bounds
        return (left + right) // 2, (top + bottom) // 2


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """Start and end (exclusive) of each run of True."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start, i))
            start = None
    return out


def find_tick_box(gray: Any, label: Bounds) -> TickBox | None:
    """The tick box left of `label` in a greyscale screenshot (numpy uint8, rows x columns),
    or None when there is no closed square there."""
    import numpy as np

    left, top, right, bottom = label
    height = max(1, bottom - top)
    rows, cols = gray.shape
    y0, y1 = max(0, top - height), min(rows, bottom + height)
    x0, x1 = max(0, left - int(LOOK_LEFT * height)), min(cols, left + int(LOOK_IN * height))
    if x1 - x0 < MIN_SIDE * height or y1 <= y0:
        return None
    region = gray[y0:y1, x0:x1].astype(np.int16)
    background = int(np.median(region))
    ink = np.abs(region - background) > CONTRAST
    # The box is the leftmost run of inked columns there that is a closed square: it comes
    # before the text, and the label's glyphs (also in the region) are not closed squares.
    for c0, c1 in _runs([bool(c) for c in ink.any(axis=0)])[:MAX_RUNS]:
        found = _square(ink, c0, c1, (top + bottom) // 2 - y0, height)
        if found is not None:
            (r0, r1), ticked = found
            return TickBox((x0 + c0, y0 + r0, x0 + c1, y0 + r1), ticked)
    return None


def _square(
    ink: Any, c0: int, c1: int, middle: int, height: int
) -> tuple[tuple[int, int], bool] | None:
    """The rows of a closed square in columns c0..c1 across row `middle`, and whether it is
    ticked; None when those columns hold no such square."""
    row_runs = _runs([bool(r) for r in ink[:, c0:c1].any(axis=1)])
    overlapping = [r for r in row_runs if r[0] <= middle < r[1]]
    if not overlapping:
        return None
    r0, r1 = overlapping[0]
    width, tall = c1 - c0, r1 - r0
    if not (MIN_SIDE * height <= min(width, tall) and max(width, tall) <= MAX_SIDE * height):
        return None
    if not 0.7 <= width / tall <= 1.4:
        return None
    box = ink[r0:r1, c0:c1]
    edge = max(1, min(width, tall) // 10)
    # Each side's most inked line within its band: a stroke thinner than the band still counts.
    sides = [
        box[:edge, :].mean(axis=1).max(),
        box[-edge:, :].mean(axis=1).max(),
        box[:, :edge].mean(axis=0).max(),
        box[:, -edge:].mean(axis=0).max(),
    ]
    if min(float(side) for side in sides) < MIN_OUTLINE:
        return None  # not a closed square: a glyph, an icon, a photo
    inset = max(edge + 1, min(width, tall) // 4)
    inside = box[inset:-inset, inset:-inset]
    ticked = inside.size > 0 and float(inside.mean()) >= MIN_INSIDE
    return (r0, r1), ticked
