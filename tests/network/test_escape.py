"""`escape`'s printable-ASCII shortcut gives what the regex path gives, on any bytes."""

from __future__ import annotations

import random

import pytest

from harness.network.excerpt import _UNSAFE, _escape_char, escape


def _regex_only(data: bytes) -> str:
    """The escape without its shortcut: decode, then every unsafe character escaped."""
    return _UNSAFE.sub(_escape_char, data.decode("utf-8", "backslashreplace"))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b'{"imei":"35*********123","os":"android"}',
        b" ~",  # the ends of the printable range
        b"\x1f\x7f",  # just outside it
        b"a\x00b\tc\nd\x1b[31m",
        "caf\u00e9 \u202e \u200b \ufeff".encode(),
        b"\xff\xfe\x80 broken utf-8",
    ],
)
def test_shortcut_matches_the_regex_path(data: bytes) -> None:
    assert escape(data) == _regex_only(data)


def test_shortcut_matches_the_regex_path_on_random_bytes() -> None:
    rng = random.Random(7)
    alphabets = [bytes(range(256)), bytes(range(0x20, 0x7F)), bytes(range(0x1E, 0x82))]
    for _ in range(3000):
        alphabet = rng.choice(alphabets)
        data = bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
        assert escape(data) == _regex_only(data)


def test_printable_ascii_is_its_own_escape() -> None:
    assert escape(b'k=v&"x"') == 'k=v&"x"'
    assert escape(b"a\x7fb") == "a\\x7fb"  # DEL is not printable
