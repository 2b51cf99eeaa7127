"""A short Markdown summary for a pull-request comment: new, expired, fixed, waived tables."""

from __future__ import annotations

from pathlib import Path

from harness.check.compare import CheckEntry, CheckResult, Status
from harness.check.text import md, md_code

MAX_ROWS = 50


def _finding_rows(entries: list[CheckEntry], extra: str | None) -> list[str]:
    head = "| rule | data | API | actor | process | first (s) |"
    sep = "|---|---|---|---|---|---|"
    if extra:
        head += f" {extra} |"
        sep += "---|"
    rows = [head, sep]
    for entry in entries[:MAX_ROWS]:
        key, f = entry.key, entry.finding
        process = md_code(f.process, 80) if f else ""
        first = f"{f.first_offset_s:.2f}" if f else ""
        row = (
            # a sent finding: where it went, beside the API that sent it
            f"| {key.rule.value} | {key.data.value} | {md_code(key.api)}"
            + (f" → {md_code(key.host, 120)}" if key.host else "")
            + f" | {md_code(key.actor)} | "
            f"{process} | {first} |"
        )
        if extra:
            w = entry.waiver
            row += f" {md(f'{w.reason} (until {w.expires})', 200) if w else ''} |"
        rows.append(row)
    if len(entries) > MAX_ROWS:
        rows.append(f"\n…and {len(entries) - MAX_ROWS} more (see the SARIF and JUnit files).")
    return rows


def summary_markdown(result: CheckResult, *, fail_on_partial: bool) -> str:
    new = result.having(Status.new)
    expired = result.having(Status.expired)
    fixed = result.having(Status.fixed)
    waived = result.having(Status.waived)
    baselined = result.having(Status.baselined)
    failing = len(new) + len(expired)
    partial_fails = not result.complete and fail_on_partial
    if failing:
        verdict = f"❌ {failing} new finding{'s' if failing != 1 else ''}"
    elif partial_fails:
        verdict = "⚠️ run incomplete: no verdict"
    else:
        verdict = "✅ no new findings"
    report = result.report
    lines = [
        f"### harness check: {md(result.package, 120)} — {verdict}",
        "",
        f"Run {report.status} on {md(report.device.name, 80)} (consent: "
        f"{report.consent.outcome}); {len(new)} new, {len(expired)} with an expired waiver, "
        f"{len(waived)} waived, {len(baselined)} baselined, {len(fixed)} fixed.",
    ]
    if not result.has_baseline:
        lines += [
            "",
            "No baseline yet: every finding counts as new. After review, accept this "
            "run with `harness baseline accept`.",
        ]
    for problem in result.problems:
        lines += ["", f"> ⚠️ {md(problem, 300)}"]
    sections = [
        ("New", new, None),
        ("Waiver expired", expired, "expired waiver"),
        ("Fixed (no longer seen)", fixed, None),
        ("Waived", waived, "waiver"),
    ]
    for title, entries, extra in sections:
        if entries:
            lines += ["", f"#### {title} ({len(entries)})", "", *_finding_rows(entries, extra)]
    if baselined:
        lines += [
            "",
            f"<details><summary>Baselined ({len(baselined)})</summary>",
            "",
            *_finding_rows(baselined, None),
            "",
            "</details>",
        ]
    return "\n".join(lines) + "\n"


def write_markdown(result: CheckResult, path: Path, *, fail_on_partial: bool) -> None:
    path.write_text(summary_markdown(result, fail_on_partial=fail_on_partial), encoding="utf-8")
