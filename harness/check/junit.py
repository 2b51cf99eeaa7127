"""JUnit XML for CI test tabs: one test case per finding key, plus one for the run itself.

failed: new, or its waiver expired; skipped: waived (the message holds the reason);
passed: baselined. The `run` case fails when the run did not complete and the project says so.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from harness.check.compare import CheckResult, Status
from harness.check.rules import rule_title
from harness.check.text import clean

_REPORTED = (Status.new, Status.expired, Status.waived, Status.baselined)


def junit_tree(result: CheckResult, *, fail_on_partial: bool) -> ET.Element:
    suite = ET.Element("testsuite", name=f"harness check: {clean(result.package, 200)}")
    failures = skipped = tests = 0
    for entry in result.entries:
        if entry.status not in _REPORTED:
            continue
        key, finding = entry.key, entry.finding
        assert finding is not None
        tests += 1
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"harness.{key.rule.value}.{key.data.value}",
            name=clean(f"{key.data.value} via {key.api} by {key.actor}", 500),
            time="0",
        )
        detail = clean(
            f"{rule_title(key.rule)}. {finding.count} call(s) in {finding.process}, first at "
            f"{finding.first_offset_s:.2f} s ({finding.phase or 'phase unknown'}). "
            f"Fingerprint {entry.fingerprint}.",
            2000,
        )
        if entry.status == Status.new:
            failures += 1
            failure = ET.SubElement(
                case, "failure", type="new", message=clean(f"new finding: {key.text()}", 500)
            )
            failure.text = detail + "\n" + "\n".join(clean(s) for s in finding.stack[:30])
        elif entry.status == Status.expired and entry.waiver is not None:
            failures += 1
            failure = ET.SubElement(
                case,
                "failure",
                type="waiver_expired",
                message=clean(f"waiver expired on {entry.waiver.expires}: {key.text()}", 500),
            )
            failure.text = detail + f"\nwaiver reason: {clean(entry.waiver.reason, 1000)}"
        elif entry.status == Status.waived and entry.waiver is not None:
            skipped += 1
            ET.SubElement(
                case,
                "skipped",
                message=clean(f"waived until {entry.waiver.expires}: {entry.waiver.reason}", 1000),
            )
        else:
            ET.SubElement(case, "system-out").text = "baselined. " + detail
    tests += 1
    run_case = ET.SubElement(suite, "testcase", classname="harness.run", name="run completed")
    if not result.complete:
        text = "; ".join(result.problems) or f"run status: {result.report.status}"
        if fail_on_partial:
            failures += 1
            ET.SubElement(
                run_case, "failure", type="partial_run", message=clean(text, 1000)
            ).text = clean(text, 4000)
        else:
            ET.SubElement(run_case, "system-out").text = clean(text, 4000)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    root = ET.Element(
        "testsuites",
        name="harness check",
        tests=str(tests),
        failures=str(failures),
        errors="0",
        skipped=str(skipped),
    )
    root.append(suite)
    return root


def write_junit(result: CheckResult, path: Path, *, fail_on_partial: bool) -> None:
    tree = ET.ElementTree(junit_tree(result, fail_on_partial=fail_on_partial))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
