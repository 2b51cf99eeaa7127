"""The token scanners give exactly the runs, bounds and decoded bytes of the old `find` walk.

`_reference` is the token pass as it was before the numpy scanner (one `find` step per long
run, every bound checked as it goes): both scanners (numpy for buffers dense in long runs, the
`find` walk for sparse and small ones) and every bound are held to it on random
buffers and on the shapes that reach the edges (binary, one run longer than the scan window,
hex-only runs, runs just inside and just past MAX_TOKEN_SCAN_BYTES, more than MAX_TOKENS tokens,
more token characters than MAX_TOKEN_OUTPUT holds, gzip inside tokens).
"""

from __future__ import annotations

import base64
import binascii
import gzip
import random

import pytest

from harness.network import tokens as t
from harness.network.tokens import (
    MAX_TOKEN_OUTPUT,
    MAX_TOKEN_SCAN_BYTES,
    MAX_TOKENS,
    MIN_TOKEN_CHARS,
    NUMPY_FROM,
    base64_tokens,
)

_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_"
_MARK = bytes(ord("A") if c in _ALPHABET else ord(" ") for c in range(256))
_HEX = b"0123456789abcdefABCDEF"
_TOKEN = base64.b64encode(b"a token of 18 bytes")  # 28 characters, not hex


def _reference(data: bytes, bounded: bool) -> tuple[list[bytes], list[int], bool]:
    """The tokens (texts, starts) and `exhausted`, as the `find` walk with its bounds gave them."""
    marked = data.translate(_MARK)
    runs: list[bytes] = []
    starts: list[int] = []
    seed = b"A" * MIN_TOKEN_CHARS
    at = marked.find(seed)
    exhausted = False
    stop = at + MAX_TOKEN_SCAN_BYTES if bounded else len(data)
    while at >= 0:
        if at >= stop:
            exhausted = True
            break
        end = marked.find(b" ", at + MIN_TOKEN_CHARS)
        end = len(data) if end < 0 else end
        if data[at:end].strip(_HEX):
            runs.append(data[at:end])
            starts.append(at)
            if bounded and len(runs) > MAX_TOKENS:
                del runs[MAX_TOKENS:], starts[MAX_TOKENS:]
                exhausted = True
                break
        at = marked.find(seed, end)
    room = MAX_TOKEN_OUTPUT // 3 * 4
    if bounded and sum(map(len, runs)) > room:
        for index, run in enumerate(runs):
            room -= len(run)
            if room < 0:
                exhausted = True
                del runs[index + 1 :], starts[index + 1 :]
                runs[index] = run[: max(len(run) + room, 0) // 4 * 4]
                break
    return runs, starts, exhausted


def _same(data: bytes, bounded: bool) -> None:
    texts, starts, exhausted = _reference(data, bounded)
    tokens = base64_tokens(data, bounded=bounded)
    assert tokens.texts == texts
    assert tokens.starts == starts
    assert tokens.exhausted == exhausted
    decoded = bytearray()
    for number, text in enumerate(texts):
        assert tokens.span(number) == (starts[number], starts[number] + len(text))
        standard = text.translate(bytes.maketrans(b"-_", b"+/"))
        part = binascii.a2b_base64(standard + b"A" * (-len(standard) % 4))
        assert tokens.ranges[number] == (len(decoded), len(decoded) + len(text) * 3 // 4)
        decoded += part
    assert tokens.data[: len(decoded)] == decoded
    assert tokens.data_starts == [a for a, _ in tokens.ranges]
    # the positions are kept as the scanner left them (list or array) and listed when asked:
    # the parts after the tokens are gzip streams undone, each naming its token
    assert tokens.count == len(texts)
    assert tokens.sources[: len(texts)] == list(range(len(texts)))
    assert set(tokens.layers[len(texts) :]) <= {"base64+gzip+"}
    assert tokens.layers[: len(texts)] == ["base64+"] * len(texts)
    assert len(tokens.sources) == len(tokens.layers) == len(tokens.ranges)
    assert all(isinstance(n, int) for n in tokens.starts + tokens.data_starts)


def _words(rng: random.Random, size: int) -> bytes:
    """Base64 words of every length around the minimum, hex ids, binary, gzip inside base64."""
    parts: list[bytes] = []
    total = 0
    while total < size:
        kind = rng.randrange(6)
        if kind == 0:
            word = bytes(rng.choice(b"ABCxyz0189+/-_") for _ in range(rng.randrange(1, 45)))
        elif kind == 1:
            word = bytes(rng.choice(_HEX) for _ in range(rng.randrange(15, 45)))
        elif kind == 2:
            word = rng.randbytes(rng.randrange(0, 40))
        elif kind == 3:
            word = base64.b64encode(gzip.compress(rng.randbytes(rng.randrange(0, 40))))
        elif kind == 4:
            word = bytes(rng.choice(b"ABC01 ,\x00") for _ in range(rng.randrange(1, 70)))
        else:
            word = _TOKEN
        parts.append(word)
        total += len(word) + 1
    return rng.choice([b" ", b"", b",", b"\x00"]).join(parts)


@pytest.mark.parametrize("seed", range(6))
def test_random_buffers_small_and_large(seed: int) -> None:
    rng = random.Random(seed)
    for size in (0, 30, 500, NUMPY_FROM - 40, NUMPY_FROM, NUMPY_FROM + 40, 20_000, 300_000):
        data = _words(rng, size)
        if rng.random() < 0.5:  # a run at the very start and at the very end
            data = _TOKEN + data + _TOKEN
        for bounded in (True, False):
            _same(data, bounded)


def _window_edges() -> list[bytes]:
    """A token just inside, at, and just past the end of the scan window."""
    cases = []
    for shift in (-2, -1, 0, 1, 2):
        gap = MAX_TOKEN_SCAN_BYTES - len(_TOKEN) + shift
        cases.append(_TOKEN + b" " * gap + _TOKEN + b" " + _TOKEN)
        cases.append(b"{,}" + _TOKEN + b"0" * gap + b"Z " + _TOKEN)  # a hex run across the end
    return cases


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\xff\x00" * 300_000 + _TOKEN, id="binary"),
        pytest.param(random.Random(1).randbytes(3 * MAX_TOKEN_SCAN_BYTES), id="random-bytes"),
        pytest.param(b"x" * 10 + b"QUJD" * (MAX_TOKEN_SCAN_BYTES // 2), id="run-past-window"),
        pytest.param(b"A" * (6 * 1024 * 1024), id="one-6MiB-run"),
        pytest.param((b"B" * (3 * 1024 * 1024) + b" ") * 3, id="output-bound"),
        pytest.param(b"0123456789abcdef" * (MAX_TOKEN_SCAN_BYTES // 8), id="hex-only"),
        pytest.param(
            b" " * 100 + (b"0123456789abcdef" * 2 + b" ") * 40_000 + _TOKEN, id="hex-runs-first"
        ),
        pytest.param((_TOKEN + b",") * (MAX_TOKENS + 1), id="one-token-too-many"),
        pytest.param((_TOKEN + b",") * MAX_TOKENS, id="max-tokens"),
        pytest.param((_TOKEN + b" ") * 50_000, id="tokens-past-window"),
        pytest.param((_TOKEN + b" ") * 100 + b"C" * (6 * 1024 * 1024), id="dense-then-6MiB-run"),
        pytest.param((b"0123456789abcdef" * 2 + b" ") * 2_000 + b"D" * 900_000, id="hex-then-run"),
        *(pytest.param(d, id=f"window-edge-{i}") for i, d in enumerate(_window_edges())),
    ],
)
def test_adversarial_buffers(data: bytes) -> None:
    for bounded in (True, False):
        _same(data, bounded)


@pytest.mark.parametrize("seed", range(4))
def test_both_scanners_find_the_same_runs(seed: int) -> None:
    rng = random.Random(100 + seed)
    for size in (50, 2_000, 9_000, 100_000):
        data = _words(rng, size)
        starts, ends = t._edges(data, 0, len(data), None)
        found, runs = t._walk(data, data.translate(t._RUNS), 0, len(data), None)
        assert starts.tolist() == found
        assert [data[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)] == runs
