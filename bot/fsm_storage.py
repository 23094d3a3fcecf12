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
from core.updates import FormState, form_of
from db.database import Database

Known = dict[str, FormState]
_this_update: ContextVar[tuple[int, Known] | None] = ContextVar("zsbot_fsm_read", default=None)
_claimed: ContextVar[tuple[int, str, int, FormState] | None] = ContextVar("zsbot_fsm_claimed", default=None)
"""The update's form as read with its claim: (update id, row, this process's writes of it then, form)."""


class DatabaseStorage(BaseStorage):
    def __init__(
        self, db: Database, key_builder: KeyBuilder | None = None, *, cache: bool | None = None
    ) -> None:
        self.db = db
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        self.caching = db.is_sqlite if cache is None else cache
        self._process_known: Known = {}
        self._writes: dict[str, int] = {}  # writes of each row by this process

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

    def form_row(self, key: StorageKey) -> tuple[str, int] | None:
        """The row to read along with the update's claim, and how many times this process has written
        it so far (None: nothing to read, it is cached)."""
        if self.caching:
            return None
        name = self._key(key)
        return name, self._writes.get(name, 0)

    def read_with_claim(self, row: tuple[str, int], form: FormState) -> None:
        """The row as read in the update's intake (before aiogram's per-chat lock): the
        update uses it unless this process wrote the row since — an earlier update of the same chat
        finishing first — and then reads it again."""
        update_id = current_update_id.get()
        if update_id is not None:
            _claimed.set((update_id, row[0], row[1], form))

    def _from_claim(self, key: str) -> FormState | None:
        claimed = _claimed.get()
        if claimed is None or claimed[0] != current_update_id.get() or claimed[1] != key:
            return None
        _claimed.set(None)
        return claimed[3] if claimed[2] == self._writes.get(key, 0) else None

    async def _read(self, key: str) -> FormState:
        known = self._known.get(key)
        if known is not None:
            return known
        if (claimed := self._from_claim(key)) is not None:
            self._known[key] = claimed
            return claimed
        async with self.db.read() as tx:
            found = form_of(await tx.fsm.get(key))
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
            self._writes[name] = self._writes.get(name, 0) + 1

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
            self._writes[name] = self._writes.get(name, 0) + 1

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        # a deep copy: a handler may change a list inside and store it again (compared, above)
        return copy.deepcopy((await self._read(self._key(key)))[1])

    async def close(self) -> None:
        return None
