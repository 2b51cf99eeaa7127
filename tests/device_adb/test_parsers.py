"""Parsers on output variants the double does not produce by itself."""

from __future__ import annotations

from harness.device.adb import parsers


def test_getprop_multiline_value_and_noise() -> None:
    text = "[a.b]: [1]\n[ro.multi]: [line one\nline two]\ngarbage\n[c]: []\n"
    assert parsers.parse_getprop(text) == {"a.b": "1", "ro.multi": "line one\nline two", "c": ""}


def test_install_result_variants() -> None:
    assert parsers.parse_install_result("Performing Streamed Install\nSuccess\n").ok
    r = parsers.parse_install_result(
        "adb: failed to install app.apk: Failure [INSTALL_FAILED_OLDER_SDK: Failed parse during "
        "installPackageLI: /data/app/vmdl.tmp/base.apk (at Binary XML file line #7): Requires "
        "newer sdk version #34 (current version is #29)]"
    )
    assert (r.ok, r.code) == (False, "INSTALL_FAILED_OLDER_SDK") and "#34" in r.detail
    r = parsers.parse_install_result(
        "Exception occurred while executing 'install':\njava.lang.IllegalArgumentException: "
        "Error: Unable to open file: /data/local/tmp/x.apk\n"
    )
    assert not r.ok and r.code is None and "Unable to open file" in r.detail


def test_ui_xml_from_dev_tty_variant() -> None:
    out = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\">"
        '<node text="OK"/></hierarchy>UI hierchary dumped to: /dev/tty\n'
    )
    assert parsers.extract_ui_xml(out).endswith("</hierarchy>")
    assert (
        parsers.extract_ui_xml("ERROR: null root node returned by UiTestAutomationBridge.") is None
    )


def test_foreground_ignores_system_windows() -> None:
    assert (
        parsers.parse_foreground_package("  mCurrentFocus=Window{1a2b u0 NotificationShade}")
        is None
    )
    assert parsers.parse_foreground_package("  mCurrentFocus=null") is None


def test_listening_ports_ipv4_and_ipv6() -> None:
    tcp = (
        "  sl  local_address rem_address   st\n"
        "   0: 0100007F:69A2 00000000:0000 0A 0\n"
        "   1: 0100007F:8E3A 0100007F:69A2 01 0\n"
    )
    tcp6 = "   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A\n"
    assert parsers.listening_ports(tcp + tcp6) == {("127.0.0.1", 27042), ("::", 8080)}


def test_frida_version() -> None:
    assert parsers.parse_frida_version("17.2.17\n") == "17.2.17"
    assert parsers.parse_frida_version("/system/bin/sh: frida-server: not found") is None
