"""aiogram FSM storage in zsbot's database, used when no Redis is configured.

A half-filled form survives a restart either way.

aiogram reads the state of every update's chat before any handler runs. On SQLite only one process
uses the file (``zsbot run`` holds its lock, see db.locks) and every write goes through this
storage, so what was read is kept in memory and dropped on each write: most updates then read
no FSM row at all. On PostgreSQL several replicas may write, and every read goes to the database.
Reads take no write lock (``Database.read``).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey

from bot.telegram_session import current_update_id
from db.database import Database

Known = dict[str, tuple[str | None, dict[str, Any]]]
_this_update: ContextVar[tuple[int, Known] | None] = ContextVar("zsbot_fsm_read", default=None)


class DatabaseStorage(BaseStorage):
    def __init__(
        self, db: Database, key_builder: KeyBuilder | None = None, *, cache: bool | None = None
    ) -> None:
        self.db = db
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        self.caching = db.is_sqlite if cache is None else cache
        self._process_known: Known = {}

    @property
    def _known(self) -> Known:
        """What is known of the rows: for the process (SQLite), or for this update (PostgreSQL)."""
        if self.caching:
            return self._process_known
        update_id = current_update_id.get()
        if update_id is None:
            return {}
        memo = _this_update.get()
        if memo is None or memo[0] != update_id:
            memo = (update_id, {})
            _this_update.set(memo)
        return memo[1]

    def _key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    def form_key(self, key: StorageKey) -> str | None:
        """The row name to read along with the update's claim (None: nothing to read, it is cached)."""
        return None if self.caching else self._key(key)

    def read_with_claim(self, name: str, form: tuple[str | None, dict[str, Any]]) -> None:
        """The row `name` as read in the update's intake transaction: this update's reads use it."""
        self._known[name] = form

    async def _read(self, key: str) -> tuple[str | None, dict[str, Any]]:
        known = self._known.get(key)
        if known is not None:
            return known
        async with self.db.read() as tx:
            record = await tx.fsm.get(key)
            found = (record.state, dict(record.data or {})) if record is not None else (None, {})
        self._known[key] = found
        return found

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        name = self._key(key)
        known = self._known.pop(name, None)
        if known is not None and known[0] == value:  # e.g. FSMContext.clear() with no form open
            self._known[name] = known
            return
        try:
            async with self.db.transaction() as tx:
                await tx.fsm.set_state(name, value)
        finally:
            self._known.pop(name, None)

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._read(self._key(key)))[0]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        name = self._key(key)
        known = self._known.pop(name, None)
        if known is not None and known[1] == data:
            self._known[name] = known
            return
        try:
            async with self.db.transaction() as tx:
                await tx.fsm.set_data(name, dict(data))
        finally:
            self._known.pop(name, None)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        # a deep copy: a handler may change a list inside and store it again (compared, above)
        return copy.deepcopy((await self._read(self._key(key)))[1])

    async def close(self) -> None:
        return None
