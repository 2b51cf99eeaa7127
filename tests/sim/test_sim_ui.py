"""UI on the simulated device with the good-news app: dump format and bounds, taps, keys."""

from __future__ import annotations

from harness.device.base import Key
from harness.device.sim import SimDevice

from .conftest import (
    EXAMPLES,
    bounds,
    by_text,
    center,
    has_text,
    log_text,
    nodes,
    start,
    tap_text,
    texts,
    wait_for,
)

PKG = "com.example.goodnews"


def open_good_news(device: SimDevice) -> None:
    device.install(EXAMPLES / "good-news")
    device.clear_data(PKG)
    start(device, PKG)
    wait_for(lambda: has_text(device.dump_ui(), "同意"), what="the privacy dialog")


def test_dialog_dump_format_and_bounds(device: SimDevice) -> None:
    open_good_news(device)
    xml = device.dump_ui()
    all_nodes = nodes(xml)
    keys = list(all_nodes[0].attrib)
    assert keys == [
        "index",
        "text",
        "resource-id",
        "class",
        "package",
        "content-desc",
        "checkable",
        "checked",
        "clickable",
        "enabled",
        "focusable",
        "focused",
        "scrollable",
        "long-clickable",
        "password",
        "selected",
        "bounds",
    ]
    assert {n.get("package") for n in all_nodes} == {PKG}
    title = by_text(xml, "用户协议与隐私政策")
    assert title is not None and title.get("resource-id") == "android:id/alertTitle"
    message = next(n for n in all_nodes if n.get("resource-id") == "android:id/message")
    assert "《隐私政策》" in message.get("text", "")
    agree, refuse = by_text(xml, "同意"), by_text(xml, "不同意")
    assert agree is not None and refuse is not None
    assert agree.get("resource-id") == "android:id/button1"
    assert refuse.get("resource-id") == "android:id/button2"
    assert agree.get("clickable") == "true" and agree.get("class") == "android.widget.Button"
    # the dialog is an inset window, centred; the positive button sits right of the negative one
    window = next(n for n in all_nodes if n.get("resource-id") == "android:id/parentPanel")
    left, top, right, bottom = bounds(window)
    assert (left, right) == (54, 1026) and 0 < top < 1200 < bottom < 2400
    assert abs((top + bottom) // 2 - 1200) <= 1
    assert bounds(refuse)[2] <= bounds(agree)[0]
    for node in (title, message, agree, refuse):
        nl, nt, nr, nb = bounds(node)
        assert left <= nl < nr <= right and top <= nt < nb <= bottom
    # the dialog window comes last, after the activity's window
    assert all_nodes[-1] is agree or texts(xml)[-1] == "同意"


def test_agree_closes_the_dialog_and_the_app_reacts(device: SimDevice) -> None:
    open_good_news(device)
    tap_text(device, "同意")
    xml = wait_for(lambda: (x := device.dump_ui()) and not has_text(x, "同意") and x)
    assert not has_text(xml, "用户协议与隐私政策")  # type: ignore[arg-type]
    assert any(t.startswith("已同意") for t in texts(xml))  # type: ignore[arg-type]
    assert "consent given" in log_text(device, PKG)
    # consent is remembered: no dialog on the next launch
    device.force_stop(PKG)
    start(device, PKG)
    assert not has_text(device.dump_ui(), "同意")


def test_refuse_twice_finishes_without_collecting(device: SimDevice) -> None:
    open_good_news(device)
    tap_text(device, "不同意")
    wait_for(lambda: has_text(device.dump_ui(), "再次提示"), what="the second prompt")
    tap_text(device, "退出应用")
    wait_for(lambda: device.foreground_package() is None, what="the app to leave the screen")
    log = log_text(device, PKG)
    assert "consent refused; leaving" in log and "device id" not in log
    assert [p.name for p in device.processes(PKG)] == [PKG]  # finishing does not kill the process


def test_tap_outside_and_back_do_not_dismiss_a_non_cancelable_dialog(device: SimDevice) -> None:
    open_good_news(device)
    device.tap(540, 100)
    device.press(Key.BACK)
    assert has_text(device.dump_ui(), "不同意")
    assert device.foreground_package() == PKG


def test_home_sends_the_app_to_background_and_start_brings_it_back(device: SimDevice) -> None:
    open_good_news(device)
    device.press(Key.HOME)
    assert device.foreground_package() is None
    assert 'package="com.android.launcher3"' in device.dump_ui()
    pid = device.processes(PKG)[0].pid
    device.start(PKG)  # like tapping the launcher icon: the same process comes back
    assert device.foreground_package() == PKG
    assert device.processes(PKG)[0].pid == pid
    assert has_text(device.dump_ui(), "同意")


def test_tap_reaches_the_deepest_clickable_view(device: SimDevice) -> None:
    open_good_news(device)
    xml = device.dump_ui()
    agree = by_text(xml, "同意")
    assert agree is not None
    left, top, right, bottom = bounds(agree)
    assert device.tap_result(left + 1, top + 1) == 'android.widget.Button "同意"'
    assert not has_text(device.dump_ui(), "不同意")
    assert center(agree)  # the button had a real area
