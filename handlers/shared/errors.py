"""One error handler: domain errors become a polite answer; anything else is logged with a reference."""

from __future__ import annotations

import logging
import secrets
import traceback

from aiogram import Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import ErrorEvent

from core.errors import DomainError
from core.tabular import FileError
from db.database import unavailable
from handlers.shared.i18n import Safe, current_locale, echo, plain, t

log = logging.getLogger(__name__)


async def _tell(event: ErrorEvent, text: Safe) -> None:
    update = event.update
    if update.callback_query is not None:
        await update.callback_query.answer(plain(text), show_alert=True)
    elif update.message is not None:
        await update.message.answer(text)


def error_text(error: DomainError) -> Safe:
    """The polite answer to a domain error, in the reader's language."""
    # text echoed from the person (未找到“…”) is cut, so the answer stays within one message
    params = {name: echo(value) if isinstance(value, str) else value for name, value in error.params.items()}
    return t(error.key, **params)


async def domain_error(event: ErrorEvent) -> None:
    error = event.exception
    assert isinstance(error, DomainError)
    log.info("domain error %s %s in update %s", error.key, error.params, event.update.update_id)
    await _tell(event, error_text(error))


async def file_error(event: ErrorEvent) -> None:
    """A file that cannot be imported: its whole reason, in the reader's language (details are
    written "中文 / English" for the command line, which shows both)."""
    error = event.exception
    assert isinstance(error, FileError)
    log.info("file error %s in update %s", error.code, event.update.update_id)
    detail = str(error.params.get("detail", ""))
    zh, sep, en = detail.partition(" / ")
    shown = (en if current_locale() == "en" else zh) if sep else detail
    await _tell(event, t("file.bad", detail=shown.strip()))


async def form_data_lost(event: ErrorEvent, state: FSMContext | None = None) -> None:
    """A form step whose saved answers are gone (a state left from an older version, storage
    trimmed, a forged state): the form is dropped and the person asked to start it again, instead
    of "something went wrong" on every later message. Anything else is an unexpected error."""
    current = await state.get_state() if state is not None else None
    if current is None and not _raised_in_a_handler(event.exception):
        await unexpected_error(event)
        return
    log.warning(
        "form data missing in state %s (update %s): form dropped",
        current,
        event.update.update_id,
        exc_info=event.exception,
    )
    if state is not None:
        await state.clear()
    await _tell(event, t("error.form_lost"))


def _raised_in_a_handler(error: BaseException) -> bool:
    """A KeyError from the handlers' own code: a form's data read after the form was dropped."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/handlers/" in f.filename.replace("\\", "/")]
    return bool(ours) and ours[-1] == frames[-1]


async def unexpected_error(event: ErrorEvent) -> None:
    if unavailable(event.exception):
        # the database is down: the update is retried whole (bot.middlewares.UpdateDedupeMiddleware)
        raise event.exception
    ref = secrets.token_hex(4)
    log.error("unexpected error ref=%s in update %s", ref, event.update.update_id, exc_info=event.exception)
    try:
        await _tell(event, t("error.unexpected", ref=ref))
    except Exception:  # the answer itself failed (e.g. Telegram down): the trace is logged already
        log.warning("could not tell the user about error ref=%s", ref, exc_info=True)


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.errors.register(file_error, ExceptionTypeFilter(FileError))
    router.errors.register(domain_error, ExceptionTypeFilter(DomainError))
    router.errors.register(form_data_lost, ExceptionTypeFilter(KeyError))
    router.errors.register(unexpected_error)
    return router
