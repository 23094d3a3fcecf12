"""Pure filters checked on the event loop, not in a thread.

aiogram 3 runs every filter that is not a coroutine through ``asyncio.to_thread``
(``CallableObject.call``) — among them each magic filter (``F.text``, ``F.chat.type == "private"``)
and each FSM ``State`` given as a filter. Those only read attributes of the update: a thread hop
for each (a submit to the default executor, a context copy, a wake-up of the loop) cost more than
the check, many times per update as it travels through the routers (issue 18's profiles). After the
routers are built, :func:`inline_pure_filters` marks those two kinds to be called directly; any
other synchronous filter is left to aiogram's thread (it might block).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.fsm.state import State


def inline_pure_filters(router: Router) -> int:
    """Make the magic-filter and State filters of `router` and its sub-routers run inline; how many."""
    count = 0
    for f in _filters(router):
        if not f.awaitable and (f.magic is not None or isinstance(f.callback, State)):
            f.callback = _called_inline(f.callback)
            f.awaitable = True
            count += 1
    return count


def _called_inline(check: Callable[..., Any]) -> Callable[..., Any]:
    async def inline(*args: Any, **kwargs: Any) -> Any:
        return check(*args, **kwargs)

    return inline


def _filters(router: Router) -> Iterator[FilterObject]:
    for observer in router.observers.values():
        yield from observer._handler.filters or []  # the router's own filters (router.message.filter)
        for handler in observer.handlers:
            yield from handler.filters or []
    for sub in router.sub_routers:
        yield from _filters(sub)
