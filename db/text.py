"""Text as stored: no C0 control characters but newline and tab.

One stray ``\\x0b`` (pasted from Word, typed on some keyboards) breaks every later .xlsx export
(openpyxl refuses it) and can hide text in Telegram. Every string written through the ORM is cleaned
on flush (:func:`install_text_cleaning`); file readers clean each cell with :func:`clean_text`.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f]")


def clean_text(text: str) -> str:
    """`text` without C0 control characters except newline and tab (CR LF becomes LF)."""
    if text.isprintable():
        return text
    return _CONTROLS.sub("", text.replace("\r\n", "\n"))


def _clean_object(obj: Any) -> None:
    mapper = inspect(obj).mapper
    for attr in mapper.column_attrs:
        value = getattr(obj, attr.key, None)
        if isinstance(value, str) and not value.isprintable():
            cleaned = clean_text(value)
            if cleaned != value:
                setattr(obj, attr.key, cleaned)


def row_values(obj: Any) -> dict[str, Any]:
    """The column values set on a new ORM object, cleaned as a flush would: for a Core INSERT."""
    mapper = inspect(obj).mapper
    values: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        if attr.key in obj.__dict__:
            value = obj.__dict__[attr.key]
            values[attr.key] = clean_text(value) if isinstance(value, str) else value
    return values


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        _clean_object(obj)


def install_text_cleaning(session_class: type[Session]) -> None:
    """Clean every new or changed string column of `session_class`'s sessions before each flush."""
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)


__all__ = ["clean_text", "install_text_cleaning"]
