"""Work that runs beside the Dispatcher: the outbox sender and the scheduler."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.runner import Running


@asynccontextmanager
async def start_background(app: Running) -> AsyncIterator[None]:
    yield
