"""Legal references: every rule names the clauses it tests, in both languages, as data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from harness.model import Rule
from harness.report.legal import LEGAL_FILE, LegalTable, legal_basis, legal_table
from harness.report.write import write_reports

from .sample import sample_events, sample_report

NETWORK_RULES = ("sent_before_consent", "sent_after_refusal", "sent_in_background")


def test_every_rule_and_the_network_rules_have_bilingual_clauses() -> None:
    table = legal_table()
    for rule in [r.value for r in Rule] + list(NETWORK_RULES):
        basis = table.basis(rule)
        assert basis.clauses, rule
        for c in basis.clauses:
            assert c.en and c.zh and c.clause and c.source_zh and c.source_en
            assert any("\u4e00" <= ch <= "\u9fff" for ch in c.zh), (rule, c.zh)
    cited = {c.short_en for r in Rule for c in table.basis(r.value).clauses}
    # The four sources of the issue are all cited somewhere.
    assert {
        "Identification Methods 2019",
        "MIIT notice 164",
        "GB/T 35273-2020",
        "GB/T 41391-2022",
    } <= cited
    assert table.basis(Rule.pre_consent.value).clauses[0].clause == "3 (1)"


def test_a_rule_without_clauses_or_an_unknown_source_fails_at_load() -> None:
    data = yaml.safe_load(LEGAL_FILE.read_text(encoding="utf-8"))
    del data["rules"]["background"]
    with pytest.raises(ValidationError, match="rules without clauses: background"):
        LegalTable.model_validate(data)
    data = yaml.safe_load(LEGAL_FILE.read_text(encoding="utf-8"))
    data["rules"]["pre_consent"][0]["source"] = "nowhere"
    with pytest.raises(ValidationError, match="unknown source 'nowhere'"):
        LegalTable.model_validate(data)


def test_reports_carry_the_clauses(tmp_path: Path) -> None:
    events = sample_events()
    report = sample_report(events, tmp_path)
    write_reports(report, events, tmp_path)
    stored = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [b["rule"] for b in stored["legal"]] == [r.value for r in Rule]
    assert stored["legal"] == [
        b.model_dump(mode="json") for b in legal_basis([r.value for r in Rule])
    ]
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "法律依据 Legal basis" in html
    assert "征得用户同意前就开始收集个人信息或打开可收集个人信息的权限" in html
    assert "依据 Clauses: 认定方法 3 (1)" in html  # beside the verdict sentence
