"""Parse a uiautomator window dump into a flat, read-only node list.

Dumps come from the device, and their texts from the app: untrusted. They are size-limited,
may not declare a DTD or entities, are parsed by defusedxml over expat (no DTD, entities or
external resources), and are walked iteratively so that deep nesting cannot exhaust the stack.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import defusedxml
import defusedxml.ElementTree as SafeET

from harness.errors import ConfigError

MAX_DUMP_BYTES = 4 * 1024 * 1024
MAX_NODES = 20_000
MAX_TEXT_CHARS = 2_000  # per attribute; longer app texts are cut, never needed whole

_BOUNDS = re.compile(r"^\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]$")
# `adb shell uiautomator dump /dev/tty` prints a status line after the XML; some tools prepend
# a banner. Only the hierarchy element itself is kept.
_HIERARCHY = re.compile(r"<hierarchy\b.*</hierarchy\s*>", re.DOTALL)
_FORBIDDEN = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


class DumpError(ConfigError):
    """The UI dump is not a usable uiautomator hierarchy."""


Bounds = tuple[int, int, int, int]


@dataclass(eq=False)
class UiNode:
    """One `<node>` of the dump; `parent`/`children` are indexes into `UiDump.nodes`."""

    order: int  # document order
    depth: int
    index: int
    text: str
    resource_id: str
    class_name: str
    package: str
    content_desc: str
    checkable: bool
    checked: bool
    clickable: bool
    enabled: bool
    bounds: Bounds | None
    parent: int | None
    children: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        """What a user reads on this node itself: its text, else its content description."""
        return self.text.strip() or self.content_desc.strip()

    @property
    def tappable(self) -> bool:
        return self.clickable and self.enabled and self.has_area

    @property
    def has_area(self) -> bool:
        if self.bounds is None:
            return False
        left, top, right, bottom = self.bounds
        return right > left and bottom > top

    @property
    def center(self) -> tuple[int, int]:
        assert self.bounds is not None
        left, top, right, bottom = self.bounds
        return (left + right) // 2, (top + bottom) // 2


@dataclass
class UiDump:
    nodes: list[UiNode]

    def ancestors(self, node: UiNode) -> list[UiNode]:
        """Parent first, root last."""
        out = []
        current = node.parent
        while current is not None:
            out.append(self.nodes[current])
            current = self.nodes[current].parent
        return out

    def subtree_end(self, node: UiNode) -> int:
        """One past the last descendant's order: pre-order makes a subtree a contiguous run."""
        end = node.order + 1
        while end < len(self.nodes) and self.nodes[end].depth > node.depth:
            end += 1
        return end

    def subtree(self, node: UiNode) -> list[UiNode]:
        """The node and all its descendants, in document order."""
        return self.nodes[node.order : self.subtree_end(node)]

    def contains(self, root: UiNode, node: UiNode) -> bool:
        return root.order <= node.order < self.subtree_end(root)

    def packages(self) -> set[str]:
        return {n.package for n in self.nodes if n.package}

    def opaque(self, min_share: float = 0.1) -> list[UiNode]:
        """Views whose content the tree does not show: a WebView or a surface, or a leaf with no
        text covering at least `min_share` of the screen (a canvas painted in onDraw, Flutter,
        a game engine). Only a screenshot can tell what they say."""
        screen = max((_area(n.bounds) for n in self.nodes), default=0)
        out = []
        for node in self.nodes:
            if any(kind in node.class_name for kind in _OPAQUE_CLASSES):
                out.append(node)
            elif not node.children and not node.label and screen:
                if _area(node.bounds) >= screen * min_share:
                    out.append(node)
        return out


# Views that draw what the accessibility tree may not describe.
_OPAQUE_CLASSES = ("WebView", "SurfaceView", "TextureView", "GLSurfaceView", "FlutterView")


def _area(bounds: Bounds | None) -> int:
    if bounds is None:
        return 0
    left, top, right, bottom = bounds
    return max(0, right - left) * max(0, bottom - top)


def parse_bounds(value: str) -> Bounds | None:
    match = _BOUNDS.match(value.strip())
    if not match:
        return None
    left, top, right, bottom = (int(g) for g in match.groups())
    return left, top, right, bottom


def _attr(element: ET.Element, name: str) -> str:
    return (element.get(name) or "")[:MAX_TEXT_CHARS]


def _flag(element: ET.Element, name: str, default: bool = False) -> bool:
    value = element.get(name)
    if value is None:
        return default
    return value.strip().lower() == "true"


_DTD_MESSAGE = "UI dump declares a DTD or entities, which uiautomator never writes"


def parse_dump(xml_text: str | bytes) -> UiDump:
    """Parse dump text; raises DumpError with the reason when it is not a usable hierarchy."""
    if isinstance(xml_text, bytes):
        if len(xml_text) > MAX_DUMP_BYTES:
            raise DumpError(f"UI dump is {len(xml_text)} bytes, over the {MAX_DUMP_BYTES} limit")
        xml_text = xml_text.decode("utf-8", errors="replace")
    if len(xml_text) > MAX_DUMP_BYTES:
        raise DumpError(f"UI dump is {len(xml_text)} characters, over the {MAX_DUMP_BYTES} limit")
    if _FORBIDDEN.search(xml_text):
        raise DumpError(_DTD_MESSAGE)
    match = _HIERARCHY.search(xml_text)
    if match is None:
        if re.search(r"<hierarchy\b[^>]*/>", xml_text):
            return UiDump(nodes=[])
        raise DumpError("no <hierarchy> element in the UI dump")
    try:
        root = SafeET.fromstring(match.group(0), forbid_dtd=True)
    except ET.ParseError as exc:
        raise DumpError(f"UI dump is not well-formed XML ({exc})") from None
    except defusedxml.DefusedXmlException:
        raise DumpError(
            "UI dump declares a DTD or entities, which uiautomator never writes"
        ) from None

    nodes: list[UiNode] = []
    # (element, parent order, depth); reversed children keep document order on a stack.
    stack: list[tuple[ET.Element, int | None, int]] = [
        (child, None, 0) for child in reversed(list(root)) if child.tag == "node"
    ]
    while stack:
        element, parent, depth = stack.pop()
        if len(nodes) >= MAX_NODES:
            raise DumpError(f"UI dump has more than {MAX_NODES} nodes")
        try:
            index = int(element.get("index") or 0)
        except ValueError:
            index = 0
        node = UiNode(
            order=len(nodes),
            depth=depth,
            index=index,
            text=_attr(element, "text"),
            resource_id=_attr(element, "resource-id"),
            class_name=_attr(element, "class"),
            package=_attr(element, "package"),
            content_desc=_attr(element, "content-desc"),
            checkable=_flag(element, "checkable"),
            checked=_flag(element, "checked"),
            clickable=_flag(element, "clickable"),
            enabled=_flag(element, "enabled", default=True),
            bounds=parse_bounds(element.get("bounds") or ""),
            parent=parent,
        )
        nodes.append(node)
        if parent is not None:
            nodes[parent].children.append(node.order)
        stack.extend(
            (child, node.order, depth + 1)
            for child in reversed(list(element))
            if child.tag == "node"
        )
    return UiDump(nodes=nodes)
