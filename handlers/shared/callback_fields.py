"""Field types for callback data and ids typed after a command.

Callback data comes from the client: a forged value outside these ranges fails to unpack, so no
handler sees it and the user gets the stale-button answer (instead of an overflow in the database
driver or in ``datetime``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

MAX_DB_ID = 2**31 - 1  # PostgreSQL INTEGER, the type of every primary key

DbId = Annotated[int, Field(ge=0, le=MAX_DB_ID)]
DayOrdinal = Annotated[int, Field(ge=0, le=dt.date.max.toordinal())]


def parse_id(text: str) -> int | None:
    """An id typed by a person (``12``, ``#12``), or None when it cannot be one."""
    text = text.strip().lstrip("#")
    if not text.isascii() or not text.isdecimal():
        return None
    value = int(text)
    return value if value <= MAX_DB_ID else None
