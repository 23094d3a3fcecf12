"""Telegram Mini App authentication: the ``initData`` a client sends, checked with the bot token.

Telegram signs the launch data (user, auth_date, …) with a key derived from the bot token
(https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app). aiogram's
``safe_parse_webapp_init_data`` checks that signature; :func:`authenticate` adds the freshness check
(auth_date no older than ``max_age`` and not in the future). Data signed for another bot, altered
or stale is :class:`Unauthorized`. :func:`sign_init_data` signs as Telegram does (sandbox, tests).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import urllib.parse
from typing import Any

from aiogram.utils.web_app import WebAppInitData, safe_parse_webapp_init_data

CLOCK_SKEW = dt.timedelta(minutes=5)  # an auth_date this far ahead of our clock is still accepted


class Unauthorized(Exception):
    """The initData is missing, forged, signed for another bot, or stale."""


def authenticate(token: str, init_data: str, now: dt.datetime, max_age: dt.timedelta) -> WebAppInitData:
    """The checked launch data; Unauthorized unless signed with `token`, fresh, and naming a user."""
    if not init_data or len(init_data) > 8192:
        raise Unauthorized("missing")
    try:
        data = safe_parse_webapp_init_data(token, init_data)
    except (ValueError, TypeError) as error:  # bad signature, or not a launch data at all
        raise Unauthorized("signature") from error
    signed_at = data.auth_date if data.auth_date.tzinfo else data.auth_date.replace(tzinfo=dt.UTC)
    if signed_at > now + CLOCK_SKEW or now - signed_at > max_age:
        raise Unauthorized("stale")
    if data.user is None:
        raise Unauthorized("no user")
    return data


def sign_init_data(token: str, user: dict[str, Any], auth_date: dt.datetime, **extra: str) -> str:
    """Launch data for `user` signed with `token` as Telegram signs it (for the sandbox and tests)."""
    fields = {
        "auth_date": str(int(auth_date.timestamp())),
        "user": json.dumps(user, ensure_ascii=False, separators=(",", ":")),
        **extra,
    }
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urllib.parse.urlencode(fields, quote_via=urllib.parse.quote)
