"""Find the consent prompt in the text boxes OCR read off a screenshot, and plan taps on them.

For screens the UI dump cannot describe: a prompt painted on a canvas (Flutter, Unity, game
engines, a custom View.onDraw), a WebView that exposes no text. The same keyword tables judge
the texts as in the dump detector, with what a picture cannot tell taken into account:

- There are no nodes: a box is a control when its whole text is a control label (a button's
  caption stands alone on a picture), and a consent text when it names a policy or asks for
  consent and is not itself only a document title (a policy link).
- There is no container: the whole screen is the prompt's scope.
- A tick box has no text: a consent box's label ("我已阅读并同意《隐私政策》") is found by OCR,
  and the box itself on the picture, left of the label (harness.consent.tickbox), with whether
  it is ticked. Accepting taps an unticked box first (the accept button may be disabled until
  it is), never a ticked one (that would untick it); when no box is found the label is
  reported in the reason and nothing is tapped blind.
- A system permission prompt's texts ("While using the app") rule the screen out, as in dumps.
- Lines of running text are read only as far as they can change the verdict (`worth_reading`):
  not at all unless the other lines hold a control label or a consent box's label (a prompt
  needs a control, so a feed or an article is no prompt, and its lines stay unread), then from
  both ends inwards until one names a policy or asks for consent; after that only the lines
  with a tick box at their start (a consent box's label) are read. A permission prompt's text
  among the lines read settles the screen at once (it is no consent prompt).
- Latin words that the recogniser ran together ("Acceptall") are matched against the tables
  with their spaces removed as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from harness.consent.detector import Action, Detection
from harness.consent.keywords import Keywords, Match, Role, normalise
from harness.consent.ocr import More, OcrBox, OcrEngine, OcrReading, Progress
from harness.consent.tickbox import find_tick_box

MIN_SCORE = 0.5  # boxes the recogniser is less sure of are left out


def _classify(kw: Keywords, read: Keywords, text: str) -> Match | None:
    return kw.classify(text) or read.classify(text.replace(" ", ""))


def _mentions(kw: Keywords, read: Keywords, text: str) -> bool:
    return kw.mentions_policy(text) or read.mentions_policy(text.replace(" ", ""))


Kind = Literal["permission", "link", "tick", "control", "context"]


def _kind(kw: Keywords, read: Keywords, box: OcrBox) -> tuple[Kind, Match | None] | None:
    """What one box is to the verdict (`detect_ocr` and `worth_reading` judge alike); None:
    nothing (unsure, empty, a control word that never counts, text that names no policy)."""
    if box.score < MIN_SCORE or not normalise(box.text):
        return None
    if kw.is_permission_text(box.text) or read.is_permission_text(box.text.replace(" ", "")):
        return "permission", None
    if kw.is_policy_link(box.text):
        return "link", None  # a document title opens the document: never a control or body
    mentions = _mentions(kw, read, box.text)
    short = len(normalise(box.text)) <= kw.max_label_chars
    if short and mentions and kw.is_consent_box_label(box.text):
        return "tick", None  # "我已阅读并同意《隐私政策》": a tick box's label, and a notice
    match = _classify(kw, read, box.text)
    if match is not None and short:
        return None if match.role is Role.never else ("control", match)
    return ("context", None) if mentions else None


def _action(box: OcrBox) -> Action:
    x, y = box.center
    return Action(x=x, y=y, bounds=box.bounds, text=box.text, kind="button", source="ocr")


def _rank(item: tuple[OcrBox, Match]) -> tuple[int, int, int, int]:
    box, match = item
    # Stronger words first, then longer ones; on a tie the lower box (answers sit at the bottom).
    return (int(not match.weak), len(match.word), int(match.exact), box.bounds[1])


def detect_ocr(reading: OcrReading, *, keywords: Keywords | None = None) -> Detection:
    """Judge one screenshot's text boxes (pure: no engine needed, so tests feed boxes)."""
    kw = keywords or Keywords.load()
    read = kw.for_ocr(reading.alphabet)  # the tables as the recogniser can write them
    kinds = [(box, _kind(kw, read, box)) for box in reading.boxes]
    found = Detection(False, source="ocr", ocr=reading)
    if not any(box.score >= MIN_SCORE and normalise(box.text) for box, _ in kinds):
        found.reason = "OCR found no text on the screenshot"
        return found
    for box, kind in kinds:
        if kind is not None and kind[0] == "permission":
            found.reason = f"system permission prompt (OCR read {box.text!r}), not consent"
            return found
    controls = [(box, k[1]) for box, k in kinds if k is not None and k[1] is not None]
    context = [box for box, k in kinds if k is not None and k[0] in ("tick", "context")]
    ticks = [box for box, k in kinds if k is not None and k[0] == "tick"]
    if not context:
        found.reason = "OCR: no text names a privacy policy or asks for consent"
        return found
    accepts = [c for c in controls if c[1].role is Role.accept]
    rejects = [c for c in controls if c[1].role is Role.reject]
    if not accepts and not any(not m.weak for _, m in rejects):
        found.reason = "OCR: consent text found, but no accept or refuse control"
        return found
    found.dialog = True
    reasons = []
    if accepts:
        found.accept = [_action(max(accepts, key=_rank)[0])]
    else:
        reasons.append("no accept control")
    if rejects:
        found.reject = [_action(max(rejects, key=_rank)[0])]
    else:
        reasons.append("no refuse control")
    for tick in ticks[:1]:
        square = (
            find_tick_box(reading.picture, tick.bounds) if reading.picture is not None else None
        )
        if square is None:
            reasons.append(f"no tick box found left of {tick.text!r}; not tapped")
        elif square.ticked:
            reasons.append(f"the tick box of {tick.text!r} is ticked")
        elif found.accept:
            x, y = square.center
            tap = Action(
                x=x, y=y, bounds=square.bounds, text=tick.text, kind="checkbox", source="ocr"
            )
            found.accept.insert(0, tap)
    found.reason = "; ".join(reasons)
    return found


def worth_reading(
    alphabet: frozenset[str] | None = None, *, keywords: Keywords | None = None
) -> More:
    """Which running-text lines to read next (`OcrEngine.read`), so that reading stops as soon
    as the rest cannot change `detect_ocr`'s verdict on the screen:

    - none while no line read is a control label or a consent box's label (a prompt needs a
      control: a feed stays unread), and none once a permission prompt's text is read;
    - the next lines from the top and the bottom of what is unread (a round's worth) while no
      line names a policy or asks for consent yet;
    - after that, only the lines with a tick box at their start: a consent box's label decides
      whether Accept taps the box first. The rest is body text that adds context only.
    """
    kw = keywords or Keywords.load()
    read = kw.for_ocr(alphabet)

    def next_lines(progress: Progress) -> Sequence[int]:
        kinds = {k[0] for k in (_kind(kw, read, box) for box in progress.read) if k is not None}
        if "permission" in kinds or not kinds & {"control", "tick"}:
            return []
        if not kinds & {"context", "tick"}:
            # from both ends: a notice names the policy in its first lines ("请您仔细阅读《隐私
            # 政策》") or its last ("点击同意即表示您已阅读并同意…") more often than between
            count = len(progress.unread)
            top = min(count, (progress.step + 1) // 2)
            bottom = min(count - top, progress.step - top)
            return [*range(top), *range(count - bottom, count)]
        if progress.picture is None:
            return []
        return [
            k
            for k, line in enumerate(progress.unread)
            if find_tick_box(progress.picture, line.bounds) is not None
        ]

    return next_lines


def read_screen(engine: OcrEngine, png: bytes, *, keywords: Keywords | None = None) -> Detection:
    """Read a screenshot (its running text only when worth it, see `worth_reading`) and judge
    it; the engine's reading is kept in the detection as evidence."""
    kw = keywords or Keywords.load()
    reading = engine.read(png, more=worth_reading(engine.alphabet, keywords=kw))
    return detect_ocr(reading, keywords=kw)
