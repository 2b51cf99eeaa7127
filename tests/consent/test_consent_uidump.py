"""Parsing untrusted dumps: limits, refusals, tolerated real-world noise."""

from __future__ import annotations

import pytest
from conftest import read_dump

from harness.consent.detector import MAX_ACTION_TEXT, detect
from harness.consent.uidump import MAX_DUMP_BYTES, DumpError, parse_bounds, parse_dump


def test_parses_nodes_in_document_order_with_parents():
    dump = parse_dump(read_dump("zh_container_buttons.xml"))
    agree_text = next(n for n in dump.nodes if n.text == "同意")
    container = dump.nodes[agree_text.parent]
    assert container.resource_id == "com.example.video:id/ll_agree"
    assert container.clickable and not agree_text.clickable
    assert dump.contains(container, agree_text)
    assert [n.order for n in dump.nodes] == list(range(len(dump.nodes)))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("[0,0][1080,2400]", (0, 0, 1080, 2400)),
        ("[-5,10][20,30]", (-5, 10, 20, 30)),
        ("junk", None),
    ],
)
def test_bounds(text, expected):
    assert parse_bounds(text) == expected


def test_status_line_after_the_xml_is_ignored():
    text = read_dump("zh_alert.xml") + "UI hierchary dumped to: /dev/tty\n"
    assert detect(text).dialog is True


def test_empty_hierarchy_is_no_dialog():
    assert detect('<?xml version="1.0"?><hierarchy rotation="0"/>').dialog is False
    assert detect('<hierarchy rotation="0"></hierarchy>').dialog is False


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "no <hierarchy>"),
        ("ERROR: could not get idle state.", "no <hierarchy>"),
        ('<hierarchy rotation="0"><node text="x"></hierarchy>', "not well-formed"),
        (
            '<!DOCTYPE h [<!ENTITY a "aaaa">]><hierarchy><node text="&a;"/></hierarchy>',
            "DTD or entities",
        ),
    ],
)
def test_bad_dumps_are_refused_with_a_reason(text, message):
    with pytest.raises(DumpError, match=message):
        parse_dump(text)


def test_oversized_dump_is_refused_before_parsing():
    huge = '<hierarchy rotation="0">' + " " * MAX_DUMP_BYTES + "</hierarchy>"
    with pytest.raises(DumpError, match="over the"):
        parse_dump(huge)
    with pytest.raises(DumpError, match="over the"):
        parse_dump(huge.encode())


def test_deep_nesting_does_not_exhaust_the_stack():
    depth = 3000
    node = '<node text="" clickable="false" bounds="[0,0][10,10]">'
    text = '<hierarchy rotation="0">' + node * depth + "</node>" * depth + "</hierarchy>"
    dump = parse_dump(text)
    assert len(dump.nodes) == depth
    assert dump.nodes[-1].depth == depth - 1
    assert detect(dump).dialog is False


def test_long_app_texts_are_cut_in_actions():
    label = "同意" + "。" * 5000
    xml = read_dump("zh_alert.xml").replace('text="同意"', f'text="{label}"')
    found = detect(xml)
    assert all(len(a.text) <= MAX_ACTION_TEXT for a in found.accept + found.reject)


def test_markup_in_texts_is_data():
    xml = read_dump("zh_alert.xml").replace('text="不同意"', 'text="不同意 &lt;b&gt;[red]x[/]"')
    found = detect(xml)
    assert found.reject[0].text == "不同意 <b>[red]x[/]"
