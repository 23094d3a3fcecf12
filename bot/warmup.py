"""Pay the slow first imports at start-up, off the event loop, before anyone is waiting.

jionlp loads its dictionaries on first use (about a second) and matplotlib builds its font list
on first use (about half a second); either would otherwise stall the first user or the first digest.
"""

from __future__ import annotations

import asyncio
import logging
import time

from core.office.charts import cjk_font
from core.parsing.worker import warm_up as warm_parsers

log = logging.getLogger(__name__)


async def warm_up() -> None:
    started = time.monotonic()
    await asyncio.gather(warm_parsers(), asyncio.to_thread(cjk_font))
    log.info("parsers and chart fonts ready in %.1f s", time.monotonic() - started)
