"""The base64 token pass finds exactly the runs a plain regular expression names.

The pass is written for speed (translate, split, one comprehension, arithmetic over `operator`);
this holds it to the definition: every maximal run of at least MIN_TOKEN_CHARS base64 (standard
or URL-safe) characters that is not hex digits only, decoded as if zero-padded.
"""

from __future__ import annotations

import binascii
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.network.tokens import MAX_TOKENS, MIN_TOKEN_CHARS, base64_tokens

_RUN = re.compile(rb"[A-Za-z0-9+/_-]{%d,}" % MIN_TOKEN_CHARS)
_HEX_ONLY = re.compile(rb"[0-9a-fA-F]+")

# words of base64 characters (some hex only, some just short of a token) between other bytes
_WORD = st.one_of(
    st.text("ABCxyz0189+/-_", min_size=1, max_size=40).map(str.encode),
    st.text("0123456789abcdefABCDEF", min_size=15, max_size=40).map(str.encode),
    st.binary(max_size=8),
)


def _expected(data: bytes) -> list[bytes]:
    return [r for r in _RUN.findall(data) if not _HEX_ONLY.fullmatch(r)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORD, max_size=60), st.booleans())
def test_tokens_are_the_long_non_hex_runs(words: list[bytes], bounded: bool) -> None:
    data = b" ".join(words)
    tokens = base64_tokens(data, bounded=bounded)
    assert tokens.texts == _expected(data)[:MAX_TOKENS]
    assert tokens.exhausted == (bounded and len(_expected(data)) > MAX_TOKENS)
    for text, (start, end) in zip(tokens.texts, tokens.ranges, strict=True):
        standard = text.translate(bytes.maketrans(b"-_", b"+/"))
        padded = standard + b"A" * (-len(standard) % 4)
        assert tokens.data[start:end] == binascii.a2b_base64(padded)[: len(text) * 3 // 4]


def test_a_run_of_exactly_the_minimum_is_a_token_one_shorter_is_not() -> None:
    short, exact = b"Q" * (MIN_TOKEN_CHARS - 1), b"Z" * MIN_TOKEN_CHARS
    assert base64_tokens(b"{" + short + b"," + exact + b"}").texts == [exact]
    assert base64_tokens(b"0123456789abcdef0123456789").texts == []  # hex only: a digest
