"""aiogram FSM storage in zsbot's database, used when no Redis is configured.

A half-filled form survives a restart either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey

from db.database import Database


class DatabaseStorage(BaseStorage):
    def __init__(self, db: Database, key_builder: KeyBuilder | None = None) -> None:
        self.db = db
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    def _key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self.db.transaction() as tx:
            await tx.fsm.set_state(self._key(key), value)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self.db.transaction() as tx:
            record = await tx.fsm.get(self._key(key))
            return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        async with self.db.transaction() as tx:
            await tx.fsm.set_data(self._key(key), dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self.db.transaction() as tx:
            record = await tx.fsm.get(self._key(key))
            return dict(record.data) if record and record.data else {}

    async def close(self) -> None:
        return None
