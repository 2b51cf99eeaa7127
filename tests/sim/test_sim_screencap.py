"""Screenshots of the simulated device: the view tree drawn to a PNG with a CJK font, dialogs
over a dimmed screen, custom views through their onDraw(Canvas), the launcher in background."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from PIL import Image

from harness.device.base import Key
from harness.device.sim import SimDevice
from harness.device.sim.fonts import FONT_ENV, screenshot_font
from harness.errors import DeviceError

from .conftest import EXAMPLES, TEST_APPS, bounds, by_text, has_text, start, wait_for

GOOD_NEWS = "com.example.goodnews"
PAINTED = "com.test.painted"

try:
    screenshot_font()
    HAVE_FONT = True
except DeviceError:
    HAVE_FONT = False

needs_font = pytest.mark.skipif(
    not HAVE_FONT, reason="no CJK font (apt-get install fonts-wqy-microhei; CI installs it)"
)


def _image(path: Path) -> Image.Image:
    with Image.open(io.BytesIO(path.read_bytes())) as img:
        return img.convert("RGB")


def _dark_pixels(img: Image.Image, box: tuple[int, int, int, int]) -> int:
    """Pixels in the box dark enough to be text strokes."""
    return sum(img.crop(box).convert("L").histogram()[:100])


def _show_good_news_dialog(device: SimDevice) -> None:
    """good-news freshly installed and started, its privacy dialog on the screen."""
    device.install(EXAMPLES / "good-news")
    device.clear_data(GOOD_NEWS)
    start(device, GOOD_NEWS)
    wait_for(lambda: has_text(device.dump_ui(), "同意"), what="the privacy dialog")


@needs_font
def test_dialog_screenshot_is_deterministic_and_shows_its_text(
    device: SimDevice, tmp_path: Path
) -> None:
    _show_good_news_dialog(device)
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    assert device.screenshot(first) and device.screenshot(second)
    assert first.read_bytes() == second.read_bytes()  # the same screen, the same bytes
    img = _image(first)
    assert img.size == (1080, 2400)
    xml = device.dump_ui()
    title = by_text(xml, "用户协议与隐私政策")
    assert title is not None
    left, top, right, bottom = bounds(title)
    # The dialog is white over a dimmed activity; its title's bounds hold dark glyph strokes.
    assert img.getpixel((left + 2, top + 2)) == (255, 255, 255)
    assert img.getpixel((10, 1200))[0] < 140  # dimmed behind the dialog
    assert _dark_pixels(img, (left, top, right, bottom)) > 200
    # Tapping the button closes the dialog: the picture changes.
    accept = by_text(xml, "同意")
    assert accept is not None
    a = bounds(accept)
    device.tap((a[0] + a[2]) // 2, (a[1] + a[3]) // 2)
    wait_for(lambda: not has_text(device.dump_ui(), "不同意"), what="the dialog to close")
    after = tmp_path / "after.png"
    assert device.screenshot(after)
    assert after.read_bytes() != first.read_bytes()
    assert _image(after).getpixel((10, 1200)) == (255, 255, 255)  # no dim any more


@needs_font
def test_custom_view_draws_through_canvas(device: SimDevice, tmp_path: Path) -> None:
    device.install(TEST_APPS / "painted")
    start(device, PAINTED)
    xml = device.dump_ui()
    assert not has_text(xml, "PAINTED")  # painted text is not in the dump: only the picture has it
    label = by_text(xml, "plain label")
    assert label is not None
    shot = tmp_path / "painted.png"
    assert device.screenshot(shot)
    img = _image(shot)
    _, _, _, label_bottom = bounds(label)
    # The custom view sits right below the label: its red bar, then its drawn text.
    assert img.getpixel((540, label_bottom + 10)) == (200, 0, 0)
    assert _dark_pixels(img, (40, label_bottom + 50, 700, label_bottom + 110)) > 300


@needs_font
def test_background_shows_the_launcher(device: SimDevice, tmp_path: Path) -> None:
    device.install(TEST_APPS / "painted")
    start(device, PAINTED)
    device.press(Key.HOME)
    wait_for(lambda: device.foreground_package() is None, what="the launcher in front")
    shot = tmp_path / "home.png"
    assert device.screenshot(shot)
    assert _image(shot).getpixel((540, 1200)) == (0x2D, 0x5F, 0x73)  # the wallpaper


def test_missing_font_is_a_clear_error(
    device: SimDevice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FONT_ENV, str(tmp_path / "nope.ttf"))
    with pytest.raises(DeviceError, match="no such font file"):
        device.screenshot(tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


@needs_font
def test_a_hung_main_thread_does_not_hold_the_screenshot(device: SimDevice, tmp_path: Path) -> None:
    hang = Path(__file__).resolve().parents[1] / "batch" / "apps" / "hang-app"
    device.install(hang)
    device.grant("com.example.hang", "android.permission.READ_PHONE_STATE")  # it reads the IMEI
    proc = device.start_paused("com.example.hang")
    device.resume(proc.pid)  # Application.onCreate never returns: no UI, no looping main thread
    shot = tmp_path / "hung.png"
    started = time.monotonic()
    assert device.screenshot(shot)
    assert time.monotonic() - started < 20  # not the 15 s main-thread wait, nor the 45 s reply
    assert _image(shot).getpixel((540, 1200)) == (0x2D, 0x5F, 0x73)  # the launcher


@needs_font
def test_capture_is_the_dump_and_the_picture_of_one_instant(
    device: SimDevice, tmp_path: Path
) -> None:
    _show_good_news_dialog(device)
    apart = tmp_path / "apart.png"
    assert device.screenshot(apart)
    capture = device.capture(tmp_path / "capture.png")
    # the dump comes at once, the picture after it; both are what the separate requests give
    assert capture.xml == device.dump_ui()
    assert capture.picture.result(timeout=60) is True
    assert (tmp_path / "capture.png").read_bytes() == apart.read_bytes()


@needs_font
def test_force_stop_waits_for_a_picture_being_encoded(device: SimDevice, tmp_path: Path) -> None:
    _show_good_news_dialog(device)
    shots = [device.capture(tmp_path / f"{i}.png") for i in range(3)]
    device.force_stop(GOOD_NEWS)  # at once: the pictures are drawn, maybe not encoded yet
    assert [s.picture.result(timeout=60) for s in shots] == [True, True, True]
    for i in range(3):
        assert _image(tmp_path / f"{i}.png").size == (1080, 2400)


@needs_font
def test_capture_in_background_is_the_launcher(device: SimDevice, tmp_path: Path) -> None:
    device.install(TEST_APPS / "painted")
    start(device, PAINTED)
    device.press(Key.HOME)
    wait_for(lambda: device.foreground_package() is None, what="the launcher in front")
    capture = device.capture(tmp_path / "home.png")
    assert capture.xml == device.dump_ui()  # the launcher's dump
    assert capture.picture.result(timeout=60) is True
    assert _image(tmp_path / "home.png").getpixel((540, 1200)) == (0x2D, 0x5F, 0x73)
