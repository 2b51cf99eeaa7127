import json
from pathlib import Path

import openpyxl
import pytest
from batch_doubles import finding
from typer.testing import CliRunner

from harness.batch.model import JobResult, JobState
from harness.batch.store import Store
from harness.batch.summary import write_summary
from harness.batch.summary.filters import SCRIPT, SCRIPT_HASH
from harness.batch.targets import Target
from harness.cli import app as cli
from harness.errors import ConfigError
from harness.model import Category, Channel, Rule, SentFinding

EVIL = '<script>alert("x")</script>'
FORMULA = '=HYPERLINK("http://evil","x")'


def _finish(store: Store, app: str, result: JobResult, device: str = "d1") -> None:
    job = store.claim(device, {device})
    assert job is not None and job.app == app
    store.finish(job, device, result, retries=0)


@pytest.fixture
def rundir(tmp_path: Path) -> Path:
    store = Store.in_folder(tmp_path)
    apps = ["com.ad", "com.ad2", "com.good", "com.evil", "com.lost"]
    store.add_targets(Target(a, a, "package") for a in apps)
    umeng = finding("Umeng analytics")
    _finish(
        store,
        "com.ad",
        JobResult(
            JobState.done,
            package="com.ad",
            report_path="apps/com.ad/1/report.html",
            findings=[
                umeng,
                finding("Umeng analytics", process="com.ad:push"),
                finding("Umeng analytics", data=Category.android_id),
            ],
        ),
    )
    _finish(
        store,
        "com.ad2",
        JobResult(
            JobState.done,
            package="com.ad2",
            report_path="apps/com.ad2/1/report.html",
            findings=[
                umeng,
                finding("JPush", package="cn.jpush.android", rule=Rule.background),
                finding("com.ad2", kind="app", package="com.ad2"),
            ],
        ),
    )
    _finish(store, "com.good", JobResult(JobState.done, package="com.good"))
    _finish(
        store,
        "com.evil",
        JobResult(
            JobState.done,
            package=FORMULA,
            reason=EVIL,
            findings=[finding(EVIL, package="evil.sdk"), finding(FORMULA, package="f")],
        ),
    )
    _finish(
        store,
        "com.lost",
        JobResult(JobState.failed_infra, reason="device went away", infra_kind="device"),
    )
    store.set_device("d1", "quarantined", failures=3, reason="3 infrastructure failures")
    store.close()
    return tmp_path


def test_json_counts_each_sdk_once_per_app_per_rule_and_data(rundir: Path) -> None:
    written = write_summary(rundir, ("json",))
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    rows = {(r["sdk"], r["rule"], r["data"]): r for r in data["sdks"]}
    umeng = rows[("Umeng analytics", "pre_consent", "device_id")]
    assert umeng["apps"] == 2  # com.ad has it twice (two processes): one app
    assert [r["app"] for r in umeng["reports"]] == ["com.ad", "com.ad2"]
    assert umeng["reports"][0]["report"] == "apps/com.ad/1/report.html"
    assert rows[("JPush", "background", "device_id")]["apps"] == 1
    assert ("com.ad2", "pre_consent", "device_id") not in rows  # the app's own code is no SDK
    top = {r["sdk"]: r for r in data["sdk_top"]}
    assert top["Umeng analytics"]["pre_consent_apps"] == 2
    apps = {a["app"]: a for a in data["apps"]}
    assert len(apps["com.ad"]["findings"]) == 3 and apps["com.good"]["findings"] == []
    assert apps["com.lost"]["state"] == "failed_infra"
    assert data["overview"]["by_state"] == {"done": 4, "failed_infra": 1}
    assert [f["app"] for f in data["infra_failures"]] == ["com.lost"]


def test_html_escapes_app_controlled_text_and_links_reports(rundir: Path) -> None:
    html = write_summary(rundir, ("html",))["html"].read_text(encoding="utf-8")
    assert EVIL not in html and "&lt;script&gt;" in html
    assert 'href="apps/com.ad/1/report.html"' in html
    assert "SDK / 第三方SDK" in html and "Apps / 应用数" in html
    assert "device went away" in html  # infra failures are listed
    # One script only: the page's own filters, allowed by its hash; the app's text is inert.
    assert html.lower().count("<script") == 1 and f"<script>{SCRIPT}</script>" in html
    assert f"script-src '{SCRIPT_HASH}'" in html


def test_xlsx_has_bilingual_headings_and_never_turns_text_into_formulas(rundir: Path) -> None:
    out = rundir / "elsewhere"
    path = write_summary(rundir, ("xlsx",), out)["xlsx"]
    wb = openpyxl.load_workbook(path)
    sdks = wb["SDKs 第三方SDK"]
    assert [c.value for c in sdks[1]][:2] == ["SDK / 第三方SDK", "Vendor / 厂商"]
    names = [row[0].value for row in sdks.iter_rows(min_row=2)]
    assert FORMULA in names and EVIL in names
    for row in sdks.iter_rows(min_row=2):
        assert row[0].data_type == "s"
    apps = wb["Apps 应用"]
    heading = [c.value for c in apps[1]]
    report_col = heading.index("Report / 检测报告")
    ad = next(r for r in apps.iter_rows(min_row=2) if r[0].value == "com.ad")
    assert ad[report_col].hyperlink.target == "../apps/com.ad/1/report.html"
    # each app's findings, counted as the findings sheet streamed them (none: 0, not empty)
    found = heading.index("Findings / 问题数")
    by_app = {r[0].value: r[found].value for r in apps.iter_rows(min_row=2)}
    assert by_app["com.ad"] == 3 and by_app["com.good"] == 0 and by_app["com.lost"] == 0
    assert sum(by_app.values()) == 8
    assert wb["Findings 问题明细"].max_row == 1 + 8
    assert wb["Infra 环境故障"].max_row == 2


def test_summary_command_and_errors(rundir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["summary", str(rundir), "--format", "json,html"])
    assert result.exit_code == 0, result.output
    assert (rundir / "summary.json").is_file() and (rundir / "summary.html").is_file()
    with pytest.raises(ConfigError, match="unknown summary format 'pdf'"):
        write_summary(rundir, ("pdf",))
    with pytest.raises(ConfigError, match="no batch store"):
        write_summary(tmp_path / "nothing")


def _sent(sdk: str, host: str, data: Category = Category.device_id) -> SentFinding:
    base = finding(sdk, Rule.sent_before_consent, data)
    return SentFinding(
        **base.model_dump(),
        host=host,
        encoding="md5",
        channel=Channel.http,
        where="body",
        send_seq=9,
        send_pid=1,
    )


def test_per_sdk_the_apps_it_sent_each_data_to_and_its_hosts(tmp_path: Path) -> None:
    store = Store.in_folder(tmp_path)
    store.add_targets(Target(a, a, "package") for a in ("com.a", "com.b"))
    evil_host = f"t.example{EVIL}"
    _finish(store, "com.a", JobResult(JobState.done, package="com.a", findings=[
        _sent("Umeng analytics", "alog.umeng.example"),
        _sent("Umeng analytics", evil_host),
        finding("Umeng analytics"),  # a read: no host
    ]))  # fmt: skip
    _finish(store, "com.b", JobResult(JobState.done, package="com.b", findings=[
        _sent("Umeng analytics", "alog.umeng.example"),
    ]))  # fmt: skip
    store.close()
    written = write_summary(tmp_path, ("json", "html", "xlsx"))
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    rows = {(r["sdk"], r["rule"], r["data"]): r for r in data["sdks"]}
    sent = rows[("Umeng analytics", "sent_before_consent", "device_id")]
    assert sent["apps"] == 2 and sent["hosts"] == ["alog.umeng.example", evil_host]
    assert rows[("Umeng analytics", "pre_consent", "device_id")]["hosts"] == []
    apps = {a["app"]: a for a in data["apps"]}
    assert sorted(f["host"] for f in apps["com.a"]["findings"]) == [
        "", "alog.umeng.example", evil_host,
    ]  # fmt: skip
    html = written["html"].read_text(encoding="utf-8")
    assert EVIL not in html and "t.example&lt;script&gt;" in html
    sdks = openpyxl.load_workbook(written["xlsx"])["SDKs 第三方SDK"]
    heading = [c.value for c in sdks[1]]
    hosts = [r[heading.index("Sent to / 发送目标")].value for r in sdks.iter_rows(min_row=2)]
    assert f"alog.umeng.example, {evil_host}" in hosts


def test_a_store_made_before_the_host_column_gets_it_when_opened(tmp_path: Path) -> None:
    import sqlite3

    db = sqlite3.connect(tmp_path / "harness.db")
    db.executescript(  # a schema-1 store: its meta, jobs and findings as that version made them
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        " INSERT INTO meta VALUES ('schema', '1');"
        " CREATE TABLE jobs (id INTEGER PRIMARY KEY, app TEXT NOT NULL, source TEXT NOT NULL,"
        " attempt INTEGER NOT NULL, state TEXT NOT NULL, device TEXT,"
        " excluded TEXT NOT NULL DEFAULT '', queued_at REAL NOT NULL, started_at REAL,"
        " ended_at REAL, reason TEXT NOT NULL DEFAULT '', infra_kind TEXT NOT NULL DEFAULT '',"
        " package TEXT NOT NULL DEFAULT '', report_path TEXT NOT NULL DEFAULT '',"
        " UNIQUE (app, attempt));"
        " CREATE TABLE findings (id INTEGER PRIMARY KEY, job_id INTEGER NOT NULL,"
        " app TEXT NOT NULL,"
        " rule TEXT NOT NULL, data TEXT NOT NULL, api TEXT NOT NULL, actor_kind TEXT NOT NULL,"
        " actor_name TEXT NOT NULL, actor_package TEXT NOT NULL,"
        " actor_vendor TEXT NOT NULL DEFAULT '', process TEXT NOT NULL, count INTEGER NOT NULL,"
        " first_at TEXT NOT NULL, first_offset_s REAL NOT NULL);"
    )
    db.close()
    store = Store.open_existing(tmp_path)
    columns = [r["name"] for r in store.query("PRAGMA table_info(findings)")]
    store.close()
    assert columns[-1] == "host"
