"""Watch a device for the consent dialog and answer it: accept or refuse.

The driver never sleeps a fixed time to wait for readiness: it polls the UI dump until it sees
what it waits for or a timeout passes. After every tap it waits for the window to change and
re-plans from a fresh dump, so checkboxes that unlock the accept button and second prompts after a
refusal ("再次提示 / 您需要同意…") are handled; the number of taps is bounded.

Where the dump shows no prompt, a screenshot read by OCR may (`ocr`): `auto` reads the screen
only when the dump has no prompt (and is no permission prompt) but holds views whose content it
cannot show (a canvas, a WebView: `UiDump.opaque`), `always` lets the screenshot
decide on every look, `never` stays on dumps. A screen's reading is cached by the picture's
hash, so polling an unchanged screen costs one OCR pass, not one per poll.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from harness.consent.detector import Action, Detection, detect
from harness.consent.keywords import Keywords
from harness.consent.ocr import OcrEngine, OcrError, engine_state
from harness.consent.ocr_detect import read_screen
from harness.consent.permission import PermissionPrompts
from harness.consent.scenario import Scenario
from harness.consent.uidump import DumpError, parse_dump
from harness.device.base import Device
from harness.errors import HarnessError
from harness.model import Marker

_MAX_PROMPTS_PER_LOOK = 4
OcrMode = Literal["auto", "always", "never"]
_OCR_CACHE = 16  # screens remembered by picture hash


@dataclass(frozen=True)
class DialogState:
    detection: Detection
    dump: str
    seen_at: float  # wall clock, seconds since the Unix epoch
    waited_s: float  # seconds from the start of the wait until the dialog was seen


@dataclass
class ConsentResult:
    outcome: Literal["accepted", "refused", "failed"]
    detail: str
    taps: list[Action] = field(default_factory=list)


class ConsentDriver:
    """Finds and answers the consent dialog on one device.

    `settle`: after the dialog disappears, how long it must stay away before the answer counts
    (a second prompt often appears a moment after the first one closes).
    `change_timeout`: how long to wait for the window to react to a tap.
    """

    def __init__(
        self,
        device: Device,
        *,
        scenario: Scenario | None = None,
        poll_interval: float = 0.5,
        settle: float = 1.0,
        change_timeout: float = 3.0,
        max_taps: int = 8,
        keywords: Keywords | None = None,
        prompts: PermissionPrompts | None = None,
        ocr: OcrMode = "never",
    ) -> None:
        self.device = device
        self.prompts = prompts  # answers system permission prompts met while looking
        self.scenario = scenario
        self.poll_interval = poll_interval
        self.settle = settle
        self.change_timeout = change_timeout
        self.max_taps = max_taps
        self.keywords = keywords or Keywords.load()
        self.ocr: OcrMode = ocr
        self.ocr_note = ""  # why OCR was not used although asked for, for the report
        if ocr != "never":
            installed, detail = engine_state()
            if not installed and ocr == "always":
                raise OcrError(f"--consent-ocr always: {detail}")
            if not installed:
                self.ocr, self.ocr_note = "never", f"OCR not used: {detail}"
        self._engine: OcrEngine | None = None
        self._readings: OrderedDict[str, Detection] = OrderedDict()
        self.last_ocr: Detection | None = None  # the last screenshot that was read

    # --- observing ---

    def _read_screen(self) -> tuple[str, Detection | None]:
        """(picture hash, OCR detection) of the screen now; ("", None) without a picture."""
        with tempfile.TemporaryDirectory(prefix="harness-ocr-") as tmp:
            path = Path(tmp) / "screen.png"
            try:
                if not self.device.screenshot(path):
                    return "", None
                png = path.read_bytes()
            except (HarnessError, OSError) as exc:
                self.ocr_note = f"OCR not used: no screenshot ({exc})"
                return "", None
        digest = hashlib.sha256(png).hexdigest()
        cached = self._readings.get(digest)
        if cached is None:
            if self._engine is None:
                self._engine = OcrEngine.shared()
            try:
                cached = read_screen(self._engine, png, keywords=self.keywords)
            except OcrError as exc:
                self.ocr_note = f"OCR not used: {exc}"
                return digest, None
            self._readings[digest] = cached
            while len(self._readings) > _OCR_CACHE:
                self._readings.popitem(last=False)
        self.last_ocr = cached
        return digest, cached

    def _look(self, followup: bool = False) -> tuple[str, Detection | None]:
        """A fresh view of the screen (its dump, plus the picture's hash when OCR read it) and
        its detection; None when neither the dump nor a picture could be judged."""
        dump = self.device.dump_ui()
        # A permission prompt over the app is answered first (bounded: an app asking in a loop
        # must not keep the driver here); it is never taken for the privacy dialog.
        for _ in range(_MAX_PROMPTS_PER_LOOK):
            if self.prompts is None or not self.prompts.handle(dump):
                break
            dump = self.device.dump_ui()
        try:
            found: Detection | None = detect(
                dump, scenario=self.scenario, followup=followup, keywords=self.keywords
            )
        except DumpError:
            found = None  # mid-transition or a uiautomator hiccup: just look again
        if self.ocr == "never" or self.scenario is not None:
            return dump, found  # a scenario names dump nodes: the dump decides
        if found is not None and "permission prompt" in found.reason:
            return dump, found  # never read a permission prompt as anything else
        if self.ocr == "auto" and not _needs_picture(dump, found):
            return dump, found
        digest, seen = self._read_screen()
        key = f"{dump}\n<!-- screen {digest} -->"
        if seen is None or (not seen.dialog and self.ocr == "auto"):
            return key, found if found is not None else seen
        return key, seen

    def _pause(self, deadline: float) -> None:
        left = deadline - time.monotonic()
        if left > 0:
            time.sleep(min(self.poll_interval, left))

    def wait_for_dialog(
        self, timeout: float, should_stop: Callable[[], bool] = lambda: False
    ) -> DialogState | None:
        """Poll the UI until a consent dialog shows (its state) or `timeout` s pass (None)."""
        start = time.monotonic()
        deadline = start + timeout
        while True:
            dump, found = self._look()
            if found is not None and found.dialog:
                return DialogState(found, dump, time.time(), round(time.monotonic() - start, 3))
            if should_stop() or time.monotonic() >= deadline:
                return None
            self._pause(deadline)

    def _after_tap(self, before: str, followup: bool) -> tuple[str, Detection] | None:
        """The window (dump, detection) once it reacted to a tap; None when no dialog is left."""
        deadline = time.monotonic() + self.change_timeout
        dump, found = self._look(followup)
        while dump == before and time.monotonic() < deadline:
            self._pause(deadline)
            dump, found = self._look(followup)
        if found is not None and found.dialog:
            return dump, found
        # Gone, or between two prompts: it must stay gone for `settle` seconds.
        deadline = time.monotonic() + self.settle
        while time.monotonic() < deadline:
            self._pause(deadline)
            dump, found = self._look(followup)
            if found is not None and found.dialog:
                return dump, found
        return None

    # --- acting ---

    def act(self, mode: Literal["accept", "reject"], mark: Callable[[str], None]) -> ConsentResult:
        """Answer the dialog on screen; `mark(marker)` is called just before the decisive tap."""
        if mode not in ("accept", "reject"):
            raise ValueError(f"consent mode must be accept or reject, not {mode!r}")
        marker = Marker.consent_accepted if mode == "accept" else Marker.consent_refused
        done: Literal["accepted", "refused"] = "accepted" if mode == "accept" else "refused"
        taps: list[Action] = []
        marked = False
        refused_once = False
        # The window may be mid-animation (an empty dump): give it `change_timeout` to settle.
        deadline = time.monotonic() + self.change_timeout
        dump, found = self._look()
        while (found is None or not found.dialog) and time.monotonic() < deadline:
            self._pause(deadline)
            dump, found = self._look()
        if found is None or not found.dialog:
            why = found.reason if found is not None else "the UI dump could not be read"
            return ConsentResult("failed", f"no consent dialog on screen to {mode} ({why})", taps)
        while len(taps) < self.max_taps:
            plan = found.accept if mode == "accept" else found.reject
            if not plan:
                why = f" ({found.reason})" if found.reason else ""
                return ConsentResult("failed", f"the dialog offers no way to {mode}{why}", taps)
            step = plan[0]
            decisive = len(plan) == 1
            if decisive and not marked:
                mark(marker.value)
                marked = True
            self.device.tap(step.x, step.y)
            taps.append(step)
            refused_once = refused_once or (decisive and mode == "reject")
            after = self._after_tap(dump, followup=refused_once)
            if after is None:
                if not marked:
                    # A checkbox tap closed the dialog: unexpected, and nothing was decided.
                    return ConsentResult(
                        "failed", "the dialog closed before the decisive tap", taps
                    )
                return ConsentResult(done, _describe(done, taps), taps)
            dump, found = after
        texts = ", ".join(repr(t.text) for t in taps)
        return ConsentResult(
            "failed", f"the dialog was still shown after {len(taps)} taps ({texts})", taps
        )


def _needs_picture(dump: str, found: Detection | None) -> bool:
    """`auto`: read the screenshot only when the dump shows no prompt and has views whose
    content it cannot describe (a canvas, a WebView), or could not be read at all. A text-rich
    screen without a prompt is not read: polling it would cost an OCR pass per change."""
    if found is not None and found.dialog:
        return False
    try:
        return bool(parse_dump(dump).opaque())
    except DumpError:
        return True


def _describe(outcome: str, taps: list[Action]) -> str:
    steps = ", then ".join(f"{t.text!r} at ({t.x}, {t.y})" for t in taps)
    return f"{outcome}: tapped {steps}; the dialog went away"
