"""The bot token never reaches a log: not in a message, its arguments, nor an exception's text
(issue 17: a proxy's error page quoting the request URL put the whole token into `zsbot run`'s log)."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.redact import install_redaction, uninstall_redaction

TOKEN = "123456789:AAHfakeTOKENfakeTOKENfakeTOKEN-x_y"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("zsbot.test.redaction")
    logger.addHandler(handler)
    install_redaction(TOKEN)
    try:
        yield stream
    finally:
        uninstall_redaction()
        logger.removeHandler(handler)


async def _proxy_error_page(request: web.Request) -> web.Response:
    return web.Response(status=502, text=f"<html>502 Bad Gateway: upstream {request.url} failed</html>")


async def test_a_proxy_error_page_quoting_the_url_is_logged_without_the_token(captured: io.StringIO) -> None:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", _proxy_error_page)
    server = TestServer(app)
    await server.start_server()
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(str(server.make_url("")))))
    log = logging.getLogger("zsbot.test.redaction")
    try:
        with pytest.raises(Exception) as raised:
            await bot.get_updates()
        assert TOKEN in str(raised.value)  # the error as aiogram raises it holds the token...
        log.error(
            "Failed to fetch updates - %s: %s",
            type(raised.value).__name__,
            raised.value,
            exc_info=raised.value,
        )
        log.error("request to %s", f"{server.make_url('')}/bot{TOKEN}/getMe")
        log.warning("quoted %r", TOKEN.replace(":", "%3A"))
    finally:
        await bot.session.close()
        await server.close()
    out = captured.getvalue()
    assert "Failed to fetch updates" in out and "502" in out and "Traceback" in out
    assert TOKEN not in out and TOKEN.replace(":", "%3A") not in out  # ...the log does not
    assert out.count("***") >= 3


def test_an_uncaught_exception_is_printed_without_the_token(
    captured: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        raise RuntimeError(f"cannot reach https://api.telegram.org/bot{TOKEN}/getMe")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    err = capsys.readouterr().err
    assert "RuntimeError" in err and TOKEN not in err and "/bot***/getMe" in err
