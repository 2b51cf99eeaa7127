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
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from harness.errors import HarnessError
from harness.untrusted import clip

MAX_PNG_BYTES = 32 * 1024 * 1024
MAX_PIXELS = 4096 * 4096  # a screenshot larger than this is no phone screen
MAX_BOXES = 500
MAX_BOX_TEXT = 400
# Detection time grows with the pixel count, and finding where text lines are needs fewer
# pixels than reading them: lines are found at DET_LONG_SIDE (a 16 sp label on a 2400 px screen
# is still 11 px high there) and read from the screenshot at READ_LONG_SIDE, so each line's
# crop keeps its detail; boxes are scaled back to screen coordinates. benchmarks/consent_ocr.py
# measured detection at 640 px at a third of its time at 960 px, with the same lines found.
DET_LONG_SIDE = 640
READ_LONG_SIDE = 960
# Recognition costs in proportion to a line's width, and running text costs most. Lines of
# running text (wider than PARAGRAPH_ASPECT times their height, sharing their left edge with
# at least PARAGRAPH_LINES - 1 other such lines: a feed, an article, a policy summary) are read
# after the other lines, top to bottom, as far as the caller's `more` asks (`Progress`): the
# consent detector stops once the screen is settled (harness.consent.ocr_detect.worth_reading).
PARAGRAPH_ASPECT = 8.0
PARAGRAPH_LINES = 3
PARAGRAPH_EDGE_PX = 12  # left edges this close (screen pixels) count as one margin
# Lines are read on this many threads at once, each line one single-threaded recognition pass:
# onnxruntime releases the GIL while it runs, and lines are independent, so two lines on two
# cores take the time of one, where one line on two intra-op threads spent the saved time
# waiting and spinning (benchmarks/consent_ocr.py). Capped by the CPUs this process may use.
REC_THREADS = 2
# the recogniser pads every line to at least this width for its height (rec_img_shape 48x320):
# a line's cost is its width-to-height ratio, but never less than this
REC_MIN_RATIO = 320 / 48
ENGINE_NAME = "rapidocr-onnxruntime"


class OcrError(HarnessError):
    """The screenshot cannot be read (not a PNG, too large) or no OCR engine is installed."""


@dataclass(frozen=True)
class OcrBox:
    """One line of text the engine found: its text, confidence and screen rectangle."""

    text: str
    score: float
    bounds: tuple[int, int, int, int]  # left, top, right, bottom in screen pixels
    read: bool = True  # False: a line of running text left unread (the screen was settled)

    @property
    def center(self) -> tuple[int, int]:
        left, top, right, bottom = self.bounds
        return (left + right) // 2, (top + bottom) // 2

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "score": round(self.score, 3),
            "bounds": list(self.bounds),
        }
        if not self.read:
            out["read"] = False
        return out


@dataclass(frozen=True)
class OcrReading:
    """What one screenshot said, and what it cost."""

    engine: str
    size: tuple[int, int]  # the screenshot's width, height
    boxes: list[OcrBox]
    seconds: float
    # what the recogniser can write; None: anything (thousands of characters: not in repr)
    alphabet: frozenset[str] | None = field(default=None, repr=False)
    # the screenshot in grey levels (numpy uint8, screen pixels), for what text boxes cannot
    # tell: a tick box left of a consent label (harness.consent.tickbox); None: not kept
    picture: Any = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "size": list(self.size),
            "seconds": round(self.seconds, 3),
            "boxes": [b.to_json() for b in self.boxes],
        }


@dataclass(frozen=True)
class Progress:
    """A reading under way, for a `More` callback to choose which running-text lines to read
    next: indices into `unread`; none stops the reading, and the rest stays unread."""

    read: list[OcrBox]  # every line read so far (that the engine was sure enough of)
    unread: list[OcrBox]  # running-text lines not read yet, top to bottom, `read=False`
    picture: Any = field(repr=False)  # the screenshot in grey levels (see OcrReading)
    step: int = 1  # how many lines one round reads in the time of one (its threads)


More = Callable[[Progress], Sequence[int]]


def engine_state() -> tuple[bool, str]:
    """(installed, one line for `harness doctor`), without loading the models."""
    try:
        from importlib.metadata import version

        found = version(ENGINE_NAME)
    except Exception:  # noqa: BLE001 - any failure means: not usable here
        return False, f"{ENGINE_NAME} is not installed (pip install {ENGINE_NAME}): dumps only"
    if importlib.util.find_spec("onnxruntime") is None:
        return False, f"{ENGINE_NAME} {found} is installed but onnxruntime is not"
    threads = min(REC_THREADS, _usable_cpus())
    return True, (
        f"{ENGINE_NAME} {found} (PP-OCRv4 models in the wheel, CPU, offline; "
        f"{threads} line{'s' if threads > 1 else ''} read at once)"
    )


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
        # would enlarge a phone screenshot again. `read` runs detection and recognition as
        # two steps of its own (the engine's parts: text_det, text_rec, get_crop_img_list).
        self._ocr: Any = rapid_ocr(
            use_cls=False,
            print_verbose=False,
            det_limit_type="max",
            det_limit_side_len=DET_LONG_SIDE,
            # One thread per session: onnxruntime's pool spins while it waits, and on a
            # loaded 2-core machine that spinning cost more CPU time than it saved (measured:
            # 0.9 s CPU per screenshot with one thread, 1.3 s with two).
            intra_op_num_threads=1,
            inter_op_num_threads=1,
            # One line per recognition pass: a batch is padded to its widest line, so a short
            # button label batched with a sentence cost the sentence's width (measured: a
            # 4-line dialog 0.41 s CPU one by one, 0.63 s in batches of six).
            rec_batch_num=1,
        )
        self._lock = threading.Lock()
        self.threads = min(REC_THREADS, _usable_cpus())  # lines read at once
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="ocr-rec")
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

    def read(self, png: bytes, more: More | None = None) -> OcrReading:
        """The text boxes of a PNG screenshot, in screen coordinates, top to bottom.

        With `more`, lines of running text are read after the others, in rounds of the lines
        `more` picks, until it picks none; unread lines are kept with their place and
        `read=False`. Without it, every line is read.
        """
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
                picture = np.asarray(image.convert("L"))
                rgb = image.convert("RGB")
                readable, scale = _scaled(rgb, READ_LONG_SIDE)
                findable, det_scale = _scaled(rgb, DET_LONG_SIDE)
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise OcrError(f"screenshot is not a readable PNG ({exc})") from None
        started = time.perf_counter()
        with self._lock:  # onnxruntime sessions are shared; one reading at a time
            found, _ = self._ocr.text_det(findable)
            polygons = [] if found is None else list(found[:MAX_BOXES])
            # the lines' corners on the picture they are read from
            polygons = [np.asarray(p, dtype=np.float32) * (scale / det_scale) for p in polygons]
            boxes: list[OcrBox | None] = [None] * len(polygons)
            places = [_bounds(p, scale) for p in polygons]
            running = _running_text(places)
            first = [i for i in range(len(polygons)) if i not in running]
            self._recognise(readable, polygons, first, scale, boxes)
            pending = sorted(running, key=lambda i: (places[i][1], places[i][0]))
            while pending:
                chosen = pending
                if more is not None:
                    unread = [OcrBox("", 0.0, places[i], read=False) for i in pending]
                    progress = Progress(
                        [b for b in boxes if b is not None], unread, picture, self.threads
                    )
                    picks = {k for k in more(progress) if 0 <= k < len(pending)}
                    chosen = [pending[k] for k in sorted(picks)]
                    if not chosen:
                        break
                self._recognise(readable, polygons, chosen, scale, boxes)
                pending = [i for i in pending if i not in chosen]
            for i in pending:
                boxes[i] = OcrBox("", 0.0, places[i], read=False)
        seconds = time.perf_counter() - started
        kept = [b for b in boxes if b is not None]
        kept.sort(key=lambda b: (b.bounds[1], b.bounds[0]))
        return OcrReading(
            ENGINE_NAME, (width, height), kept, seconds, self.alphabet, picture=picture
        )

    def _recognise(
        self,
        image: Any,
        polygons: list[Any],
        which: list[int],
        scale: float,
        out: list[OcrBox | None],
    ) -> None:
        """Read lines `which` of `image` into `out` (in place); lines the engine is less sure
        of than its own threshold are left out, as its one-call pipeline does."""
        if not which:
            return
        crops = self._ocr.get_crop_img_list(image, [polygons[i] for i in which])
        shares = _shares([_cost(c) for c in crops], self.threads)
        # the recogniser is stateless per call (its session is safe to run from many threads)
        parts = self._pool.map(
            lambda share: self._ocr.text_rec([crops[k] for k in share])[0], shares
        )
        results: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        for share, part in zip(shares, parts, strict=True):
            for k, result in zip(share, part, strict=True):
                results[k] = result
        for i, (text, score) in zip(which, results, strict=True):
            if float(score) >= self._ocr.text_score:
                out[i] = OcrBox(
                    clip(" ".join(str(text).split()), MAX_BOX_TEXT),
                    float(score),
                    _bounds(polygons[i], scale),
                )


def _usable_cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _cost(crop: Any) -> float:
    """What recognising a line crop costs, relative to others: its padded width at height 1."""
    height, width = crop.shape[:2]
    return max(REC_MIN_RATIO, float(width) / max(1, int(height)))


def _shares(costs: list[float], threads: int) -> list[list[int]]:
    """The lines (indices into `costs`) each thread reads, dealt costliest first to the least
    loaded thread so the threads finish together; empty shares left out."""
    loads = [0.0] * threads
    shares: list[list[int]] = [[] for _ in range(threads)]
    for k in sorted(range(len(costs)), key=lambda k: -costs[k]):
        least = loads.index(min(loads))
        shares[least].append(k)
        loads[least] += costs[k]
    return [share for share in shares if share]


def _scaled(image: Any, long_side: int) -> tuple[Any, float]:
    """The picture at `long_side` pixels at most (never enlarged), in the engine's channel
    order (OpenCV's BGR), and the factor applied."""
    import numpy as np

    width, height = image.size
    scale = min(1.0, long_side / max(width, height))
    if scale < 1.0:
        image = image.resize((round(width * scale), round(height * scale)))
    return np.ascontiguousarray(np.asarray(image)[:, :, ::-1]), scale


def _bounds(points: Any, scale: float) -> tuple[int, int, int, int]:
    xs = [float(p[0]) / scale for p in points]
    ys = [float(p[1]) / scale for p in points]
    return int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1


def _running_text(bounds: list[tuple[int, int, int, int]]) -> set[int]:
    """The lines that are running text: wide for their height and sharing a left margin with
    other such lines (a button's caption is short or stands alone)."""
    wide = [
        i
        for i, (left, top, right, bottom) in enumerate(bounds)
        if right - left > PARAGRAPH_ASPECT * max(1, bottom - top)
    ]
    return {
        i
        for i in wide
        if sum(abs(bounds[i][0] - bounds[j][0]) <= PARAGRAPH_EDGE_PX for j in wide)
        >= PARAGRAPH_LINES
    }
