"""Building the agent bundle with the catalogue embedded, cached by content."""

from __future__ import annotations

from pathlib import Path

from harness.agent.bundle import build_agent

HOOKS = Path(__file__).resolve().parents[2] / "hooks"


def test_bundle_embeds_the_catalogue_and_is_cached(tmp_path: Path) -> None:
    first = build_agent(HOOKS, cache=tmp_path)
    text = first.read_text(encoding="utf-8")
    assert "contentResolver.query" in text and "com.android.contacts" in text
    stamp = first.stat().st_mtime_ns
    again = build_agent(HOOKS, cache=tmp_path)
    assert again == first and again.stat().st_mtime_ns == stamp
    assert len(list(tmp_path.glob("index-*.js"))) == 1
