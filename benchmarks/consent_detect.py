"""How fast the consent detector judges a UI dump (target: a few milliseconds per dump).

Runs the detector over the test corpus and over a large synthetic feed screen, and prints the
median time per dump and the ratio to the target.
Usage: .venv/bin/python benchmarks/consent_detect.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from harness.consent.detector import detect

TARGET_MS = 5.0
CORPUS = Path(__file__).resolve().parent.parent / "tests" / "consent" / "dumps"


def _big_screen(rows: int) -> str:
    """A long scrolling list with a consent dialog on top: a heavy but realistic dump."""
    row = (
        '<node index="{i}" text="" resource-id="com.x:id/row" class="android.widget.LinearLayout" '
        'package="com.x" content-desc="" checkable="false" checked="false" clickable="true" '
        'enabled="true" bounds="[0,{t}][1080,{b}]"><node index="0" text="新闻标题 {i}：今日要闻" '
        'resource-id="com.x:id/title" class="android.widget.TextView" package="com.x" '
        'content-desc="" checkable="false" checked="false" clickable="false" enabled="true" '
        'bounds="[40,{t}][1000,{b}]"/></node>'
    )
    body = "".join(row.format(i=i, t=i * 10, b=i * 10 + 10) for i in range(rows))
    dialog = (CORPUS / "zh_alert.xml").read_text(encoding="utf-8")
    dialog_nodes = dialog[dialog.index("<node") : dialog.rindex("</hierarchy>")]
    return (
        '<hierarchy rotation="0"><node index="0" text="" resource-id="" '
        'class="android.widget.FrameLayout" package="com.x" content-desc="" checkable="false" '
        'checked="false" clickable="false" enabled="true" bounds="[0,0][1080,2400]">'
        f"{body}</node>{dialog_nodes}</hierarchy>"
    )


def _median_ms(text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        detect(text)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    detect((CORPUS / "zh_alert.xml").read_text(encoding="utf-8"))  # load the keyword tables once
    print(f"{'dump':34} {'nodes':>6} {'median ms':>10} {'x target':>9}")
    cases = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.xml"))]
    cases.append(("synthetic 1000-row feed + dialog", _big_screen(1000)))
    typical = 0.0
    for name, text in cases:
        ms = _median_ms(text, repeat=30 if len(text) < 100_000 else 5)
        nodes = text.count("<node")
        if nodes < 500:
            typical = max(typical, ms)
        print(f"{name:34} {nodes:>6} {ms:>10.2f} {ms / TARGET_MS:>9.2f}")
    print(
        f"worst typical dump (<500 nodes): {typical:.2f} ms = {typical / TARGET_MS:.2f} x the "
        f"{TARGET_MS} ms target"
    )


if __name__ == "__main__":
    main()
