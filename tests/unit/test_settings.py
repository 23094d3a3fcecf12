"""Configuration: a clear one-line error for each kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import RETIRED, ConfigError, Settings, load_settings, retired_settings


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"bot_token": "12345"}, "ZSBOT_BOT_TOKEN is malformed"),
        ({"timezone": "Mars/Olympus"}, "ZSBOT_TIMEZONE: unknown timezone"),
        ({"database_url": "mysql://db/x"}, "ZSBOT_DATABASE_URL: unsupported database"),
        ({"database_url": "::::"}, "ZSBOT_DATABASE_URL: cannot parse"),
        ({"digest_time": "25:99"}, "ZSBOT_DIGEST_TIME"),
        ({"milestone_offsets": [-1]}, "ZSBOT_MILESTONE_OFFSETS"),
        ({"webhook_url": "https://bot.example"}, "ZSBOT_WEBHOOK_SECRET must be set"),
    ],
)
def test_bad_settings_fail_in_one_line(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings(**overrides)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_missing_token_is_explained_only_when_needed() -> None:
    settings = load_settings(bot_token="")
    with pytest.raises(ConfigError, match="zsbot sandbox"):
        settings.require_token()


def test_urls_are_normalised_to_async_drivers() -> None:
    assert load_settings(database_url="sqlite:///x.db").database_url == "sqlite+aiosqlite:///x.db"
    assert load_settings(database_url="postgresql://u@h/d").database_url.startswith("postgresql+asyncpg://")
    assert load_settings(milestone_offsets=[1, 7, 3, 7]).milestone_offsets == [7, 3, 1]


def test_the_mini_app_url_is_set_or_follows_the_webhook() -> None:
    assert load_settings().miniapp_public_url is None  # polling without a URL: no button is offered
    hooked = load_settings(webhook_url="https://zsbot.example.org/telegram/webhook", webhook_secret="s")
    assert hooked.miniapp_public_url == "https://zsbot.example.org/app/"
    own = load_settings(miniapp_url="https://dash.example.org/app/")
    assert own.miniapp_public_url == "https://dash.example.org/app/"
    with pytest.raises(ConfigError, match="ZSBOT_MINIAPP_URL"):
        load_settings(miniapp_url="dash.example.org")
    with pytest.raises(ConfigError, match="MINIAPP_AUTH_MAX_AGE"):
        load_settings(miniapp_auth_max_age_seconds=5)


def test_retired_variables_are_found_in_the_environment_and_in_dot_env(tmp_path: Path) -> None:
    nothing = tmp_path / "missing.env"
    assert retired_settings({"ZSBOT_DIGEST_TIME": "08:00"}, nothing) == []
    [line] = retired_settings({"ZSBOT_ISSUE_RED_DAYS": "7"}, nothing)
    assert line.startswith("ZSBOT_ISSUE_RED_DAYS is no longer read: ") and "SUPERVISION" in line
    dot_env = tmp_path / ".env"
    dot_env.write_text("# old\nZSBOT_ISSUE_YELLOW_DAYS=3\nZSBOT_DIGEST_TIME=08:00\n", encoding="utf-8")
    assert [line.split()[0] for line in retired_settings({}, dot_env)] == ["ZSBOT_ISSUE_YELLOW_DAYS"]
    assert all(
        name.startswith("ZSBOT_") and name.lower()[6:] not in Settings.model_fields for name in RETIRED
    )
