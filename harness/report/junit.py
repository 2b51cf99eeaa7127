"""junit.xml: each finding a failed test case, one passing case per rule with none, so CI shows
counts. A run that did not complete adds one errored case (`harness.run`), not a failure, so the
failure count is always the number of findings."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from harness.atomic import write_atomic
from harness.model import Finding, Rule, SentFinding
from harness.report.labels import labels
from harness.report.model import RunReport
from harness.untrusted import clip, xml_safe

MAX_STACK_FRAMES = 64
MAX_TEXT = 500  # characters of one app-controlled value or frame


def _text(value: str, limit: int = MAX_TEXT) -> str:
    return xml_safe(clip(value, limit))


def _case_name(f: Finding) -> str:
    if isinstance(f, SentFinding):
        return f"{f.data.value} sent to {f.host} as {f.encoding} by {f.actor.name} in {f.process}"
    return f"{f.data.value} via {f.api} by {f.actor.name} in {f.process}"


def _sent_details(f: SentFinding) -> list[str]:
    """The evidence chain: where it went, and the read it came from."""
    lines = [
        f"host: {clip(f.host, MAX_TEXT)} ({f.channel.value}, {f.where}, {f.bytes} bytes)",
        f"encoding: {f.encoding}",
        f"send: seq {f.send_seq} in pid {f.send_pid}",
    ]
    if f.read_seq is None:
        lines.append("read: none hooked before the send (a device identifier known up front)")
    else:
        lines.append(
            f"read: {f.read_api} seq {f.read_seq} in pid {f.read_pid} at {f.read_at} "
            f"(+{f.read_offset_s:.3f} s"
            + (f", {f.read_gap_s:.3f} s before the send)" if f.read_gap_s is not None else ")")
            + (f" by {f.read_actor.kind} {f.read_actor.name}" if f.read_actor else "")
        )
    if f.excerpt:
        lines.append(f"excerpt: {clip(f.excerpt, MAX_TEXT)}")
    return lines


def _details(f: Finding) -> str:
    lines = [
        f"rule: {f.rule.value} ({labels().rule(f.rule.value).both()})",
        f"data: {f.data.value} ({labels().category(f.data.value).both()})",
        f"api: {f.api}",
        f"actor: {f.actor.kind} {f.actor.name}"
        + (f" ({f.actor.vendor})" if f.actor.vendor else "")
        + (f" [{f.actor.package}]" if f.actor.package else ""),
        f"process: {f.process}",
        f"count: {f.count}" + (f" ({f.denied_count} denied)" if f.denied_count else ""),
        f"first: {f.first_at} (+{f.first_offset_s:.3f} s, {f.phase})",
    ]
    if isinstance(f, SentFinding):
        lines += _sent_details(f)
    if f.actor.note:
        lines.append(f"note: {f.actor.note}")
    if f.example is not None:
        lines.append(f"example: {clip(f.example, MAX_TEXT)}")
    lines.append("stack:")
    lines += [f"  at {clip(frame, MAX_TEXT)}" for frame in f.stack[:MAX_STACK_FRAMES]]
    if len(f.stack) > MAX_STACK_FRAMES:
        lines.append(f"  ... {len(f.stack) - MAX_STACK_FRAMES} more frames")
    if isinstance(f, SentFinding) and f.read_stack:
        lines.append("read stack:")
        lines += [f"  at {clip(frame, MAX_TEXT)}" for frame in f.read_stack[:MAX_STACK_FRAMES]]
    return xml_safe("\n".join(lines))


def _properties(suite: ET.Element, report: RunReport) -> None:
    """The case data and the verdict as the suite's properties (they come first in a suite)."""
    props = [(name, value) for name, value in report.case.model_dump().items() if value]
    props += [(f"verdict.{i + 1}", line.en) for i, line in enumerate(report.verdict)]
    if not props:
        return
    element = ET.SubElement(suite, "properties")
    for name, value in props:
        ET.SubElement(element, "property", name=name, value=_text(str(value)))


def build_junit(report: RunReport) -> ET.ElementTree[ET.Element]:
    suite_name = f"harness {report.target.package}"
    root = ET.Element("testsuites", name="harness")
    suite = ET.SubElement(
        root, "testsuite", name=_text(suite_name, 200), timestamp=_text(report.started_at, 64)
    )
    _properties(suite, report)
    failures = errors = tests = 0
    for f in report.findings:
        case = ET.SubElement(
            suite, "testcase", classname=f"harness.{f.rule.value}", name=_text(_case_name(f), 1000)
        )
        unit = "request(s)" if isinstance(f, SentFinding) else "call(s)"
        message = f"{labels().rule(f.rule.value).both()}: {f.count} {unit}"
        failure = ET.SubElement(case, "failure", message=_text(message), type=f.rule.value)
        failure.text = _details(f)
        failures += 1
        tests += 1
    seen = {f.rule for f in report.findings}
    for rule in Rule:
        if rule not in seen:
            ET.SubElement(
                suite,
                "testcase",
                classname=f"harness.{rule.value}",
                name=f"no {rule.value} findings",
            )
            tests += 1
    if report.status != "completed":
        case = ET.SubElement(suite, "testcase", classname="harness.run", name="run completed")
        problems = "; ".join(f"{p.kind}: {p.message}" for p in report.problems) or report.status
        error = ET.SubElement(
            case, "error", message=_text(f"run {report.status}: {problems}"), type=report.status
        )
        error.text = _text(problems, 5000)
        errors += 1
        tests += 1
    for element in (root, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
    ET.indent(root)
    return ET.ElementTree(root)


def write_junit(report: RunReport, path: Path) -> None:
    root = build_junit(report).getroot()
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    write_atomic(path, data + b"\n")
