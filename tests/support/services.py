"""PostgreSQL and Redis for tests: reachable → used; unreachable → skip, or fail under CI=true."""

from __future__ import annotations

import os

import pytest

POSTGRES_ADMIN_URL = os.environ.get(
    "ZSBOT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("ZSBOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def unavailable(what: str, exc: BaseException) -> None:
    message = f"{what} unreachable: {type(exc).__name__}: {exc}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: PostgreSQL/Redis tests must run)", pytrace=False)
    pytest.skip(message)
