"""Find the consent dialog in a uiautomator dump and plan the taps that accept or refuse it.

Pure: a dump in, a `Detection` out, no device needed, so labs can debug on saved dumps.

How a window is judged:
1. A system permission prompt (permission controller / package installer) is never consent.
2. Controls are the tappable nodes (clickable + enabled, with an area); a text inside a clickable
   container lends the container its label. Each label is classified by the keyword tables
   (longest entry wins); policy links (《隐私政策》, a bare document title) and "more options /
   settings" controls are never tapped.
3. Checkboxes are labelled by their own text or the text beside them; consent boxes ("我已阅读并
   同意…", "I have read and agree") are ticked before accepting, optional extras (marketing,
   personalised ads) never.
4. The window is a consent dialog when a text names a policy document or asks for consent, and
   is a sentence, or a short text that is neither a control nor inside one (a settings entry
   "隐私政策" or a news headline is not), and the smallest container around it holds an accept
   control or an explicit refusal control.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from harness.consent.keywords import Keywords, Match, Role, normalise
from harness.consent.ocr import OcrReading
from harness.consent.scenario import Scenario, Selector
from harness.consent.uidump import Bounds, UiDump, UiNode, parse_dump
from harness.untrusted import clip

MAX_ACTION_TEXT = 200
POSITIVE_ID = "android:id/button1"
NEGATIVE_ID = "android:id/button2"
Source = Literal["dump", "ocr"]


@dataclass(frozen=True)
class Action:
    """One tap: the centre of a clickable node's bounds."""

    x: int
    y: int
    bounds: Bounds
    text: str
    kind: Literal["checkbox", "button"] = "button"
    source: Source = "dump"  # what the tap was planned from: the UI dump or OCR of a screenshot

    def to_json(self) -> dict[str, Any]:
        return {
            "x": self.x,
            "y": self.y,
            "bounds": list(self.bounds),
            "text": self.text,
            "source": self.source,
        }


@dataclass
class Detection:
    dialog: bool
    accept: list[Action] = field(default_factory=list)
    reject: list[Action] = field(default_factory=list)
    reason: str = ""  # for people: why this is (not) a dialog, what could not be planned
    package: str = ""  # the package of the dialog's nodes, when known
    source: Source = "dump"  # what decided: the UI dump, or OCR of a screenshot
    ocr: OcrReading | None = None  # the text boxes, when a screenshot was read

    def to_json(self) -> dict[str, Any]:
        """The detector's output contract: dialog, accept, reject and the deciding source."""
        return {
            "dialog": self.dialog,
            "accept": [a.to_json() for a in self.accept],
            "reject": [a.to_json() for a in self.reject],
            "source": self.source,
        }


@dataclass
class _Control:
    node: UiNode  # the node to tap
    label: str
    match: Match | None  # None for a fallback on android:id/button1/button2
    role: Role
    enabled: bool

    @property
    def strong(self) -> bool:
        return self.match is not None and not self.match.weak


@dataclass
class _Checkbox:
    box: UiNode
    target: UiNode
    label: str
    kind: str | None


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return clip(text, MAX_ACTION_TEXT)


def _action(target: UiNode, label: str, kind: Literal["checkbox", "button"]) -> Action:
    x, y = target.center
    assert target.bounds is not None
    return Action(x=x, y=y, bounds=target.bounds, text=_clip(label), kind=kind)


def _container_label(dump: UiDump, node: UiNode, limit: int) -> str:
    """The node's own label, else the texts inside it that belong to no nested clickable node."""
    if node.label:
        return node.label
    parts: list[str] = []
    end = dump.subtree_end(node)
    skip_until = -1
    for inner in dump.nodes[node.order + 1 : end]:
        if inner.order < skip_until:
            continue
        if inner.clickable:
            skip_until = dump.subtree_end(inner)
            continue
        if inner.label:
            parts.append(inner.label)
            if sum(len(p) for p in parts) > limit * 4:
                break
    return " ".join(parts)


def _tap_target(dump: UiDump, node: UiNode) -> UiNode | None:
    if node.tappable:
        return node
    for ancestor in dump.ancestors(node):
        if ancestor.clickable:
            return ancestor if ancestor.tappable else None
    return None


def _clickable_target(dump: UiDump, node: UiNode) -> UiNode | None:
    """Like `_tap_target`, but a disabled node still counts (the caller decides)."""
    for candidate in [node, *dump.ancestors(node)]:
        if candidate.clickable:
            return candidate if candidate.has_area else None
    return None


def _box_point(box: _Checkbox) -> UiNode:
    """Where to tap a checkbox: on the box itself when its clickable row holds it.

    The row's centre may fall on a policy link in the label beside the box; the box's own
    centre reaches the same click listener without that risk.
    """
    if box.box is box.target or box.box.bounds is None or box.target.bounds is None:
        return box.target
    left, top, right, bottom = box.target.bounds
    b_left, b_top, b_right, b_bottom = box.box.bounds
    inside = left <= b_left and top <= b_top and b_right <= right and b_bottom <= bottom
    return box.box if inside and box.box.has_area else box.target


def _checkbox_label(dump: UiDump, box: UiNode) -> str:
    if box.label:
        return box.label
    if box.parent is None:
        return ""
    parent = dump.nodes[box.parent]
    parts = []
    for sibling_order in parent.children:
        if sibling_order == box.order:
            continue
        for node in dump.subtree(dump.nodes[sibling_order]):
            if node.label:
                parts.append(node.label)
    return " ".join(parts)


def _permission_prompt(dump: UiDump, kw: Keywords) -> str | None:
    for node in dump.nodes:
        if kw.is_permission_package(node.package) or kw.is_permission_id(node.resource_id):
            return node.package or node.resource_id.split(":", 1)[0]
    for node in dump.nodes:
        if node.clickable and kw.is_permission_text(node.label):
            return f"a control reads {_clip(node.label)!r}"
    return None


class _Window:
    """The classified controls, checkboxes and consent texts of one dump."""

    def __init__(self, dump: UiDump, kw: Keywords) -> None:
        self.dump = dump
        self.kw = kw
        self.checkboxes: list[_Checkbox] = []
        self.controls: list[_Control] = []
        self.never: list[UiNode] = []
        box_targets: set[int] = set()
        for node in dump.nodes:
            if not node.checkable or not node.has_area:
                continue
            target = _tap_target(dump, node)
            if target is None:
                continue
            label = _checkbox_label(dump, node)
            self.checkboxes.append(_Checkbox(node, target, label, kw.checkbox_kind(label)))
            box_targets.add(target.order)
        for node in dump.nodes:
            if not node.clickable or not node.has_area or node.order in box_targets:
                continue
            if node.checkable:
                continue
            label = _container_label(dump, node, kw.max_label_chars)
            if not label:
                continue
            if kw.is_policy_link(label):
                self.never.append(node)
                continue
            match = kw.classify(label)
            role: Role | None = match.role if match else None
            if match is None and node.resource_id == POSITIVE_ID:
                role = Role.accept
            elif match is None and node.resource_id == NEGATIVE_ID:
                role = Role.reject
            if role is None:
                continue
            if role is Role.never:
                self.never.append(node)
                continue
            self.controls.append(_Control(node, label, match, role, node.enabled))
        self.control_orders = {c.node.order for c in self.controls} | {n.order for n in self.never}
        self.control_orders |= box_targets
        self.context = [n for n in dump.nodes if self._is_context(n)]

    def _is_context(self, node: UiNode) -> bool:
        label = node.label
        if not label or not self.kw.mentions_policy(label):
            return False
        if len(normalise(label)) > self.kw.max_label_chars:
            return True  # a sentence: body text, even when its links make it clickable
        if node.order in self.control_orders:
            return False
        # A short text inside a clickable row is a menu entry or a headline, not a dialog's body.
        # A clickable container that holds answer controls is no row: custom dialogs make their
        # root clickable to swallow touches.
        return not any(
            a.clickable and not self._holds_control(a) for a in self.dump.ancestors(node)
        )

    def _holds_control(self, container: UiNode) -> bool:
        end = self.dump.subtree_end(container)
        return any(container.order < c.node.order < end for c in self.controls)

    def scope(self) -> UiNode | None:
        """The smallest container holding a consent text and an accept/refusal control."""
        best: UiNode | None = None
        best_size = 0
        for text in self.context:
            for container in [text, *self.dump.ancestors(text)]:
                end = self.dump.subtree_end(container)
                if any(container.order <= c.node.order < end for c in self.controls):
                    size = end - container.order
                    if best is None or size < best_size:
                        best, best_size = container, size
                    break
        return best


def _rank(control: _Control, preferred_id: str) -> tuple[int, int, int, int, int]:
    match = control.match
    return (
        int(control.node.resource_id == preferred_id),
        int(control.strong),
        len(match.word) if match else 0,
        int(bool(match and match.exact)),
        -control.node.order,
    )


def _auto(dump: UiDump, kw: Keywords) -> Detection:
    prompt = _permission_prompt(dump, kw)
    if prompt is not None:
        return Detection(False, reason=f"system permission prompt ({prompt}), not a consent dialog")
    window = _Window(dump, kw)
    if not window.context:
        return Detection(False, reason="no text names a privacy policy or asks for consent")
    scope = window.scope()
    if scope is None:
        return Detection(False, reason="consent text found, but no accept or refuse control")
    end = dump.subtree_end(scope)
    inside = [c for c in window.controls if scope.order <= c.node.order < end]
    accepts = [c for c in inside if c.role is Role.accept]
    rejects = [c for c in inside if c.role is Role.reject]
    if not accepts and not any(c.strong for c in rejects):
        return Detection(
            False, reason="consent text found, but only generic buttons (OK/Cancel/Exit)"
        )
    boxes = [
        b
        for b in window.checkboxes
        if scope.order <= b.box.order < end and b.kind == "consent" and not b.box.checked
    ]
    # A disabled accept button is planned only behind an unticked consent box that unlocks it.
    usable = [c for c in accepts if c.enabled or boxes]
    accept_plan: list[Action] = []
    reasons = []
    if usable:
        best = max(usable, key=lambda c: _rank(c, POSITIVE_ID))
        accept_plan = [_action(_box_point(b), b.label, "checkbox") for b in boxes]
        accept_plan.append(_action(best.node, best.label, "button"))
    else:
        reasons.append("the accept control is disabled" if accepts else "no accept control")
    enabled_rejects = [c for c in rejects if c.enabled]
    reject_plan: list[Action] = []
    if enabled_rejects:
        best = max(enabled_rejects, key=lambda c: _rank(c, NEGATIVE_ID))
        reject_plan = [_action(best.node, best.label, "button")]
    else:
        reasons.append("no refuse control")
    package = scope.package or next((n.package for n in dump.nodes if n.package), "")
    return Detection(True, accept_plan, reject_plan, reason="; ".join(reasons), package=package)


def _resolve(
    scenario: Scenario, selectors: list[Selector], dump: UiDump, what: str
) -> tuple[list[Action], str]:
    actions: list[Action] = []
    for number, selector in enumerate(selectors):
        name = f"scenario {what}[{number}] {selector.describe()}"
        node = scenario.find(selector, dump)
        if node is None:
            return [], f"{name} matches nothing"
        target = _clickable_target(dump, node)
        if target is None:
            return [], f"{name} is not clickable"
        # As in detection: a disabled button may follow a box whose ticking unlocks it.
        if not target.enabled and not any(a.kind == "checkbox" for a in actions):
            return [], f"{name} is disabled"
        if node.checkable and node.checked:
            continue  # already ticked: tapping again would untick it
        if node.checkable:
            label = _checkbox_label(dump, node)
            point = _box_point(_Checkbox(node, target, label, None))
            actions.append(_action(point, label, "checkbox"))
        else:
            actions.append(_action(target, _container_label(dump, target, 40), "button"))
    return actions, ""


def _with_scenario(dump: UiDump, kw: Keywords, scenario: Scenario, followup: bool) -> Detection:
    auto = _auto(dump, kw)
    prompt = _permission_prompt(dump, kw)
    if prompt is not None:
        return auto
    reasons = []
    confirm: list[Action] = []
    if followup and scenario.reject_confirm:
        confirm, why = _resolve(scenario, scenario.reject_confirm, dump, "reject_confirm")
        if why:
            reasons.append(why)
    if scenario.dialog is not None:
        dialog = scenario.find(scenario.dialog, dump) is not None
        if not dialog:
            reasons.append(f"scenario dialog {scenario.dialog.describe()} matches nothing")
    else:
        dialog = auto.dialog
        if not dialog:
            reasons.append(auto.reason)
    dialog = dialog or bool(confirm)
    if not dialog:
        return Detection(False, reason="; ".join(reasons))
    accept, reject = auto.accept, auto.reject
    if scenario.accept is not None:
        accept, why = _resolve(scenario, scenario.accept, dump, "accept")
        if why:
            reasons.append(why)
    if confirm:
        reject = confirm
    elif scenario.reject is not None:
        reject, why = _resolve(scenario, scenario.reject, dump, "reject")
        if why:
            reasons.append(why)
    package = scenario.package or auto.package
    return Detection(
        True, accept, reject, reason="; ".join(r for r in reasons if r), package=package
    )


def detect(
    dump: str | bytes | UiDump,
    *,
    scenario: Scenario | None = None,
    followup: bool = False,
    keywords: Keywords | None = None,
) -> Detection:
    """Judge one window dump. `followup`: a refusal was already tapped (use `reject_confirm`).

    Raises `DumpError` when the text is not a usable uiautomator dump.
    """
    parsed = dump if isinstance(dump, UiDump) else parse_dump(dump)
    kw = keywords or Keywords.load()
    if scenario is not None:
        return _with_scenario(parsed, kw, scenario, followup)
    return _auto(parsed, kw)
