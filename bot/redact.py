"""Secrets never reach a log or a printed traceback: the bot token (and the webhook secret) are
replaced by ``***`` in every log record — its message, its arguments, its exception text — and in
an uncaught exception's traceback.

A proxy or Telegram error page may quote the request URL, which holds the token
(``/bot<token>/getUpdates``); aiogram puts such a page into its exception's message.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any
from urllib.parse import quote

MASK = "***"


class Redactor:
    def __init__(self, secrets: Iterable[str]) -> None:
        forms: set[str] = set()
        for secret in secrets:
            if secret and len(secret) >= 8:
                forms |= {secret, quote(secret, safe=""), quote(secret)}
        self.forms = sorted(forms, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for form in self.forms:
            if form in text:
                text = text.replace(form, MASK)
        return text

    def record(self, record: logging.LogRecord) -> logging.LogRecord:
        """Freeze the record's message and exception text, redacted (every handler sees those)."""
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is, redacted
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self(message), ()
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = self("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self(record.exc_text)
        if record.stack_info:
            record.stack_info = self(record.stack_info)
        return record


_installed: Redactor | None = None


def install_redaction(*secrets: str | None) -> Redactor:
    """Redact `secrets` in every log record made from now on and in uncaught exceptions' tracebacks."""
    global _installed  # the process's one logging set-up: it is process-wide by nature
    redactor = Redactor([s for s in secrets if s] + (_installed.forms if _installed else []))
    base: Callable[..., logging.LogRecord] = getattr(
        logging.getLogRecordFactory(), "__zsbot_base__", logging.getLogRecordFactory()
    )

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redactor.record(base(*args, **kwargs))

    factory.__zsbot_base__ = base  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
    hook = getattr(sys.excepthook, "__zsbot_base__", sys.excepthook)

    def excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        sys.stderr.write(redactor("".join(traceback.format_exception(kind, value, tb))))

    excepthook.__zsbot_base__ = hook  # type: ignore[attr-defined]
    sys.excepthook = excepthook
    _installed = redactor
    return redactor


def uninstall_redaction() -> None:
    """Back to the plain record factory and excepthook (tests)."""
    global _installed
    factory = logging.getLogRecordFactory()
    logging.setLogRecordFactory(getattr(factory, "__zsbot_base__", factory))
    sys.excepthook = getattr(sys.excepthook, "__zsbot_base__", sys.excepthook)
    _installed = None


__all__ = ["MASK", "Redactor", "install_redaction", "uninstall_redaction"]
