"""Mini App launch data: Telegram's signature (aiogram's check) and our freshness rule."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.miniapp.auth import Unauthorized, authenticate, sign_init_data

TOKEN = "42:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawZ"
OTHER = "43:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawZ"
NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
USER = {"id": 7, "first_name": "周敏", "language_code": "zh"}


def test_signed_fresh_data_names_the_user() -> None:
    data = authenticate(TOKEN, sign_init_data(TOKEN, USER, NOW, query_id="q"), NOW, DAY)
    assert data.user is not None and data.user.id == 7 and data.user.first_name == "周敏"


@pytest.mark.parametrize(
    "init_data",
    [
        "",
        "user=%7B%22id%22%3A7%7D&auth_date=1",  # no hash
        sign_init_data(OTHER, USER, NOW),  # another bot's
        sign_init_data(TOKEN, USER, NOW - DAY - dt.timedelta(seconds=1)),  # stale
        sign_init_data(TOKEN, USER, NOW + dt.timedelta(minutes=6)),  # from the future
        sign_init_data(TOKEN, USER, NOW).replace("%22id%22%3A7", "%22id%22%3A8"),  # another user
        sign_init_data(TOKEN, USER, NOW) + "&extra=1",  # a field added
        "x" * 9000,
    ],
    ids=["empty", "unsigned", "foreign", "stale", "future", "tampered", "extended", "huge"],
)
def test_forged_foreign_or_stale_data_is_refused(init_data: str) -> None:
    with pytest.raises(Unauthorized):
        authenticate(TOKEN, init_data, NOW, DAY)


def test_data_without_a_user_is_refused() -> None:
    import hashlib
    import hmac
    import urllib.parse

    fields = {"auth_date": str(int(NOW.timestamp())), "chat_instance": "1"}
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    with pytest.raises(Unauthorized):
        authenticate(TOKEN, urllib.parse.urlencode(fields), NOW, DAY)


def test_clock_skew_within_five_minutes_is_accepted() -> None:
    authenticate(TOKEN, sign_init_data(TOKEN, USER, NOW + dt.timedelta(minutes=4)), NOW, DAY)
    authenticate(TOKEN, sign_init_data(TOKEN, USER, NOW - DAY + dt.timedelta(seconds=1)), NOW, DAY)
