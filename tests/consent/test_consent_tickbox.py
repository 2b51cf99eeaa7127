"""OCR's tick boxes: the square left of a consent label, found on the picture, tapped when empty."""

from __future__ import annotations

import importlib.util
import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from harness.consent.ocr import OcrBox, OcrReading
from harness.consent.ocr_detect import detect_ocr, read_screen
from harness.consent.tickbox import find_tick_box
from harness.device.sim.fonts import screenshot_font

LABEL = "我已阅读并同意《用户协议》和《隐私政策》"
LABEL_AT = (230, 1100)  # where the label's text starts
BOX = (150, 1100, 200, 1150)


def screen(box: str | None, *, extra: str = "") -> Image.Image:
    """A drawn prompt: notice, tick box ("empty", "ticked", "glyph": a character instead, None:
    nothing) before the label, and two buttons."""
    font = ImageFont.truetype(str(screenshot_font()), 44)
    image = Image.new("RGB", (1080, 2400), (120, 120, 120))
    draw = ImageDraw.Draw(image)
    draw.rectangle((90, 600, 990, 1600), fill="white")
    draw.text((150, 700), "请阅读《隐私政策》后使用本应用", font=font, fill="black")
    if box in ("empty", "ticked"):
        draw.rectangle(BOX, outline=(30, 100, 200), width=5)
        if box == "ticked":
            draw.rectangle((160, 1110, 190, 1140), fill="black")
    elif box == "glyph":
        draw.text((150, 1100), "※", font=font, fill="black")
    draw.text(LABEL_AT, extra + LABEL, font=font, fill="black")
    for rect, text in (((130, 1300, 520, 1440), "不同意"), ((560, 1300, 950, 1440), "同意")):
        draw.rectangle(rect, fill=(200, 220, 250))
        draw.text((rect[0] + 120, rect[1] + 45), text, font=font, fill="black")
    return image


def gray(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L"))


LABEL_BOUNDS = (226, 1098, 1010, 1152)  # about where OCR puts the label's line


@pytest.mark.parametrize("state, ticked", [("empty", False), ("ticked", True)])
def test_the_square_left_of_the_label_is_found_with_its_state(state, ticked):
    found = find_tick_box(gray(screen(state)), LABEL_BOUNDS)
    assert found is not None and found.ticked is ticked
    left, top, right, bottom = found.bounds
    assert abs(left - BOX[0]) <= 4 and abs(top - BOX[1]) <= 4
    assert abs(right - BOX[2]) <= 4 and abs(bottom - BOX[3]) <= 4
    x, y = found.center
    assert BOX[0] < x < BOX[2] and BOX[1] < y < BOX[3]


@pytest.mark.parametrize("state", [None, "glyph"])
def test_no_square_no_tick_box(state):
    assert find_tick_box(gray(screen(state)), LABEL_BOUNDS) is None


def _reading(image: Image.Image) -> OcrReading:
    boxes = [
        OcrBox("请阅读《隐私政策》后使用本应用", 0.99, (150, 700, 850, 750)),
        OcrBox(LABEL, 0.99, LABEL_BOUNDS),
        OcrBox("不同意", 0.99, (250, 1345, 385, 1395)),
        OcrBox("同意", 0.99, (680, 1345, 770, 1395)),
    ]
    return OcrReading("test", image.size, boxes, 0.0, picture=gray(image))


def test_accept_taps_an_empty_box_first_and_a_ticked_one_never():
    found = detect_ocr(_reading(screen("empty")))
    assert [(a.kind, a.text) for a in found.accept] == [("checkbox", LABEL), ("button", "同意")]
    assert BOX[0] < found.accept[0].x < BOX[2]
    assert [a.text for a in found.reject] == ["不同意"]  # refusing needs no tick
    found = detect_ocr(_reading(screen("ticked")))
    assert [a.text for a in found.accept] == ["同意"] and "is ticked" in found.reason
    found = detect_ocr(_reading(screen(None)))
    assert [a.text for a in found.accept] == ["同意"] and "no tick box found" in found.reason


@pytest.mark.skipif(
    importlib.util.find_spec("rapidocr_onnxruntime") is None,
    reason="rapidocr-onnxruntime is a dev dependency (CI installs it)",
)
def test_real_ocr_plans_the_tick_then_the_button():
    from harness.consent.ocr import OcrEngine

    out = io.BytesIO()
    screen("empty").save(out, format="PNG")
    found = read_screen(OcrEngine.shared(), out.getvalue())
    assert found.dialog, found.reason
    assert [a.kind for a in found.accept] == ["checkbox", "button"], found.reason
    tick = found.accept[0]
    assert BOX[0] <= tick.x < BOX[2] and BOX[1] <= tick.y < BOX[3]
