"""Build uiautomator dump XML from the corpus's short screen descriptions (corpus.yaml).

A screen is a window (`dialog`, `sheet` or `page`) holding rows stacked top to bottom; a row is
one element or a list of elements side by side. The builder lays them out on a 1080x2400 screen
the way the Android layouts it imitates would, so every node has bounds and taps can be checked.
Writing 60 dumps by hand would bury what each screen tests under attributes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import yaml

CORPUS = Path(__file__).parent / "corpus.yaml"
WIDTH, HEIGHT = 1080, 2400
ROW = 110  # one row's height
GAP = 20

_WINDOWS = {  # kind -> window bounds (left, top, right, bottom)
    "dialog": (90, 600, 990, 1900),
    "sheet": (0, 1100, 1080, 2400),
    "page": (0, 80, 1080, 2400),
}
_CLASSES = {
    "text": "android.widget.TextView",
    "button": "android.widget.Button",
    "tbutton": "android.widget.TextView",
    "link": "android.widget.TextView",
    "image": "android.widget.ImageView",
    "edit": "android.widget.EditText",
    "view": "android.view.View",
}
_CLICKABLE = {"button", "tbutton", "link", "image"}


@dataclass(frozen=True)
class Screen:
    name: str
    lang: str
    note: str
    window: str
    dialog: bool
    accept: list[str]
    reject: list[str]
    traps: dict[str, str]  # label of a control never to tap -> why
    xml: str


class _Writer:
    def __init__(self, package: str) -> None:
        self.package = package
        self.lines: list[str] = []

    def node(
        self, cls: str, bounds: tuple[int, int, int, int], close: bool = True, **attrs: Any
    ) -> None:
        left, top, right, bottom = bounds
        values = {
            "index": "0",
            "text": attrs.get("text", ""),
            "resource-id": attrs.get("id", ""),
            "class": cls,
            "package": attrs.get("package", self.package),
            "content-desc": attrs.get("desc", ""),
            "checkable": str(attrs.get("checkable", False)).lower(),
            "checked": str(attrs.get("checked", False)).lower(),
            "clickable": str(attrs.get("clickable", False)).lower(),
            "enabled": str(attrs.get("enabled", True)).lower(),
            "scrollable": str(attrs.get("scrollable", False)).lower(),
            "bounds": f"[{left},{top}][{right},{bottom}]",
        }
        body = " ".join(f"{k}={quoteattr(v)}" for k, v in values.items())
        self.lines.append(f"<node {body}{' />' if close else '>'}")

    def end(self) -> None:
        self.lines.append("</node>")


def _element(w: _Writer, item: dict[str, Any], box: tuple[int, int, int, int]) -> None:
    kind = next(k for k in ("checkbox", "scroll", *_CLASSES) if k in item)
    common = {k: item[k] for k in ("id", "desc", "enabled", "package") if k in item}
    if kind == "checkbox":
        left, top, right, bottom = box
        row_clickable = bool(item.get("row_clickable", False))
        w.node("android.widget.LinearLayout", box, close=False, clickable=row_clickable)
        size = bottom - top - 30
        w.node(
            "android.widget.CheckBox",
            (left, top + 15, left + size, top + 15 + size),
            checkable=True,
            checked=bool(item.get("checked", False)),
            clickable=not row_clickable,
            **common,
        )
        w.node(_CLASSES["text"], (left + size + 20, top, right, bottom), text=item["checkbox"])
        w.end()
        return
    if kind == "scroll":
        w.node("android.widget.ScrollView", box, close=False, scrollable=True)
        w.node(_CLASSES["text"], box, text=item["scroll"], **common)
        w.end()
        return
    text = item[kind] if kind != "image" else ""
    desc = item.get("desc", item[kind] if kind == "image" else "")
    common["desc"] = desc
    w.node(
        _CLASSES[kind],
        box,
        text=text,
        clickable=item.get("clickable", kind in _CLICKABLE),
        **common,
    )


def _height(item: dict[str, Any]) -> int:
    if "scroll" in item:
        return ROW * 4
    if "text" in item and len(item["text"]) > 40:
        return ROW * 2
    return ROW


def build(raw: dict[str, Any]) -> Screen:
    package = raw.get("package", f"com.example.{raw['name'].split('_')[0]}")
    kind = raw.get("window", "dialog")
    w = _Writer(package)
    w.lines.append("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>")
    w.lines.append('<hierarchy rotation="0">')
    w.node("android.widget.FrameLayout", (0, 0, WIDTH, HEIGHT), close=False)
    for item in raw.get("behind", []):  # the app screen under an overlay: clickable, unrelated
        w.node(_CLASSES["tbutton"], (40, 200, 1040, 300), text=item, clickable=True)
    left, top, right, bottom = _WINDOWS[kind]
    w.node(
        "android.widget.LinearLayout",
        (left, top, right, bottom),
        close=False,
        id=raw.get("window_id", ""),
        clickable=bool(raw.get("window_clickable", False)),
    )
    y = top + 40
    for row in raw["rows"]:
        items = row if isinstance(row, list) else [row]
        height = max(_height(i) for i in items)
        span = (right - left - 2 * 40) // len(items)
        for n, item in enumerate(items):
            x0 = left + 40 + n * span
            _element(w, item, (x0, y, x0 + span - (GAP if len(items) > 1 else 0), y + height))
        y += height + GAP
    assert y <= bottom, f"{raw['name']}: rows overflow the window"
    w.end()
    w.end()
    w.lines.append("</hierarchy>")
    expect = raw["expect"]
    traps = {t["label"]: t["why"] for t in raw.get("traps", [])}
    return Screen(
        name=raw["name"],
        lang=raw["lang"],
        note=raw["note"],
        window=kind,
        dialog=bool(expect["dialog"]),
        accept=list(expect.get("accept", [])),
        reject=list(expect.get("reject", [])),
        traps=traps,
        xml="\n".join(w.lines),
    )


def load() -> list[Screen]:
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return [build(raw) for raw in data["screens"]]
