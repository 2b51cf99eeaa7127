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
- Lines of running text are read only when the other lines give a reason (`read_screen`): a
  control label, a consent box's label or a permission prompt's text. A prompt needs a control,
  so a screen of running text alone (a feed, an article) is not one, and its lines stay unread.
- Latin words that the recogniser ran together ("Acceptall") are matched against the tables
  with their spaces removed as well.
"""

from __future__ import annotations

from collections.abc import Callable

from harness.consent.detector import Action, Detection
from harness.consent.keywords import Keywords, Match, Role, normalise
from harness.consent.ocr import OcrBox, OcrEngine, OcrReading
from harness.consent.tickbox import find_tick_box

MIN_SCORE = 0.5  # boxes the recogniser is less sure of are left out


def _classify(kw: Keywords, read: Keywords, text: str) -> Match | None:
    return kw.classify(text) or read.classify(text.replace(" ", ""))


def _mentions(kw: Keywords, read: Keywords, text: str) -> bool:
    return kw.mentions_policy(text) or read.mentions_policy(text.replace(" ", ""))


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
    boxes = [b for b in reading.boxes if b.score >= MIN_SCORE and normalise(b.text)]
    found = Detection(False, source="ocr", ocr=reading)
    if not boxes:
        found.reason = "OCR found no text on the screenshot"
        return found
    for box in boxes:
        if kw.is_permission_text(box.text) or read.is_permission_text(box.text.replace(" ", "")):
            found.reason = f"system permission prompt (OCR read {box.text!r}), not consent"
            return found
    controls: list[tuple[OcrBox, Match]] = []
    context: list[OcrBox] = []
    ticks: list[OcrBox] = []
    for box in boxes:
        if kw.is_policy_link(box.text):
            continue  # a document title opens the document: never a control, never the body
        mentions = _mentions(kw, read, box.text)
        short = len(normalise(box.text)) <= kw.max_label_chars
        if short and mentions and kw.is_consent_box_label(box.text):
            ticks.append(box)  # "我已阅读并同意《隐私政策》": a tick box's label, and a notice
            context.append(box)
            continue
        match = _classify(kw, read, box.text)
        if match is not None and short:
            if match.role is not Role.never:
                controls.append((box, match))
            continue
        if mentions:
            context.append(box)
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
) -> Callable[[list[OcrBox]], bool]:
    """Whether the lines read so far make the rest worth reading: one of them is a control
    label, a consent box's label or a permission prompt's text, as `detect_ocr` judges them."""
    kw = keywords or Keywords.load()
    read = kw.for_ocr(alphabet)

    def wanted(boxes: list[OcrBox]) -> bool:
        for box in boxes:
            if box.score < MIN_SCORE or not normalise(box.text) or kw.is_policy_link(box.text):
                continue
            squeezed = box.text.replace(" ", "")
            if kw.is_permission_text(box.text) or read.is_permission_text(squeezed):
                return True
            if kw.is_consent_box_label(box.text):
                return True
            match = _classify(kw, read, box.text)
            if match is not None and match.role is not Role.never:
                return True
        return False

    return wanted


def read_screen(engine: OcrEngine, png: bytes, *, keywords: Keywords | None = None) -> Detection:
    """Read a screenshot (its running text only when worth it, see `worth_reading`) and judge
    it; the engine's reading is kept in the detection as evidence."""
    kw = keywords or Keywords.load()
    reading = engine.read(png, more=worth_reading(engine.alphabet, keywords=kw))
    return detect_ocr(reading, keywords=kw)
