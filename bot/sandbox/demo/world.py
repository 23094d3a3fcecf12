"""What loading the demo gives the sandbox: the people, the personas a visitor can be, the office chat."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from bot.sandbox.demo.data import OFFICE_CHAT_ID, OFFICE_CHAT_TITLE
from db.enums import Role


@dataclass(frozen=True)
class DemoPerson:
    """A registered person of the demo; ``telegram_id`` None: not bound (the invitee)."""

    person_id: int
    name: str
    telegram_id: int | None
    roles: frozenset[Role]


@dataclass(frozen=True)
class Persona:
    """Someone a visitor of the sandbox can be: who speaks (``user_id``) in which chat (``chat_id``)."""

    key: str
    name: str
    role_zh: str
    role_en: str
    user_id: int
    chat_id: int
    hint_zh: str
    hint_en: str
    examples: tuple[str, ...] = ()
    person_id: int | None = None
    group_chat: bool = False

    def to_json(self) -> dict[str, object]:
        """What the sandbox page needs (no database id)."""
        shown = asdict(self)
        del shown["person_id"]
        shown["examples"] = list(self.examples)
        return shown


@dataclass
class DemoWorld:
    """What was loaded: everyone bound (each needs a fake Telegram user), the personas, the office chat."""

    today: dt.date
    people: list[DemoPerson]
    personas: list[Persona]
    invitee: DemoPerson
    office_chat_id: int = OFFICE_CHAT_ID
    office_chat_title: str = OFFICE_CHAT_TITLE
    counts: dict[str, int] = field(default_factory=dict)

    def persona(self, key: str) -> Persona:
        for persona in self.personas:
            if persona.key == key:
                return persona
        raise KeyError(key)
