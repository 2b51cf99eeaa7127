"""The long tables of summary.html as HTML fragments built in Python: per app (with its
findings) and the example links of a per-SDK row.

Built here, one f-string per element, rather than in the template: Jinja's per-output machinery
(attribute look-ups, filters, `finalize`) was most of the page's time. Every value goes through
`_h`: shown visibly (harness.untrusted.visible, the template's `finalize`) and HTML-escaped
(markupsafe, the template's autoescape), so the fragments hold the same text the template
wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup, escape

from harness.batch.summary.query import SdkRow
from harness.untrusted import clip, visible

MAX_TEXT = 300  # app-controlled strings are shown clipped; the JSON keeps them in full


def _h(value: object, limit: int | None = MAX_TEXT) -> str:
    text = "" if value is None else str(value)
    if limit is not None:
        text = clip(text, limit)
    return str(escape(visible(text)))


def examples(row: SdkRow, link: Callable[[str], str]) -> Markup:
    """A per-SDK row's example apps as links, with how many more there are."""
    parts = [
        f'<a href="{_h(link(report), None)}">{_h(app)}</a>' if report else _h(app)
        for app, report in row.examples
    ]
    more = row.apps - len(row.examples)
    note = (
        f' <span class="muted">… +{more} (all in summary.xlsx / summary.json / '
        "完整列表见 summary.xlsx)</span>"
        if more > 0
        else ""
    )
    return Markup(", ".join(parts) + note)


def _finding(f: Mapping[str, Any]) -> str:
    host = f" → <code>{_h(f['host'])}</code>" if f["host"] else ""
    return (
        f'<tr><td class="rule-{_h(f["rule"])}">{_h(f["rule"])}</td><td>{_h(f["data"])}</td>'
        f"<td>{_h(f['api'])}{host}</td><td>{_h(f['actor_kind'])}: {_h(f['actor_name'])}</td>"
        f'<td>{_h(f["process"])}</td><td class="n">{_h(f["count"])}</td>'
        f'<td class="n">{float(f["first_offset_s"]):.2f} s</td></tr>\n'
    )


def app_row(
    app: Mapping[str, Any], link: Callable[[str], str], labels: Mapping[str, str]
) -> Markup:
    """One row of the per-app table: the attributes the page's filters read (state, rules,
    lower-case text), the app's columns and its findings in a <details>."""
    found = app["findings"]
    rules = " ".join(dict.fromkeys(f["rule"] for f in found))
    actors = " ".join(dict.fromkeys(f["actor_name"] for f in found))
    text = f"{app['app']} {app['package']} {actors}".lower()
    state = app["state"]
    if found:
        details = (
            f"<details><summary>{len(found)}</summary><table>\n"
            + "".join(_finding(f) for f in found)
            + "</table></details>"
        )
    else:
        details = "0"
    report = app["report_path"]
    report_link = f'<a href="{_h(link(report), None)}">report</a>' if report else ""
    return Markup(
        f'<tr id="app-{_h(app["app"], None)}" data-state="{_h(state, None)}" '
        f'data-rules="{_h(rules, None)}" data-text="{_h(text)}">\n'
        f"<td>{_h(app['app'])}</td><td>{_h(app['package'])}</td>\n"
        f'<td class="state-{_h(state)}">{_h(labels.get(state, state))}</td>'
        f'<td class="n">{_h(app["attempts"])}</td>\n'
        f"<td>{_h(app['device'] or '')}</td>\n"
        f"<td>{details}</td>\n"
        f"<td>{_h(app['reason'])}</td>\n"
        f"<td>{report_link}</td>\n"
        "</tr>\n"
    )
