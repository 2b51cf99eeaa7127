"""Find the consent prompt in the text boxes OCR read off a screenshot, and plan taps on them.

For screens the UI dump cannot describe: a prompt painted on a canvas (Flutter, Unity, game
engines, a custom View.onDraw), a WebView that exposes no text. The same keyword tables judge
the texts as in the dump detector, with what a picture cannot tell taken into account:

- There are no nodes: a box is a control when its whole text is a control label (a button's
  caption stands alone on a picture), and a consent text when it names a policy or asks for
  consent and is not itself only a document title (a policy link).
- There is no container: the whole screen is the prompt's scope.
- Tick boxes cannot be seen ticked or not. A consent box's label is reported in the reason and
  not tapped: tapping it blind could untick it.
- A system permission prompt's texts ("While using the app") rule the screen out, as in dumps.
- Latin words that the recogniser ran together ("Acceptall") are matched against the tables
  with their spaces removed as well.
"""

from __future__ import annotations

from harness.consent.detector import Action, Detection
from harness.consent.keywords import Keywords, Match, Role, normalise
from harness.consent.ocr import OcrBox, OcrReading

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
    if ticks:
        reasons.append(
            f"a tick box labelled {ticks[0].text!r} cannot be seen ticked or not; not tapped"
        )
    found.reason = "; ".join(reasons)
    return found
