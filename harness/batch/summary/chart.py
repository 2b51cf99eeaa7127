"""The per-SDK chart of summary.html: horizontal bars (share of tested apps in which the SDK
collected before consent, and broke any rule), already in SVG coordinates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.batch.summary.campaign import percent
from harness.untrusted import clip

MAX_BARS = 25
LABEL_W = 250
BAR_W = 560  # 100 %
ROW_H = 22
WIDTH = LABEL_W + BAR_W + 110


@dataclass
class Bar:
    label: str
    y: int
    pre_w: float
    any_w: float
    pre_apps: int
    any_apps: int
    pre_pct: float
    any_pct: float


@dataclass
class SdkChart:
    width: int
    height: int
    label_w: int
    bar_w: int
    bars: list[Bar]


def sdk_chart(top: list[dict[str, Any]], tested: int) -> SdkChart:
    bars = []
    for i, row in enumerate(top[:MAX_BARS]):
        pre, anyr = int(row["pre_consent_apps"]), int(row["apps"])
        bars.append(
            Bar(
                label=clip(str(row["sdk"]), 36),
                y=24 + i * ROW_H,
                pre_w=round(BAR_W * pre / tested, 1) if tested else 0.0,
                any_w=round(BAR_W * anyr / tested, 1) if tested else 0.0,
                pre_apps=pre,
                any_apps=anyr,
                pre_pct=percent(pre, tested),
                any_pct=percent(anyr, tested),
            )
        )
    return SdkChart(WIDTH, 24 + len(bars) * ROW_H + 8, LABEL_W, BAR_W, bars)
