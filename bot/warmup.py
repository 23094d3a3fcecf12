"""Pay the slow first imports at start-up, off the event loop, in the background.

jionlp loads its dictionaries on first use (about a second, in every parsing worker) and matplotlib
builds its font list on first use (about half a second); either would otherwise stall the first
user or the first digest. Neither is needed to answer most updates, so the bot takes updates while
they load (a trip line meanwhile waits for its parser); /healthz lists what is still warming.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import MutableSet

from core.office.charts import cjk_font
from core.parsing.worker import warm_up as warm_parsers

log = logging.getLogger(__name__)

PARSERS = "parsers"
FONTS = "fonts"


async def warm_up(warming: MutableSet[str] | None = None) -> None:
    """Warm the parsers and the chart fonts; each is taken out of `warming` when it is ready."""
    started = time.monotonic()
    pending = warming if warming is not None else set()
    pending |= {PARSERS, FONTS}

    async def warm(name: str, work: asyncio.Future[object] | asyncio.Task[object]) -> None:
        try:
            await work
        finally:
            pending.discard(name)

    # the parsers first: in worker processes they leave this interpreter to the first updates;
    # then the fonts, which load here (on a thread, but holding the interpreter while they import)
    await warm(PARSERS, asyncio.ensure_future(warm_parsers()))
    await warm(FONTS, asyncio.ensure_future(asyncio.to_thread(cjk_font)))
    log.info("parsers and chart fonts ready in %.1f s", time.monotonic() - started)
