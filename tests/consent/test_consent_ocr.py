"""The OCR path: text boxes -> prompt and taps (pure), and real OCR on rendered screens."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from harness.consent.ocr import OcrBox, OcrReading
from harness.consent.ocr_detect import detect_ocr
from harness.device.sim.fonts import screenshot_font

HAVE_ENGINE = importlib.util.find_spec("rapidocr_onnxruntime") is not None
needs_engine = pytest.mark.skipif(
    not HAVE_ENGINE, reason="rapidocr-onnxruntime is a dev dependency (CI installs it)"
)


def reading(*boxes: tuple[str, tuple[int, int, int, int]]) -> OcrReading:
    return OcrReading("test", (1080, 2400), [OcrBox(t, 0.99, b) for t, b in boxes], 0.0)


def test_boxes_of_a_painted_dialog_give_its_answers():
    found = detect_ocr(
        reading(
            ("隐私政策", (120, 900, 300, 950)),
            ("请阅读《隐私政策》，我们会收集您的设备信息用于安全风控。", (120, 1000, 960, 1050)),
            ("《隐私政策》", (120, 1100, 400, 1150)),
            ("不同意", (196, 1330, 336, 1386)),
            ("同意", (695, 1330, 793, 1386)),
        )
    )
    assert found.dialog and found.source == "ocr"
    assert [(a.text, a.x, a.y, a.source) for a in found.accept] == [("同意", 744, 1358, "ocr")]
    assert [a.text for a in found.reject] == ["不同意"]


def test_run_together_latin_words_still_match():
    found = detect_ocr(
        reading(
            ("We value your privacy", (60, 1200, 900, 1260)),
            ("Wevalueyourprivacy and use cookies", (60, 1300, 900, 1360)),
            ("Acceptall", (60, 1900, 1020, 1990)),
            ("Rejectall", (60, 2030, 1020, 2120)),
            ("Manageoptions", (60, 2150, 1020, 2240)),
        )
    )
    assert [a.text for a in found.accept] == ["Acceptall"]
    assert [a.text for a in found.reject] == ["Rejectall"]


def test_tick_box_label_is_reported_not_tapped():
    found = detect_ocr(
        reading(
            ("欢迎使用，请阅读《用户协议》和《隐私政策》后开始使用本应用。", (60, 800, 1020, 860)),
            ("我已阅读并同意《用户协议》和《隐私政策》", (150, 1650, 1020, 1720)),
            ("同意并继续", (90, 1900, 990, 2040)),
            ("暂不同意", (390, 2080, 690, 2170)),
        )
    )
    assert [a.text for a in found.accept] == ["同意并继续"]
    assert [a.text for a in found.reject] == ["暂不同意"]
    assert "tick box" in found.reason


@pytest.mark.parametrize(
    "boxes, why",
    [
        (
            (
                ("要允许天气获取位置信息吗？", (60, 900, 1020, 960)),
                ("仅在使用中允许", (60, 1000, 1020, 1100)),
            ),
            "permission",
        ),
        (
            (("发现新版本", (60, 900, 1020, 960)), ("立即更新", (60, 1000, 1020, 1100))),
            "no text names",
        ),
        (
            (("请阅读《隐私政策》后继续", (60, 900, 1020, 960)), ("更多", (60, 1000, 1020, 1100))),
            "no accept or refuse",
        ),
        ((), "no text"),
    ],
)
def test_screens_that_are_not_prompts(boxes, why):
    found = detect_ocr(reading(*boxes))
    assert found.dialog is False and why in found.reason


def test_weak_words_only_need_a_consent_text():
    found = detect_ocr(
        reading(
            ("请阅读《隐私政策》后继续使用", (60, 900, 1020, 960)), ("确定", (60, 1000, 1020, 1100))
        )
    )
    assert found.dialog is True and [a.text for a in found.accept] == ["确定"]
    found = detect_ocr(
        reading(("登录后同步收藏", (60, 900, 1020, 960)), ("确定", (60, 1000, 1020, 1100)))
    )
    assert found.dialog is False


# --- real OCR on screens drawn with the simulated device's CJK font ---

Row = tuple[str, tuple[int, int, int, int] | None]  # text, button rectangle (None: plain text)


def render(rows: list[tuple[str, tuple[int, int], tuple[int, int, int, int] | None]]) -> bytes:
    font = ImageFont.truetype(str(screenshot_font()), 44)
    image = Image.new("RGB", (1080, 2400), (238, 238, 238))
    draw = ImageDraw.Draw(image)
    draw.rectangle((90, 700, 990, 1700), fill="white")
    for text, (x, y), button in rows:
        if button is not None:
            draw.rectangle(button, outline=(30, 100, 200), width=4)
        draw.text((x, y), text, font=font, fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


SCREENS = {
    "zh-Hans": (
        [
            ("隐私政策", (150, 760), None),
            ("请阅读《隐私政策》后使用本应用", (150, 860), None),
            ("不同意", (220, 1480), (130, 1440, 520, 1580)),
            ("同意", (700, 1480), (560, 1440, 950, 1580)),
        ],
        "同意",
        "不同意",
    ),
    "zh-Hant": (
        [
            ("隱私權政策", (150, 760), None),
            ("請詳閱《隱私權政策》後再開始使用", (150, 860), None),
            ("不同意並退出", (150, 1480), (130, 1440, 520, 1580)),
            ("同意並繼續", (600, 1480), (560, 1440, 950, 1580)),
        ],
        "同意並繼續",
        "不同意並退出",
    ),
    "en": (
        [
            ("We value your privacy", (150, 760), None),
            ("We use cookies and personal data.", (150, 860), None),
            ("Reject all", (200, 1480), (130, 1440, 520, 1580)),
            ("Accept all", (640, 1480), (560, 1440, 950, 1580)),
            ("Manage options", (350, 1620), None),
        ],
        "Accept all",
        "Reject all",
    ),
}


@pytest.fixture(scope="module")
def engine():
    from harness.consent.ocr import OcrEngine

    return OcrEngine.shared()


def _squeezed(text: str, alphabet) -> str:
    """What the recogniser can write of a label: no spaces, no characters outside its dictionary
    (PP-OCRv4 lacks some traditional ones: 並, 繼)."""
    return "".join(c for c in text.casefold() if c != " " and (c.isascii() or c in alphabet))


def _in_order(wanted: str, text: str) -> bool:
    rest = iter(text)
    return all(c in rest for c in wanted)


@needs_engine
@pytest.mark.parametrize("lang", sorted(SCREENS))
def test_ocr_finds_the_prompt_on_a_rendered_screen(engine, lang):
    rows, accept, reject = SCREENS[lang]
    found = detect_ocr(engine.read(render(rows)))
    assert found.dialog, (found.reason, [b.text for b in found.ocr.boxes])
    buttons = {text: rect for text, _, rect in rows if rect}
    for plan, label in ((found.accept, accept), (found.reject, reject)):
        assert len(plan) == 1
        # the label's readable characters, in order; one outside the dictionary comes out
        # dropped or as a look-alike (並 -> 亚), which the keyword tables do not need
        assert _in_order(
            _squeezed(label, engine.alphabet), plan[0].text.casefold().replace(" ", "")
        )
        left, top, right, bottom = buttons[label]
        assert left <= plan[0].x < right and top <= plan[0].y < bottom  # the tap hits it


@needs_engine
def test_ocr_of_a_permission_prompt_is_no_consent(engine):
    png = render(
        [
            ("Allow Weather to access your location?", (150, 760), None),
            ("While using the app", (150, 1100), (130, 1060, 950, 1200)),
            ("Don't allow", (150, 1300), (130, 1260, 950, 1400)),
        ]
    )
    found = detect_ocr(engine.read(png))
    assert found.dialog is False and "permission" in found.reason


@needs_engine
def test_not_a_png_is_one_error(engine, tmp_path: Path):
    from harness.consent.ocr import OcrError

    with pytest.raises(OcrError, match="not a readable PNG"):
        engine.read(b"GIF89a not a png")


# --- `harness consent inspect` with a screenshot ---


@pytest.fixture(scope="module")
def painted_png(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("shots") / "painted.png"
    path.write_bytes(render(SCREENS["zh-Hans"][0]))
    return path


def _inspect(*args: str) -> tuple[int, str]:
    from typer.testing import CliRunner

    from harness.cli import app

    result = CliRunner().invoke(app, ["consent", "inspect", *args])
    return result.exit_code, result.stdout


@needs_engine
def test_inspect_a_png_alone(painted_png):
    import json

    code, out = _inspect(str(painted_png), "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["dialog"] is True and data["source"] == "ocr"
    assert [(a["text"], a["source"]) for a in data["accept"]] == [("同意", "ocr")]
    assert set(data["accept"][0]) == {"x", "y", "bounds", "text", "source"}


@needs_engine
def test_inspect_dump_and_screenshot(painted_png):
    import json

    # This folder's dumps (tests/consent/conftest.py's DUMPS; a `conftest` import inside a test
    # would get whichever conftest pytest loaded last)
    dumps = Path(__file__).parent / "dumps"
    # The dump shows a prompt: it decides, the screenshot is not needed.
    code, out = _inspect(str(dumps / "zh_alert.xml"), "--screenshot", str(painted_png), "--json")
    assert code == 0 and json.loads(out)["source"] == "dump"
    # The dump shows none (a news list): the screenshot is read.
    code, out = _inspect(str(dumps / "news_feed.xml"), "--screenshot", str(painted_png), "--json")
    assert code == 0 and json.loads(out)["source"] == "ocr"
    # A permission prompt in the dump is never overruled by the picture.
    code, out = _inspect(
        str(dumps / "permission_prompt.xml"), "--screenshot", str(painted_png), "--json"
    )
    assert code == 0 and json.loads(out) == {
        "dialog": False,
        "accept": [],
        "reject": [],
        "source": "dump",
    }


def test_inspect_needs_a_dump_or_a_screenshot(tmp_path):
    from harness.cli import run_cli

    assert run_cli(["consent", "inspect"]) != 0
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not a png at all")
    if HAVE_ENGINE:
        assert run_cli(["consent", "inspect", str(bad)]) != 0


def test_doctor_reports_the_ocr_engine():
    import json

    from typer.testing import CliRunner

    from harness.cli import app

    result = CliRunner().invoke(app, ["doctor", "sim", "--json"])
    checks = {c["name"]: c for c in json.loads(result.stdout)}
    ocr = checks["consent OCR"]
    assert ocr["status"] == ("ok" if HAVE_ENGINE else "warn")
    assert "rapidocr-onnxruntime" in ocr["detail"]


# --- running text: read only as far as it can change the verdict ---


def _progress(read: list[tuple[str, tuple[int, int, int, int]]], unread, picture=None):
    from harness.consent.ocr import Progress

    return Progress(
        [OcrBox(t, 0.99, b) for t, b in read],
        [OcrBox("", 0.0, b, read=False) for b in unread],
        picture,
        step=2,
    )


BODY = [(120, 400 + 100 * i, 1000, 450 + 100 * i) for i in range(6)]  # six lines of a summary


def test_no_control_no_running_text():
    from harness.consent.ocr_detect import worth_reading

    more = worth_reading()
    assert list(more(_progress([("今日要闻", (120, 200, 400, 250))], BODY))) == []


def test_a_control_reads_from_both_ends_until_a_line_names_a_policy():
    from harness.consent.ocr_detect import worth_reading

    more = worth_reading()
    control = ("同意", (600, 2000, 700, 2050))
    # a round: one line per thread, from both ends (where notices name the policy)
    assert list(more(_progress([control], BODY))) == [0, 5]
    assert list(more(_progress([control], BODY[:1]))) == [0]
    body = ("请您阅读《隐私政策》了解我们如何处理个人信息", BODY[0])
    # settled: no line left has a tick box at its start (no picture: none can be looked for)
    assert list(more(_progress([control, body], BODY[1:]))) == []
    # a permission prompt's text settles the screen too: it is no consent prompt
    permission = ("While using the app", (120, 1800, 1000, 1900))
    assert list(more(_progress([control, permission], BODY))) == []


def test_after_the_policy_only_lines_starting_with_a_tick_box_are_read():
    import numpy as np

    from harness.consent.ocr_detect import worth_reading

    picture = np.full((2400, 1080), 255, dtype=np.uint8)
    left, top, _, bottom = BODY[4]
    picture[top : bottom + 1, left : left + 51] = 0  # a square outline, 50 px, at the start
    picture[top + 5 : bottom - 4, left + 5 : left + 46] = 255
    read = [("同意", (600, 2000, 700, 2050)), ("请阅读《隐私政策》后使用", (120, 300, 1000, 350))]
    assert list(worth_reading()(_progress(read, BODY, picture))) == [4]
    picture[top : bottom + 1, left : left + 51] = 255  # no box: nothing left to read
    assert list(worth_reading()(_progress(read, BODY, picture))) == []


def _draw_summary(tick: bool, policy_first: bool = True) -> bytes:
    """A policy summary of nine body lines at one margin, the policy named in the first (else
    the middle) one; with `tick`, a consent box's label at the same margin (its box counted
    into the line) below them."""
    font = ImageFont.truetype(str(screenshot_font()), 44)
    image = Image.new("RGB", (1080, 2400), (120, 120, 120))
    draw = ImageDraw.Draw(image)
    draw.rectangle((90, 300, 990, 2000), fill="white")
    draw.text((150, 340), "个人信息保护指引", font=font, fill="black")
    body = [f"第{i}条 我们会收集设备信息用于安全风控" for i in range(8)]
    notice = "请您阅读《隐私政策》了解我们如何处理个人信息"
    body = [notice, *body] if policy_first else [*body[:4], notice, *body[4:]]
    for i, text in enumerate(body):
        draw.text((150, 440 + i * 100), text, font=font, fill="black")
    if tick:
        draw.rectangle((150, 1400, 200, 1450), outline=(30, 100, 200), width=5)
        draw.text((230, 1400), "我已阅读并同意《隐私政策》", font=font, fill="black")
    for rect, text in (((130, 1700, 520, 1840), "不同意"), ((560, 1700, 950, 1840), "同意")):
        draw.rectangle(rect, fill=(200, 220, 250))
        draw.text((rect[0] + 120, rect[1] + 45), text, font=font, fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _plan(found) -> tuple:
    return (
        found.dialog,
        [(a.kind, a.text, a.x, a.y) for a in found.accept],
        [(a.kind, a.text, a.x, a.y) for a in found.reject],
    )


@needs_engine
@pytest.mark.parametrize("tick, policy_first", [(False, True), (True, True), (False, False)])
def test_partial_reading_plans_what_a_full_one_does(engine, tick, policy_first):
    from harness.consent.ocr_detect import read_screen

    png = _draw_summary(tick, policy_first)
    full = detect_ocr(engine.read(png))  # every line read
    found = read_screen(engine, png)
    assert full.dialog and _plan(found) == _plan(full), (found.reason, full.reason)
    assert [a.kind for a in found.accept] == (["checkbox", "button"] if tick else ["button"])
    unread = [b for b in found.ocr.boxes if not b.read]
    assert all(b.text == "" for b in unread)
    if policy_first:
        assert len(unread) >= 6  # the body below the notice was not needed
    else:
        assert unread == []  # the notice was the middle line: all of it read, ends first
    if tick:  # the label shares the body's margin (running text) and was read for its box
        label = next(b for b in found.ocr.boxes if "我已阅读" in b.text)
        assert any(abs(label.bounds[0] - b.bounds[0]) <= 12 for b in unread)


def test_lines_are_shared_out_so_threads_finish_together():
    from harness.consent.ocr import _shares

    costs = [13.0, 6.7, 13.2, 12.9, 6.7, 13.1, 40.0]
    shares = _shares(costs, 2)
    assert sorted(k for share in shares for k in share) == list(range(len(costs)))  # each once
    loads = sorted(sum(costs[k] for k in share) for share in shares)
    assert loads[1] - loads[0] <= max(costs)  # no thread waits on more than one line's cost
    assert shares[0][0] == 6  # the costliest line first, so the rest fill in around it
    assert _shares([5.0], 2) == [[0]] and _shares([], 2) == []  # no empty share
