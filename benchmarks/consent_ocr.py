"""Consent detection cost per screen: UI dumps (the 70-screen corpus) and OCR of screenshots.

Targets: OCR under 1 s per phone screenshot on 2 cores; the model load is reported apart (it
happens once per process), with the memory the models take (resident set before and after).
Figures are printed as wall and CPU time: on a shared machine wall time varies with the load.
Lines are read on up to two threads (harness.consent.ocr.REC_THREADS), so on an idle 2-core
machine wall time is below CPU time; under load the two come together. The last two rows read
every line of the worst-case screen on two threads and on one: what the second thread buys.
Usage: .venv/bin/python benchmarks/consent_ocr.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

import psutil
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "consent"))

from corpus import load  # noqa: E402

from harness.consent.detector import Detection, detect  # noqa: E402
from harness.consent.ocr import OcrEngine  # noqa: E402
from harness.consent.ocr_detect import detect_ocr, read_screen  # noqa: E402
from harness.device.sim.fonts import screenshot_font  # noqa: E402

TARGET_S = 1.0
SCREENS = {
    "zh-Hans dialog": ["隐私政策", "请阅读《隐私政策》后使用本应用", "不同意", "同意"],
    "zh-Hant dialog": [
        "隱私權政策",
        "請詳閱《隱私權政策》後再開始使用",
        "不同意並退出",
        "同意並繼續",
    ],
    "en CMP": [
        "We value your privacy",
        "We use cookies and personal data.",
        "Reject all",
        "Accept all",
        "Manage options",
    ],
    # Running text is read only as far as it can change the verdict (ocr_detect.worth_reading):
    # not at all without a control on screen ...
    "text-heavy feed": [f"今日要闻 {i}: 多地发布天气预警" for i in range(18)] + ["首页", "我的"],
    # ... and with one, from both ends inwards until a line names the policy: the first here
    "text-heavy prompt": ["个人信息保护指引"]
    + ["请您阅读《隐私政策》了解我们如何处理个人信息"]
    + [f"第{i}条 我们会收集设备信息用于安全风控" for i in range(11)]
    + ["不同意", "同意"],
    # the worst case: the policy named in the middle line only, so every line is read
    "text-heavy, all read": ["个人信息保护指引"]
    + [f"第{i}条 我们会收集设备信息用于安全风控" for i in range(6)]
    + ["请您阅读《隐私政策》了解我们如何处理个人信息"]
    + [f"第{i}条 我们会收集设备信息用于安全风控" for i in range(6, 11)]
    + ["不同意", "同意"],
}


def render(lines: list[str]) -> bytes:
    font = ImageFont.truetype(str(screenshot_font()), 44)
    image = Image.new("RGB", (1080, 2400), "white")
    draw = ImageDraw.Draw(image)
    for n, text in enumerate(lines):
        draw.text((120, 300 + n * 100), text, font=font, fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def timed(fn, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of `fn()`."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def row(engine: OcrEngine, name: str, png: bytes, repeat: int, every: bool = False) -> None:
    """One screen's figures; `every`: every line read (as `harness consent inspect` does)."""

    def judge() -> Detection:
        return detect_ocr(engine.read(png)) if every else read_screen(engine, png)

    engine.read(png)  # first run warms the sessions
    found = judge()
    wall, cpu = timed(judge, repeat)
    boxes = found.ocr.boxes if found.ocr else []
    read = sum(b.read for b in boxes)
    print(
        f"{name:24} {len(boxes):>5} {read:>5} {str(found.dialog):>6} "
        f"{wall:>7.2f} {cpu:>6.2f} {wall / TARGET_S:>8.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")

    screens = load()
    detect(screens[0].xml)  # keyword tables loaded once
    wall, cpu = timed(lambda: [detect(s.xml) for s in screens], 10)
    per = wall / len(screens) * 1000
    print(
        f"dumps: {len(screens)} corpus screens, {per:.2f} ms wall / "
        f"{cpu / len(screens) * 1000:.2f} ms CPU per screen"
    )

    proc = psutil.Process()
    before = proc.memory_info().rss
    wall, cpu = time.perf_counter(), time.process_time()
    engine = OcrEngine()
    load_wall, load_cpu = time.perf_counter() - wall, time.process_time() - cpu
    after = proc.memory_info().rss
    print(f"recognition threads: {engine.threads} (lines read at once)")
    print(
        f"OCR model load: {load_wall:.2f} s wall / {load_cpu:.2f} s CPU; "
        f"resident memory +{(after - before) / 2**20:.0f} MiB"
    )

    print(
        f"{'screenshot 1080x2400':24} {'lines':>5} {'read':>5} {'prompt':>6} "
        f"{'wall s':>7} {'CPU s':>6} {'x target':>8}"
    )
    for name, lines in SCREENS.items():
        row(engine, name, render(lines), args.repeat)
    peak = proc.memory_info().rss
    # what the second thread buys: every line of the worst case read, on two threads and one
    png = render(SCREENS["text-heavy, all read"])
    for threads in sorted({engine.threads, 1}, reverse=True):
        engine.threads = threads
        row(engine, f"every line, {threads} thread{'s' * (threads > 1)}", png, args.repeat, True)
    print(f"resident memory after reading: {peak / 2**20:.0f} MiB")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
