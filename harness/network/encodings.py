"""Every form in which an app may send a value: the needles searched for in its requests.

A value gives one or more *forms* (texts): the value itself, the value with separators removed
(`02:00:5e:10:00:01` -> `02005e100001`), and forms a category derives (`DERIVERS`: coordinates
rounded as apps send them, a phone number's digits). Each form that passes the floor is then
*encoded* (`_encode`): as text, percent-encoded, JSON-escaped, base64 (both alphabets, any
alignment), hex, and MD5 / SHA-1 / SHA-256 digests of it and of its lower- and upper-case.

Encoding names, as reported: layers outside in joined by `+`, the encoding of the value last;
a form other than the value itself in parentheses: `raw`, `uppercase`, `no_separators_lower`,
`md5_upper`, `sha1(lowercase)`, `percent(no_separators)`, `percent+base64`, `rounded_4`.
Layers the matcher adds: `gzip+...`, `deflate+...` (the body), `base64+...` (inside a base64
token of the payload).

Case: the payload and the needles are searched lower-cased, and each hit is checked against the
needle's exact bytes (`Verify`): `exact` needles (base64, JSON) must match byte for byte, `fold`
needles in any case, whose name then says which (`_upper`, `_lower`, `_mixed_case`), `percent`
needles byte for byte except the hex digits of `%XX` escapes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum
from urllib.parse import quote, quote_plus

from harness.model import Category
from harness.network.floor import matchable, strip_separators

# A clipboard or a contact note can be long; its first part found in a request is proof enough.
MAX_VALUE_CHARS = 2048
# The shortest needle searched (bytes): a base64 core of a 6-character value has 7.
MIN_NEEDLE_BYTES = 6

_DIGESTS: tuple[tuple[str, Callable[[bytes], str]], ...] = (
    ("md5", lambda b: hashlib.md5(b, usedforsecurity=False).hexdigest()),
    ("sha1", lambda b: hashlib.sha1(b, usedforsecurity=False).hexdigest()),
    ("sha256", lambda b: hashlib.sha256(b).hexdigest()),
)
# Gson escapes these by default (HTML-safe output) as \u003c, \u003e, \u0026, \u003d, \u0027.
_GSON_HTML = {ord(c): f"\\u{ord(c):04x}" for c in "<>&='"}
_URLSAFE = bytes.maketrans(b"+/", b"-_")


class Verify(Enum):
    exact = "exact"  # byte for byte
    fold = "fold"  # any letter case; the name says which
    percent = "percent"  # byte for byte, but %xx and %XX are one escape


@dataclass(frozen=True)
class Needle:
    exact: bytes
    verify: Verify
    # exact -> name; fold -> (as is, upper-cased, lower-cased, mixed case)
    names: tuple[str, ...]

    def name_for(self, found: bytes) -> str | None:
        """The encoding name for the payload bytes `found` (lower-case equal), or None."""
        if self.verify is Verify.exact:
            return self.names[0] if found == self.exact else None
        if self.verify is Verify.percent:
            return self.names[0] if _upper_escapes(found) == _upper_escapes(self.exact) else None
        if found == self.exact:
            return self.names[0]
        if found == self.exact.upper():
            return self.names[1]
        if found == self.exact.lower():
            return self.names[2]
        return self.names[3]


_ESCAPE = re.compile(rb"%[0-9a-fA-F]{2}")


def _upper_escapes(data: bytes) -> bytes:
    return _ESCAPE.sub(lambda m: m.group(0).upper(), data)


def _utf8(text: str) -> bytes:
    # Java strings may hold half a surrogate pair; keep it as the app's bytes would be.
    return text.encode("utf-8", "surrogatepass")


# --- forms ----------------------------------------------------------------------------------

Deriver = Callable[[str], list[tuple[str, str]]]
_COORDINATE = re.compile(r"-?\d{1,3}\.\d{3,}")


def _rounded(number: str, places: int, mode: str) -> str:
    return str(Decimal(number).quantize(Decimal(1).scaleb(-places), rounding=mode))


def location_forms(value: str) -> list[tuple[str, str]]:
    """Coordinates as they are, rounded and truncated to 2..6 decimals, alone and in pairs."""
    numbers = _COORDINATE.findall(value)[:2]
    forms: list[tuple[str, str]] = [("coordinate", n) for n in numbers]
    if len(numbers) == 2:
        forms.append(("coordinate_pair", ",".join(numbers)))
    try:
        for places in range(2, 7):
            for label, mode in (("rounded", ROUND_HALF_UP), ("truncated", ROUND_DOWN)):
                texts = [
                    _rounded(n, places, mode) for n in numbers if len(n.split(".")[1]) > places
                ]
                if len(texts) != len(numbers) or not texts:
                    continue
                forms.extend((f"{label}_{places}", t) for t in texts)
                if len(texts) == 2:
                    forms.append((f"{label}_{places}_pair", ",".join(texts)))
    except InvalidOperation:  # pragma: no cover - the pattern admits decimal numbers only
        return []
    return forms


def phone_forms(value: str) -> list[tuple[str, str]]:
    """The digits alone: `+86 138-0013-8000` is sent as `8613800138000`."""
    digits = "".join(c for c in value if c.isascii() and c.isdigit())
    return [("digits_only", digits)]


# Category -> the extra forms apps send its values in. Data: add a category here.
DERIVERS: dict[Category, Deriver] = {
    Category.location: location_forms,
    Category.phone_number: phone_forms,
}


def forms(value: str, data: Category) -> list[tuple[str, str]]:
    """(label, text) of every form of `value` that passes the floor; label "" is the value.

    None when the value itself is below the floor: its forms are no more specific.
    """
    if not matchable(value):
        return []
    value = value[:MAX_VALUE_CHARS]
    found: list[tuple[str, str]] = [("", value), ("no_separators", strip_separators(value))]
    derive = DERIVERS.get(data)
    if derive is not None:
        found.extend(derive(value))
    seen: set[str] = set()
    kept = []
    for label, text in found:
        if text not in seen and matchable(text):
            seen.add(text)
            kept.append((label, text))
    return kept


# --- encodings of one form ------------------------------------------------------------------


def _case_names(name: str) -> tuple[str, str, str, str]:
    if name == "raw":
        return ("raw", "uppercase", "lowercase", "mixed_case")
    return (name, f"{name}_upper", f"{name}_lower", f"{name}_mixed_case")


def _with_form(name: str, form: str) -> str:
    return f"{name}({form})" if form else name


def base64_cores(data: bytes) -> list[bytes]:
    """The base64 characters fixed by `data` alone, for each of its 3 alignments in a stream.

    Inside a larger base64 blob, `data` may start at any byte offset; the characters that also
    carry bits of the neighbouring bytes vary, the rest do not. Those are found wherever the blob
    holds `data`, padded or not, without decoding the blob.
    """
    cores = []
    n_bits = 8 * len(data)
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + data + b"\0\0")
        first = -(-8 * shift // 6)  # the first character wholly inside the value's bits
        end = (8 * shift + n_bits) // 6
        cores.append(encoded[first:end])
    return cores


def _json_escapes(text: str) -> set[str]:
    ascii_only = json.dumps(text, ensure_ascii=True)[1:-1]
    as_is = json.dumps(text, ensure_ascii=False)[1:-1]
    return {
        ascii_only,
        as_is,
        ascii_only.replace("/", "\\/"),  # org.json escapes "/"
        as_is.replace("/", "\\/"),
        ascii_only.translate(_GSON_HTML),
    }


def _percents(text: str) -> set[str]:
    data = _utf8(text)
    return {
        quote(data, safe=""),
        quote_plus(data, safe=""),
        quote_plus(data, safe="*").replace("~", "%7E"),  # java.net.URLEncoder
    }


def _digest_inputs(form: str, text: str) -> list[tuple[str, str]]:
    """(label, text): the form, its lower- and upper-case (apps normalise before hashing)."""
    lower, upper = ("lowercase", "uppercase") if not form else (f"{form}_lower", f"{form}_upper")
    return [(form, text), (lower, text.lower()), (upper, text.upper())]


def _encode(form: str, text: str) -> Iterator[Needle]:
    raw = _utf8(text)
    yield Needle(raw, Verify.fold, _case_names(form or "raw"))
    for escaped in sorted(_json_escapes(text)):
        yield Needle(_utf8(escaped), Verify.exact, (_with_form("json_escaped", form),))
    for encoded in sorted(_percents(text)):
        yield Needle(encoded.encode(), Verify.percent, (_with_form("percent", form),))
    for core in base64_cores(raw):
        yield Needle(core, Verify.exact, (_with_form("base64", form),))
        yield Needle(core.translate(_URLSAFE), Verify.exact, (_with_form("base64url", form),))
        # base64 in a URL or form field, its "+" and "/" percent-encoded
        yield Needle(
            quote(core.decode(), safe="").encode(),
            Verify.percent,
            (_with_form("percent+base64", form),),
        )
    hex_names = tuple(_with_form(n, form) for n in _case_names("hex"))
    yield Needle(raw.hex().encode(), Verify.fold, hex_names)
    for label, source in _digest_inputs(form, text):
        data = _utf8(source)
        for digest, fn in _DIGESTS:
            names = tuple(_with_form(n, label) for n in _case_names(digest))
            yield Needle(fn(data).encode(), Verify.fold, names)


def needles(value: str, data: Category) -> list[Needle]:
    """Every needle for `value`, one per distinct byte string (the first, most plain, wins)."""
    found: dict[bytes, Needle] = {}
    for form, text in forms(value, data):
        for needle in _encode(form, text):
            if len(needle.exact) >= MIN_NEEDLE_BYTES and needle.exact not in found:
                found[needle.exact] = needle
    return list(found.values())
