"""The detector on the hand-written corpus: verdicts and the exact taps, in order."""

from __future__ import annotations

import pytest
from conftest import DUMPS, read_dump

from harness.consent.detector import detect
from harness.consent.keywords import Keywords, Role
from harness.consent.uidump import parse_dump


def taps(actions):
    return [(a.text, a.x, a.y, a.bounds) for a in actions]


# (dump, accept taps, reject taps): text, x, y, bounds
EXPECTED = {
    "zh_alert.xml": (
        [("同意", 876, 1539, (756, 1476, 996, 1602))],
        [("不同意", 645, 1539, (534, 1476, 756, 1602))],
    ),
    "zh_hant_dialog.xml": (
        [("同意並繼續", 742, 1581, (555, 1512, 930, 1650))],
        [("不同意並退出", 337, 1581, (150, 1512, 525, 1650))],
    ),
    "en_alert.xml": (
        [("Accept", 876, 1539, (756, 1476, 996, 1602))],
        [("Decline", 645, 1539, (534, 1476, 756, 1602))],
    ),
    "zh_fullscreen_checkbox.xml": (
        [
            ("我已阅读并同意《用户协议》和《隐私政策》", 96, 1685, (60, 1649, 132, 1721)),
            ("同意并继续", 540, 1970, (90, 1900, 990, 2040)),
        ],
        [("暂不同意", 540, 2125, (390, 2080, 690, 2170))],
    ),
    "zh_refusal_confirm.xml": (
        [("同意并继续", 876, 1539, (756, 1476, 996, 1602))],
        [("退出应用", 645, 1539, (534, 1476, 756, 1602))],
    ),
    "zh_refusal_confirm_custom.xml": (
        [],
        [("仍不同意", 330, 1440, (120, 1340, 540, 1540))],
    ),
    "zh_container_buttons.xml": (
        [("同意", 750, 1540, (540, 1440, 960, 1640))],
        [("不同意", 330, 1540, (120, 1440, 540, 1640))],
    ),
    "zh_more_options.xml": (
        [("同意", 876, 1539, (756, 1476, 996, 1602))],
        [("不同意", 645, 1539, (534, 1476, 756, 1602))],
    ),
    # the box's row is clickable, but its centre lies on the label with links: tap the box
    "zh_checkbox_row_links.xml": (
        [
            ("我已阅读并同意《用户协议》和《隐私政策》", 126, 1350, (90, 1314, 162, 1386)),
            ("同意", 780, 1600, (540, 1500, 1020, 1700)),
        ],
        [("不同意", 300, 1600, (60, 1500, 540, 1700))],
    ),
    "gdpr_banner.xml": (
        [("Accept all", 540, 1945, (60, 1880, 1020, 2010))],
        [("Reject all", 540, 2095, (60, 2030, 1020, 2160))],
    ),
}

NOT_DIALOGS = ["permission_prompt.xml", "settings_page.xml", "news_feed.xml"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dialogs_and_their_exact_taps(name):
    found = detect(read_dump(name))
    accept, reject = EXPECTED[name]
    assert found.dialog is True
    assert taps(found.accept) == accept
    assert taps(found.reject) == reject


@pytest.mark.parametrize("name", NOT_DIALOGS)
def test_screens_that_are_not_consent_dialogs(name):
    found = detect(read_dump(name))
    assert found.to_json() == {"dialog": False, "accept": [], "reject": [], "source": "dump"}
    assert found.reason


def test_permission_prompt_is_named_as_such():
    found = detect(read_dump("permission_prompt.xml"))
    assert "com.android.permissioncontroller" in found.reason


def test_the_corpus_is_fully_covered():
    assert {p.name for p in DUMPS.glob("*.xml")} == set(EXPECTED) | set(NOT_DIALOGS)


def _node_bounds(xml: str, text: str) -> tuple[int, int, int, int]:
    node = next(n for n in parse_dump(xml).nodes if n.text == text)
    assert node.bounds is not None
    return node.bounds


def _inside(action, bounds) -> bool:
    left, top, right, bottom = bounds
    return left <= action.x < right and top <= action.y < bottom


@pytest.mark.parametrize(
    "name, forbidden",
    [
        ("zh_more_options.xml", ["更多选项"]),
        ("gdpr_banner.xml", ["Manage options", "OK"]),
        (
            "zh_fullscreen_checkbox.xml",
            ["《隐私政策》", "《用户协议》", "接收推送和营销信息（可选）"],
        ),
        ("zh_refusal_confirm_custom.xml", ["再次查看"]),
        (
            "zh_checkbox_row_links.xml",
            ["《用户协议》和《隐私政策》", "我已阅读并同意《用户协议》和《隐私政策》"],
        ),
    ],
)
def test_never_taps_options_links_or_marketing(name, forbidden):
    xml = read_dump(name)
    found = detect(xml)
    for text in forbidden:
        bounds = _node_bounds(xml, text)
        for action in found.accept + found.reject:
            assert not _inside(action, bounds), (text, action)
            if action.kind == "button":
                assert action.text != text


def test_marketing_checkbox_row_is_left_alone():
    xml = read_dump("zh_fullscreen_checkbox.xml")
    marketing_box = next(n for n in parse_dump(xml).nodes if n.resource_id.endswith("cb_marketing"))
    found = detect(xml)
    assert all(a.bounds != marketing_box.bounds for a in found.accept + found.reject)
    assert [a.kind for a in found.accept] == ["checkbox", "button"]


def test_ticked_consent_box_is_not_tapped_again():
    xml = read_dump("zh_fullscreen_checkbox.xml")
    xml = xml.replace(
        'resource-id="com.example.goodnews:id/cb_agree" class="android.widget.CheckBox" '
        'package="com.example.goodnews" content-desc="" checkable="true" checked="false"',
        'resource-id="com.example.goodnews:id/cb_agree" class="android.widget.CheckBox" '
        'package="com.example.goodnews" content-desc="" checkable="true" checked="true"',
    )
    found = detect(xml)
    # The button is still disabled in this dump and nothing unlocks it any more: no accept plan.
    assert found.dialog is True
    assert found.accept == []
    assert "disabled" in found.reason
    enabled = xml.replace('clickable="true" enabled="false"', 'clickable="true" enabled="true"')
    assert taps(detect(enabled).accept) == [("同意并继续", 540, 1970, (90, 1900, 990, 2040))]


def test_button_ids_only_count_when_the_texts_agree():
    # An app that put "不同意" on the positive button: the texts decide, not the ids.
    xml = read_dump("zh_alert.xml").replace('text="不同意"', 'text="@@"')
    xml = xml.replace('text="同意"', 'text="不同意"').replace('text="@@"', 'text="同意"')
    found = detect(xml)
    assert taps(found.accept) == [("同意", 645, 1539, (534, 1476, 756, 1602))]
    assert taps(found.reject) == [("不同意", 876, 1539, (756, 1476, 996, 1602))]


def test_unlabelled_positive_button_is_the_fallback_accept():
    xml = read_dump("zh_alert.xml").replace('text="同意"', 'text="嗯嗯"')
    found = detect(xml)
    assert found.dialog is True
    assert taps(found.accept) == [("嗯嗯", 876, 1539, (756, 1476, 996, 1602))]


def test_ok_alone_is_not_enough_outside_a_consent_context():
    # The GDPR dump's app screen has an "OK" button; without the banner it is no dialog.
    xml = read_dump("gdpr_banner.xml")
    start = xml.index('<node index="1" text="" resource-id="com.example.recipes:id/cmp_sheet"')
    end = xml.index("</node>", xml.index('text="Manage options"')) + len("</node>")
    without_banner = xml[:start] + xml[end:]
    assert "We value your privacy" not in without_banner
    assert detect(without_banner).dialog is False


@pytest.mark.parametrize(
    "label, role, word",
    [
        ("不同意", Role.reject, "不同意"),
        ("不同意并退出", Role.reject, "不同意并退出"),
        ("同意并继续", Role.accept, "同意并继续"),
        ("仍不同意", Role.reject, "仍不同意"),
        ("Disagree", Role.reject, "disagree"),
        ("I agree", Role.accept, "i agree"),
        ("Manage options", Role.never, "manage options"),
        ("Reject all", Role.reject, "reject all"),
        ("ＯＫ", Role.accept, "ok"),
        ("拒絕", Role.reject, "拒絕"),
        ("同意 并 继续 >", Role.accept, "同意并继续"),
    ],
)
def test_longest_most_specific_keyword_wins(label, role, word):
    match = Keywords.load().classify(label)
    assert match is not None
    assert (match.role, match.word) == (role, word)


@pytest.mark.parametrize("label", ["多国同意延长减排协议", "退出登录", "确定要删除吗", "Bookmark"])
def test_keywords_inside_longer_texts_are_not_buttons(label):
    assert Keywords.load().classify(label) is None


def test_policy_links_are_recognised():
    kw = Keywords.load()
    assert kw.is_policy_link("《隐私政策》")
    assert kw.is_policy_link("《用户协议》和《隐私政策》")
    assert kw.is_policy_link("Privacy Policy")
    assert not kw.is_policy_link("同意")
    assert not kw.is_policy_link("请您阅读并同意《隐私政策》")


def test_a_touch_swallowing_clickable_dialog_root_does_not_hide_its_title():
    xml = read_dump("zh_container_buttons.xml")
    xml = xml.replace(
        'resource-id="com.example.video:id/dialog_content" class="android.widget.LinearLayout" '
        'package="com.example.video" content-desc="" checkable="false" checked="false" '
        'clickable="false"',
        'resource-id="com.example.video:id/dialog_content" class="android.widget.LinearLayout" '
        'package="com.example.video" content-desc="" checkable="false" checked="false" '
        'clickable="true"',
    )
    body = next(n.text for n in parse_dump(xml).nodes if n.resource_id.endswith(":id/message"))
    xml = xml.replace(body, "欢迎使用视频大师")
    root = next(n for n in parse_dump(xml).nodes if n.resource_id.endswith(":id/dialog_content"))
    assert root.clickable
    found = detect(xml)
    assert found.dialog is True  # the short title 用户协议与隐私政策 is the consent text
    assert [a.text for a in found.accept] == ["同意"]
