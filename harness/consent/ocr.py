"""Read the text on a screenshot: the OCR engine behind the consent detector's picture path.

RapidOCR (rapidocr-onnxruntime) runs the PP-OCRv4 detection and recognition models through
onnxruntime on the CPU. Its wheel ships the models, so nothing is downloaded, ever: a machine
that installed the package can read simplified and traditional Chinese and Latin text offline.
Tesseract was the alternative; its Chinese models read UI text worse on small, anti-aliased
button labels and need a separate Debian package per script, so RapidOCR it is.

The engine is optional: `harness doctor` says whether it is installed, and without it the
detector stays on UI dumps (`--consent-ocr auto` then simply has nothing to add).
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from harness.errors import HarnessError
from harness.untrusted import clip

MAX_PNG_BYTES = 32 * 1024 * 1024
MAX_PIXELS = 4096 * 4096  # a screenshot larger than this is no phone screen
MAX_BOXES = 500
MAX_BOX_TEXT = 400
# Detection time grows with the pixel count; phone screenshots are read at this long side
# (a 16 sp label on a 2400 px screen is still 17 px high) and boxes are scaled back to screen
# coordinates. benchmarks/consent_ocr.py measured 1280 px at twice the time for the same texts.
READ_LONG_SIDE = 960
ENGINE_NAME = "rapidocr-onnxruntime"


class OcrError(HarnessError):
    """The screenshot cannot be read (not a PNG, too large) or no OCR engine is installed."""


@dataclass(frozen=True)
class OcrBox:
    """One line of text the engine found: its text, confidence and screen rectangle."""

    text: str
    score: float
    bounds: tuple[int, int, int, int]  # left, top, right, bottom in screen pixels

    @property
    def center(self) -> tuple[int, int]:
        left, top, right, bottom = self.bounds
        return (left + right) // 2, (top + bottom) // 2

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "score": round(self.score, 3), "bounds": list(self.bounds)}


@dataclass(frozen=True)
class OcrReading:
    """What one screenshot said, and what it cost."""

    engine: str
    size: tuple[int, int]  # the screenshot's width, height
    boxes: list[OcrBox]
    seconds: float
    # what the recogniser can write; None: anything (thousands of characters: not in repr)
    alphabet: frozenset[str] | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "size": list(self.size),
            "seconds": round(self.seconds, 3),
            "boxes": [b.to_json() for b in self.boxes],
        }


def engine_state() -> tuple[bool, str]:
    """(installed, one line for `harness doctor`), without loading the models."""
    try:
        from importlib.metadata import version

        found = version(ENGINE_NAME)
    except Exception:  # noqa: BLE001 - any failure means: not usable here
        return False, f"{ENGINE_NAME} is not installed (pip install {ENGINE_NAME}): dumps only"
    if importlib.util.find_spec("onnxruntime") is None:
        return False, f"{ENGINE_NAME} {found} is installed but onnxruntime is not"
    return True, f"{ENGINE_NAME} {found} (PP-OCRv4 models in the wheel, CPU, offline)"


class OcrEngine:
    """The loaded models; load once (seconds), read many screenshots. Thread-safe."""

    _shared: OcrEngine | None = None
    _shared_lock = threading.Lock()

    def __init__(self) -> None:
        started = time.perf_counter()
        try:  # untyped: imported by name, used through Any
            rapid_ocr: Any = importlib.import_module("rapidocr_onnxruntime").RapidOCR
        except ImportError as exc:
            raise OcrError(f"no OCR engine: {ENGINE_NAME} is not installed ({exc})") from None
        # The angle classifier is for rotated text (photos of documents); app screens are
        # upright, and skipping it saves a model pass per box.
        # Detection at the size `read` scales to: the default (shortest side at least 736 px)
        # would enlarge a phone screenshot again.
        self._ocr: Any = rapid_ocr(
            use_cls=False,
            print_verbose=False,
            det_limit_type="max",
            det_limit_side_len=READ_LONG_SIDE,
            # One thread per session: onnxruntime's pool spins while it waits, and on a
            # loaded 2-core machine that spinning cost more CPU time than it saved (measured:
            # 0.9 s CPU per screenshot with one thread, 1.3 s with two).
            intra_op_num_threads=1,
            inter_op_num_threads=1,
        )
        self._lock = threading.Lock()
        # The characters the recogniser can write at all (its CTC dictionary): PP-OCRv4's has
        # most simplified and many, not all, traditional characters; 隱, 並, 繼 are missing and
        # come out dropped. The detector matches its tables with such characters removed too.
        try:
            alphabet = self._ocr.text_rec.postprocess_op.character
            self.alphabet: frozenset[str] | None = frozenset(str(c) for c in alphabet)
        except AttributeError:
            self.alphabet = None  # another engine layout: match the tables as written
        self.load_seconds = time.perf_counter() - started

    @classmethod
    def shared(cls) -> OcrEngine:
        """The process's one engine (the models take about 100 MB; load them once)."""
        with cls._shared_lock:
            if cls._shared is None:
                cls._shared = OcrEngine()
            return cls._shared

    def read(self, png: bytes) -> OcrReading:
        """The text boxes of a PNG screenshot, in screen coordinates, top to bottom."""
        import numpy as np
        from PIL import Image, UnidentifiedImageError

        if len(png) > MAX_PNG_BYTES:
            raise OcrError(f"screenshot is {len(png)} bytes, over the {MAX_PNG_BYTES} limit")
        try:
            with Image.open(io.BytesIO(png)) as image:
                if image.format != "PNG":
                    raise OcrError(f"screenshot is {image.format or 'unknown'}, not a PNG")
                width, height = image.size
                if width * height > MAX_PIXELS or width < 1 or height < 1:
                    raise OcrError(f"screenshot is {width}x{height} pixels: not a screen")
                scale = min(1.0, READ_LONG_SIDE / max(width, height))
                small = image.convert("RGB")
                if scale < 1.0:
                    small = small.resize((round(width * scale), round(height * scale)))
                # RapidOCR takes OpenCV's channel order (BGR).
                pixels = np.ascontiguousarray(np.asarray(small)[:, :, ::-1])
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise OcrError(f"screenshot is not a readable PNG ({exc})") from None
        started = time.perf_counter()
        with self._lock:  # onnxruntime sessions are shared; one reading at a time
            result, _ = self._ocr(pixels)
        seconds = time.perf_counter() - started
        boxes = [_box(item, scale) for item in (result or [])[:MAX_BOXES]]
        boxes.sort(key=lambda b: (b.bounds[1], b.bounds[0]))
        return OcrReading(ENGINE_NAME, (width, height), boxes, seconds, self.alphabet)


def _box(item: Any, scale: float) -> OcrBox:
    points, text, score = item
    xs = [float(p[0]) / scale for p in points]
    ys = [float(p[1]) / scale for p in points]
    bounds = (int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1)
    return OcrBox(clip(" ".join(str(text).split()), MAX_BOX_TEXT), float(score), bounds)
