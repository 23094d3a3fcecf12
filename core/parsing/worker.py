"""Where parsing runs: one thread of its own, off the event loop, never two parses at once.

jionlp keeps state inside its parsers and is not safe to call from several threads together,
and its first call imports models (about a second), so async code never calls a parser directly:
it awaits `parse_off_loop(parse_trip, text, today)`. `warm_up()` pays the import at start-up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zsbot-parse")


async def parse_off_loop(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_executor, functools.partial(func, *args, **kwargs))


def _warm() -> None:
    from core.parsing.dates import parse_span
    from core.parsing.geo import place_at
    from core.parsing.places import parse_place

    parse_span("明天", dt.date(2026, 1, 1))
    parse_place("去成都")
    place_at(30.66, 104.07)  # the offline adcodes (cpca's CSV)


async def warm_up() -> None:
    """Import jionlp and its dictionaries on the parsing thread before the first user needs them."""
    await parse_off_loop(_warm)
