"""A test's own router put into a running bot's Dispatcher."""

from __future__ import annotations

from aiogram import Dispatcher, Router


def insert_probe(dp: Dispatcher, router: Router) -> None:
    """`router` right after the error router and before every feature, so its handlers see the
    updates first and an error in them meets the bot's own error handling. (aiogram only appends
    routers; a test needs its probe ahead of the fallback.)"""
    dp.sub_routers.insert(1, router)
    router._parent_router = dp
