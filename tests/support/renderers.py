"""Renderers of the kinds only tests enqueue (a numbered ping, a raw text): registered for the test run,
not part of the product."""

from __future__ import annotations

from typing import Any

from handlers.shared.i18n import Safe, quote
from handlers.shared.notifications import Rendered, renderer

TEST_KINDS = frozenset({"test.ping", "text"})


@renderer("test.ping")
def ping(payload: dict[str, Any]) -> Rendered:
    return Rendered(Safe(f"测试消息 #{int(payload.get('n', 0))}"))


@renderer("text")
def plain_text(payload: dict[str, Any]) -> Rendered:
    """A text as typed, escaped (never interpreted as HTML)."""
    return Rendered(quote(payload.get("text", "")))
