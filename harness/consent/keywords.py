"""The keyword tables (keywords.yaml) and the label matching they drive."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from harness.yamlfile import load_model, parse_model


class Role(str, Enum):
    """What tapping a control would do, by its label. Order = tie-break preference."""

    never = "never"
    reject = "reject"
    accept = "accept"


class _WordTable(BaseModel):
    model_config = ConfigDict(extra="forbid")
    words: list[str] = Field(default_factory=list)
    exact: list[str] = Field(default_factory=list)


class KeywordTables(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_label_chars: int = Field(40, ge=1)
    min_label_coverage: float = Field(0.34, gt=0, le=1)
    policy: list[str]
    context: list[str] = Field(default_factory=list)
    accept: _WordTable
    reject: _WordTable
    never: _WordTable = Field(default_factory=_WordTable)
    checkbox_consent: list[str] = Field(default_factory=list)
    checkbox_optional: list[str] = Field(default_factory=list)
    permission_packages: list[str] = Field(default_factory=list)
    permission_texts: list[str] = Field(default_factory=list)


_TITLE_MARKS = re.compile(r"《[^》]*》|「[^」]*」|【[^】]*】")
_LINK_GLUE = re.compile(r"[\s,，、;；.。]|和|与|及|以及|與|and|&")
_CJK_SPACE = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")
_EDGE_PUNCT = " \t\r\n.。!！?？:：>›»→…·•*-_~|()（）[]【】<>"


@lru_cache(maxsize=4096)  # the same labels come back in every poll of the same screen
def normalise(text: str) -> str:
    """Compare-ready label: NFKC, case-folded, whitespace tidied, edge punctuation gone."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = " ".join(text.split())
    text = _CJK_SPACE.sub("", text)
    return text.strip(_EDGE_PUNCT)


def _pattern(word: str, boundaries: bool = True) -> re.Pattern[str]:
    escaped = re.escape(word)
    if not boundaries:
        return re.compile(escaped)
    # ASCII words match on word boundaries only; CJK has no spaces, so substring it is.
    if word[:1].isascii() and word[:1].isalnum():
        escaped = r"(?<![a-z0-9])" + escaped
    if word[-1:].isascii() and word[-1:].isalnum():
        escaped = escaped + r"(?![a-z0-9])"
    return re.compile(escaped)


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered) or r"(?!x)x")


@dataclass(frozen=True)
class Match:
    role: Role
    word: str
    exact: bool  # matched as the whole label (an `exact` entry, or a `words` entry equal to it)
    weak: bool  # came from an `exact` table: only meaningful inside a consent context


@dataclass(frozen=True)
class _Entry:
    role: Role
    word: str
    pattern: re.Pattern[str]
    weak: bool


class Keywords:
    """Compiled tables; build with `Keywords.load()` (cached) or from a `KeywordTables`."""

    def __init__(self, tables: KeywordTables, *, boundaries: bool = True) -> None:
        self.tables = tables
        b = boundaries
        self.max_label_chars = tables.max_label_chars
        self.min_label_coverage = tables.min_label_coverage
        self._policy = [
            (normalise(w), _pattern(normalise(w), b)) for w in tables.policy + tables.context
        ]
        self._titles = {normalise(w) for w in tables.policy}
        entries: list[_Entry] = []
        for role in Role:
            table: _WordTable = getattr(tables, role.value)
            for word in table.words:
                w = normalise(word)
                entries.append(_Entry(role, w, _pattern(w, b), weak=False))
            for word in table.exact:
                w = normalise(word)
                entries.append(_Entry(role, w, re.compile(re.escape(w)), weak=True))
        # Ties on length go to the safer role: Role's order is never, reject, accept.
        ranks = {role: -rank for rank, role in enumerate(Role)}
        self._key = {id(e): (len(e.word), ranks[e.role]) for e in entries}
        self._by_word: dict[str, list[_Entry]] = {}
        for entry in entries:
            self._by_word.setdefault(entry.word, []).append(entry)
        self._contained = [e for e in entries if not e.weak]
        # One pass over the label tells whether any entry occurs in it at all (most labels:
        # none), before the per-entry checks.
        self._any_word = _alternation(e.word for e in self._contained)
        self._any_policy = _alternation(word for word, _ in self._policy)
        self._optional = [_pattern(normalise(w), b) for w in tables.checkbox_optional]
        self._consent_box = [_pattern(normalise(w), b) for w in tables.checkbox_consent]
        self.permission_packages = tuple(tables.permission_packages)
        self._for_ocr: dict[int, Keywords] = {}
        self._permission_texts = _alternation(normalise(w) for w in tables.permission_texts)

    @staticmethod
    @lru_cache(maxsize=1)
    def load() -> Keywords:
        """The bundled tables."""
        source = resources.files("harness.consent").joinpath("keywords.yaml")
        return Keywords.from_text(source.read_text(encoding="utf-8"), "keywords.yaml")

    def for_ocr(self, alphabet: frozenset[str] | None = None) -> Keywords:
        """The same tables for what an OCR recogniser reads: without spaces ("Acceptall": models
        trained mostly on Chinese drop the gaps between Latin words) and without the characters
        its dictionary lacks (it drops them: "隱私權政策" is read "私權政策"). Entries then match
        anywhere, not on word boundaries (there are none left); the longest entry still wins, so
        "disagree" keeps beating "agree". Cached per alphabet."""
        key = hash(alphabet)
        cached = self._for_ocr.get(key)
        if cached is None:

            def squeeze(words: list[str]) -> list[str]:
                out = []
                for word in words:
                    kept = "".join(
                        c
                        for c in word
                        if c != " " and (alphabet is None or c.isascii() or c in alphabet)
                    )
                    if kept:
                        out.append(kept)
                return out

            data = self.tables.model_dump()
            for name, value in data.items():
                if isinstance(value, list) and name != "permission_packages":
                    data[name] = squeeze(value)
                elif isinstance(value, dict):
                    data[name] = {k: squeeze(v) for k, v in value.items()}
            cached = Keywords(KeywordTables.model_validate(data), boundaries=False)
            self._for_ocr[key] = cached
        return cached

    @staticmethod
    def from_file(path: Path) -> Keywords:
        tables, _ = load_model(path, KeywordTables, "keyword tables")
        return Keywords(tables)

    @staticmethod
    def from_text(text: str, origin: str) -> Keywords:
        tables, _ = parse_model(text.encode("utf-8"), Path(origin), KeywordTables, "keyword tables")
        return Keywords(tables)

    # --- questions asked of labels ---

    def mentions_policy(self, text: str) -> bool:
        """Does the text name a policy document or ask for consent?"""
        norm = normalise(text)
        if not self._any_policy.search(norm):
            return False
        return any(word in norm and pattern.search(norm) for word, pattern in self._policy)

    def is_policy_link(self, text: str) -> bool:
        """A control labelled only with document titles opens them.

        "《隐私政策》", "《用户协议》和《隐私政策》", "Privacy Policy" are links; body text with
        links in it ("请阅读《隐私政策》") is not one.
        """
        rest = _TITLE_MARKS.sub("", text)
        if rest != text and not _LINK_GLUE.sub("", rest):
            return True
        return normalise(text) in self._titles

    def classify(self, label: str) -> Match | None:
        """The role of a control with this label; the longest matching entry wins."""
        norm = normalise(label)
        if not norm:
            return None
        candidates: list[tuple[_Entry, bool]] = [(e, True) for e in self._by_word.get(norm, ())]
        # A keyword lost in a longer text ("多国同意减排协议") is a headline, not a button.
        least = len(norm) * self.min_label_coverage
        if len(norm) <= self.max_label_chars and self._any_word.search(norm):
            candidates += [
                (e, False)
                for e in self._contained
                if e.word != norm
                and len(e.word) >= least
                and e.word in norm
                and e.pattern.search(norm)
            ]
        if not candidates:
            return None
        entry, whole = max(candidates, key=lambda c: self._key[id(c[0])])
        return Match(role=entry.role, word=entry.word, exact=whole, weak=entry.weak)

    def checkbox_kind(self, label: str) -> str | None:
        """Checkbox role: "optional" (never tick), "consent" (tick to accept), None (leave it)."""
        norm = normalise(label)
        if any(p.search(norm) for p in self._optional):
            return "optional"
        if any(p.search(norm) for p in self._consent_box) or self.mentions_policy(label):
            return "consent"
        return None

    def is_permission_package(self, package: str) -> bool:
        return package in self.permission_packages

    def is_consent_box_label(self, label: str) -> bool:
        """Does the label read like a consent tick box's ("我已阅读并同意…", "I have read")?"""
        norm = normalise(label)
        return any(p.search(norm) for p in self._consent_box)

    def is_permission_text(self, label: str) -> bool:
        """A label only the runtime-permission prompt shows ("While using the app")."""
        return bool(label) and self._permission_texts.search(normalise(label)) is not None

    def is_permission_id(self, resource_id: str) -> bool:
        return any(resource_id.startswith(p + ":id/") for p in self.permission_packages)
