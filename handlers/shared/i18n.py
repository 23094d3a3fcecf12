"""Translations: every user-facing text has a key with a Chinese and an English template.

Templates live per feature in handlers/<feature>/texts.py as `TEXTS = {key: (zh, en)}`. `t()` escapes
every parameter for Telegram HTML unless it is marked `Safe` (already-rendered markup), so an
echoed user text cannot break or inject formatting.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

log = logging.getLogger(__name__)

LOCALES = ("zh", "en")
DEFAULT_LOCALE = "zh"

_current: ContextVar[str] = ContextVar("zsbot_locale", default=DEFAULT_LOCALE)
_catalog: dict[str, dict[str, str]] = {}
_loaded = False


class Safe(str):
    """A fragment that is already valid Telegram HTML (rendered by us, not typed by a user)."""

    __slots__ = ()


def _load() -> None:
    global _loaded
    if _loaded:
        return
    from handlers.shared.features import each_feature_module

    for module in each_feature_module("texts"):
        for key, pair in getattr(module, "TEXTS", {}).items():
            if key in _catalog:
                raise RuntimeError(f"text key {key!r} defined twice (second in {module.__name__})")
            zh, en = pair
            _catalog[key] = {"zh": zh, "en": en}
    _loaded = True


def catalog() -> Mapping[str, Mapping[str, str]]:
    _load()
    return _catalog


def current_locale() -> str:
    return _current.get()


def set_locale(locale: str | None) -> None:
    _current.set(locale if locale in LOCALES else DEFAULT_LOCALE)


@contextmanager
def use_locale(locale: str | None) -> Iterator[None]:
    token = _current.set(locale if locale in LOCALES else DEFAULT_LOCALE)
    try:
        yield
    finally:
        _current.reset(token)


class _Formatter(string.Formatter):
    """`{days:day}` counts in English: "1 day", "5 days" (Chinese templates just say `{days}天`)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.isalpha():
            count = int(value) if isinstance(value, int) or str(value).isdigit() else None
            return f"{value} {format_spec if count == 1 else format_spec + 's'}"
        return str(super().format_field(value, format_spec))


_FORMATTER = _Formatter()


def _escape(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value  # numbers need no escaping, and stay numbers for `{n:unit}`
    if isinstance(value, Safe):
        return str(value)
    if isinstance(value, Decimal):
        value = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = fmt_date(value)
    return html.escape(str(value), quote=False)


def t(key: str, /, locale: str | None = None, **params: Any) -> Safe:
    """The text for `key` in `locale` (default: the current one), parameters escaped."""
    _load()
    entry = _catalog.get(key)
    if entry is None:
        log.error("missing text key %r", key)
        return Safe(html.escape(key))
    template = entry[locale or _current.get()]
    if not params:
        return Safe(template)
    return Safe(_FORMATTER.vformat(template, (), {k: _escape(v) for k, v in params.items()}))


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def fmt_date(day: dt.date, locale: str | None = None) -> str:
    if (locale or _current.get()) == "zh":
        return f"{day.month}月{day.day}日"
    return day.strftime("%b %-d")


def echo(text: str, limit: int = 100) -> str:
    """A person's own text quoted back in an answer, cut to ``limit`` characters (markup is kept whole)."""
    if isinstance(text, Safe) or len(text) <= limit:
        return text
    return text[:limit] + "…"


def quote(value: object) -> Safe:
    """Escape a user-supplied value for HTML where it is not passed through `t()`."""
    return Safe(html.escape(str(value), quote=False))


def plain(text: str, limit: int = 200) -> str:
    """HTML → plain text for places Telegram shows unformatted (callback alerts: 200 chars)."""
    import re

    stripped = html.unescape(re.sub(r"<[^>]+>", "", text))
    return stripped if len(stripped) <= limit else stripped[: limit - 1] + "…"
