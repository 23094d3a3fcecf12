"""Configuration: pydantic-settings, prefix ZSBOT_, `.env` read if present."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from db.database import DatabaseUrlError, normalize_url

TOKEN_RE = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{30,64}$")


class ConfigError(Exception):
    """A configuration problem, stated in one line."""


def _parse_hhmm(value: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"expected HH:MM, got {value!r}") from exc


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ZSBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    bot_username: str | None = None  # taken from getMe when unset
    database_url: str = "sqlite+aiosqlite:///zsbot.db"
    redis_url: str | None = None
    timezone: str = "Asia/Shanghai"
    default_locale: Literal["zh", "en"] = "zh"
    log_level: str = "INFO"

    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = 8080
    webhook_path: str = "/telegram/webhook"
    shutdown_grace_seconds: float = Field(10, ge=0, le=300)  # updates in hand finish within this at stop

    invite_ttl_hours: int = Field(72, ge=1, le=24 * 30)
    import_max_rows: int = Field(20000, ge=1)  # rows of an imported file; a bigger one is refused
    # an update met with the database down is retried this long, then the person is asked to resend
    update_retry_seconds: float = Field(60, ge=0, le=3600)
    # unfinished updates (the process died while handling them) taken in longer ago than this are
    # handled again at start-up; PostgreSQL only: on SQLite (one runner) every one is
    update_replay_after_seconds: int = Field(120, ge=0)
    scheduler_enabled: bool = True  # off: jobs run only by `zsbot jobs run` (tests, a second replica)

    # daily jobs, in the campaign's timezone
    milestone_reminder_time: str = "09:00"
    report_reminder_time: str = "20:00"
    report_escalation_time: str = "09:30"
    digest_time: str = "08:30"
    ranking_weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "mon"
    ranking_time: str = "09:00"
    progress_request_time: str = "10:00"
    milestone_offsets: list[int] = Field(default_factory=lambda: [7, 3, 1, 0])
    progress_stale_days: int = Field(7, ge=1)
    issue_yellow_days: int = Field(3, ge=1)
    issue_red_days: int = Field(7, ge=1)
    report_grace_days: int = Field(1, ge=0)
    # a shared location this far (km) from the itinerary's city of the day is flagged (card, digest)
    location_mismatch_km: float = Field(100.0, gt=0)
    digest_max_items: int = Field(30, ge=1, le=500)  # per list in the daily digest; counts stay complete
    schedule_basis: Literal["calendar", "workdays"] = "calendar"  # the time schedule (时间进度) counts these
    campaign_start: dt.date | None = None  # a campaign year other than the calendar year: its first day …
    campaign_end: dt.date | None = None  # … and its last

    # Telegram's limits, as the sender keeps them
    rate_global_per_second: float = Field(25.0, gt=0)
    rate_private_per_second: float = Field(1.0, gt=0)
    rate_group_per_minute: float = Field(20.0, gt=0)
    send_max_attempts: int = Field(8, ge=1)
    send_timeout_seconds: float = Field(15.0, gt=0)
    # "auto": shared through Redis when ZSBOT_REDIS_URL is set (every replica keeps one budget),
    # per process otherwise (SQLite, one process)
    rate_limiter: Literal["auto", "process", "redis"] = "auto"
    redis_prefix: str = "zsbot"  # namespace of zsbot's own Redis keys (rate limiter)

    # scheduler: missed runs within this many days catch up at start; a failed run is retried
    catch_up_days: int = Field(3, ge=0, le=31)
    leader_interval_seconds: float = Field(20.0, gt=0)  # how often a replica tries to become the leader
    job_retry_attempts: int = Field(4, ge=0, le=20)
    job_retry_base_seconds: float = Field(60.0, gt=0)

    # photos, brochures: copied out of Telegram (file_ids die with the token). A directory, or
    # s3://bucket/prefix (S3-compatible; endpoint below, credentials from the AWS_* variables)
    media_store: str | None = None
    media_s3_endpoint_url: str | None = None
    media_sweep_seconds: float = Field(30.0, gt=0)

    # Chinese free text is parsed in this many worker processes (`zsbot run`; default: one per
    # core); 0: on one thread of the bot's own process (as the tests and the sandbox do)
    parse_workers: int | None = Field(None, ge=0, le=64)

    # /healthz and /metrics: on the webhook server in webhook mode; in polling mode on this port
    health_host: str = "127.0.0.1"
    health_port: int | None = None

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value() and not TOKEN_RE.match(value.get_secret_value()):
            raise ValueError(
                "ZSBOT_BOT_TOKEN is malformed: expected <digits>:<35 characters> from @BotFather"
            )
        return value if value is not None and value.get_secret_value() else None

    @field_validator("database_url")
    @classmethod
    def _db_url(cls, value: str) -> str:
        try:
            return normalize_url(value)
        except DatabaseUrlError as exc:
            raise ValueError(f"ZSBOT_DATABASE_URL: {exc}") from None

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"ZSBOT_TIMEZONE: unknown timezone {value!r} (e.g. Asia/Shanghai)") from None
        return value

    @field_validator(
        "milestone_reminder_time",
        "report_reminder_time",
        "report_escalation_time",
        "digest_time",
        "ranking_time",
        "progress_request_time",
    )
    @classmethod
    def _hhmm(cls, value: str) -> str:
        _parse_hhmm(value)
        return value

    @field_validator("milestone_offsets")
    @classmethod
    def _offsets(cls, value: list[int]) -> list[int]:
        if any(v < 0 for v in value):
            raise ValueError("ZSBOT_MILESTONE_OFFSETS: offsets are days before the due date, 0 or more")
        return sorted(set(value), reverse=True)

    @model_validator(mode="after")
    def _campaign_year(self) -> Settings:
        if (self.campaign_start is None) != (self.campaign_end is None):
            raise ValueError("ZSBOT_CAMPAIGN_START and ZSBOT_CAMPAIGN_END go together")
        if self.campaign_start and self.campaign_end and self.campaign_end <= self.campaign_start:
            raise ValueError("ZSBOT_CAMPAIGN_END must come after ZSBOT_CAMPAIGN_START")
        return self

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("ZSBOT_WEBHOOK_SECRET must be set in webhook mode (ZSBOT_WEBHOOK_URL is set)")
        if self.webhook_url and not self.webhook_url.startswith(("https://", "http://")):
            raise ValueError("ZSBOT_WEBHOOK_URL must start with https://")
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def time_of(self, name: str) -> dt.time:
        return _parse_hhmm(getattr(self, name))

    @property
    def shared_rate_limiter(self) -> bool:
        if self.rate_limiter == "redis" and not self.redis_url:
            raise ConfigError("ZSBOT_RATE_LIMITER=redis needs ZSBOT_REDIS_URL")
        return self.rate_limiter == "redis" or (self.rate_limiter == "auto" and bool(self.redis_url))

    @property
    def webhook_mode(self) -> bool:
        return bool(self.webhook_url)

    def require_token(self) -> str:
        if self.bot_token is None:
            raise ConfigError(
                "ZSBOT_BOT_TOKEN is not set: get one from @BotFather, or try `zsbot sandbox` without a token"
            )
        return self.bot_token.get_secret_value()


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and `.env`; any problem becomes a one-line ConfigError."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
        if not message.startswith("ZSBOT_"):
            message = f"ZSBOT_{field.upper()}: {message}"
        raise ConfigError(message) from None
