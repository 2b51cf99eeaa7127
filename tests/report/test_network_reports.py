"""The network evidence in report.json, report.html, junit.xml, the verdict and the check keys:
the chain "read at X s, sent as MD5 to host Y at Z s", with hostile app-controlled strings."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from harness.attribution import Attributor, load_sdk_db
from harness.check.baseline import baseline_from_report
from harness.check.compare import compare
from harness.check.key import FindingKey
from harness.check.markdown import summary_markdown
from harness.check.places import Places
from harness.check.sarif import sarif_log
from harness.model import CallEvent, Channel, Finding, Rule, SendEvent, SentFinding, SentValue
from harness.report import read_json, render_html, write_reports
from harness.report.model import RunReport
from harness.rules import contacts
from tests.report.sample import APP, IMG, SCRIPT, T0, sample_events, sample_report

HOST = f"ads.example.com{SCRIPT}"


def _with_sends() -> list:  # type: ignore[type-arg]
    events = sample_events()
    imei = next(e for e in events if isinstance(e, CallEvent))  # read at 0.4 s, by the SDK
    sdk = ["com.qq.e.comm.net.Uploader.post(Unknown Source)", f"{APP}.Boot.run(Boot.java:1)"]
    # another process: markers compare by device time there (pid 100's seqs are taken)
    common = dict(
        pid=300, process=f"{APP}:ads", api="okhttp3.RealCall.execute", stack=sdk, port=443
    )
    events.append(
        SendEvent(
            seq=1,
            ts=T0 + 1200,
            channel=Channel.okhttp,
            host=HOST,
            path=f"/v2/{IMG}",
            bytes=321,
            excerpt=f'{{"did":"e5***16d","x":"{SCRIPT}"}}',
            values=[
                SentValue(
                    data=imei.category,
                    masked="e5********************16d",
                    encoding="gzip+md5",
                    where="body",
                    read_seq=imei.seq,
                    read_pid=imei.pid,
                    read_api=imei.api,
                )
            ],
            **common,  # type: ignore[arg-type]
        )
    )
    # a contact that carried nothing known, before consent; and one after it (not listed)
    events.append(
        SendEvent(seq=2, ts=T0 + 1300, channel=Channel.dns, host="t.example.net", **common)
    )  # type: ignore[arg-type]
    events.append(
        SendEvent(seq=3, ts=T0 + 20000, channel=Channel.http, host="late.example", **common)
    )  # type: ignore[arg-type]
    return events


@pytest.fixture
def run(tmp_path: Path) -> tuple[RunReport, list, Path]:  # type: ignore[type-arg]
    events = _with_sends()
    report = sample_report(events, tmp_path)
    report.contacts_before_consent = contacts(
        events, attributor=Attributor(load_sdk_db(), APP), resumed_at_ts=T0,
        consent_outcome="accepted",
    )  # fmt: skip
    write_reports(report, events, tmp_path)
    return report, events, tmp_path


def test_report_json_holds_the_whole_chain_and_reads_back(run) -> None:  # type: ignore[no-untyped-def]
    report, _, out = run
    [sent] = [f for f in report.findings if isinstance(f, SentFinding)]
    assert (sent.rule, sent.data.value, sent.host, sent.encoding) == (
        Rule.sent_before_consent, "device_id", HOST, "gzip+md5",
    )  # fmt: skip
    assert (sent.read_offset_s, sent.first_offset_s, sent.send_seq) == (0.4, 1.2, 1)
    assert sent.actor.name == "Tencent GDT Ads (优量汇)" and sent.read_api.endswith("getDeviceId")
    again = read_json(out / "report.json")
    assert [type(f) for f in again.findings] == [type(f) for f in report.findings]
    assert again.findings == report.findings
    # reads' findings keep their JSON exactly: no sent_* fields on them
    plain = json.loads((out / "report.json").read_text(encoding="utf-8"))["findings"]
    assert all("host" not in f for f in plain if not f["rule"].startswith("sent_"))
    assert [(c.host, c.channel.value) for c in again.contacts_before_consent] == [
        (HOST, "okhttp"), ("t.example.net", "dns"),
    ]  # fmt: skip
    assert again.verdict[0].rule is Rule.pre_consent
    sent_line = next(v for v in again.verdict if v.rule is Rule.sent_before_consent)
    assert sent_line.en == (
        f"Sent before consent: yes, 1 data type to {HOST} by Tencent GDT Ads (优量汇)."
    )
    assert sent_line.zh == f"同意前发送：是，Tencent GDT Ads (优量汇) 向 {HOST} 发送 1 类数据。"


def test_html_shows_where_the_data_went_escaped(run) -> None:  # type: ignore[no-untyped-def]
    report, events, _ = run
    html = render_html(report, events)
    assert "Where the data went" in html and "Hosts contacted before consent" in html
    assert "sends by host" in html  # the sends' own timeline
    assert SCRIPT not in html and IMG not in html
    assert "ads.example.com&lt;script&gt;" in html
    assert "gzip+md5" in html and "late.example" not in html.split("Hosts contacted")[1]


def test_junit_names_host_encoding_and_the_read(run) -> None:  # type: ignore[no-untyped-def]
    _, _, out = run
    root = ET.parse(out / "junit.xml").getroot()
    [case] = [
        c for c in root.iter("testcase") if c.get("classname") == "harness.sent_before_consent"
    ]
    text = case.find("failure").text or ""  # type: ignore[union-attr]
    assert f"host: {HOST} (okhttp, body, 321 bytes)" in text
    assert "encoding: gzip+md5" in text
    assert "read: android.telephony.TelephonyManager.getDeviceId seq 1 in pid 100" in text
    assert "read stack:" in text


def test_the_host_is_part_of_a_sent_findings_check_key(run) -> None:  # type: ignore[no-untyped-def]
    report, _, _ = run
    [sent] = [f for f in report.findings if isinstance(f, SentFinding)]
    moved = sent.model_copy(update={"host": "other.example", "encoding": "sha1"})
    assert FindingKey.of(sent) != FindingKey.of(moved)
    assert FindingKey.of(sent) == FindingKey.of(sent.model_copy(update={"encoding": "sha1"}))
    plain = next(f for f in report.findings if type(f) is Finding)
    assert FindingKey.of(plain).host == ""
    baseline = baseline_from_report(report, previous=None, by="t", run="r")
    result = compare(report, baseline, [], today=date(2030, 1, 1))
    assert all(e.status.value == "baselined" for e in result.entries)
    log = sarif_log(
        result, places=Places(source_root="", manifest=None, project_file="harness.yaml")
    )
    [res] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "sent_before_consent"]
    assert res["properties"]["host"] == HOST and res["properties"]["encoding"] == "gzip+md5"
    assert f"to {HOST}" in res["message"]["text"]
    markdown = summary_markdown(result, fail_on_partial=False)
    assert f"→ `{HOST}`" in markdown  # a code span: literal in any Markdown renderer
