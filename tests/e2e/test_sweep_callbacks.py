"""Forged-button sweep (issue 17, bounded): every CallbackData class of every feature, with every
value of its enum fields and ids of real objects, pressed by people the objects are not theirs —
a cadre of another work group and an unregistered stranger. Each press is answered, nothing of
the campaign's data reaches them, and nothing is logged as an unexpected error."""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import itertools
import logging
import pkgutil
import random
import types
import typing
from typing import Any

import pytest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

import handlers
from bot.runner import Running
from db.database import Database
from db.enums import Role
from tests.support.factories import add_group, add_person
from tests.support.office import seed_county
from tests.support.trips import forge
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator

pytestmark = pytest.mark.slow

# what a cadre of another group may not see (project names are not among them: brochures are found
# by any registered person, by design); a stranger sees none of it nor the project names
SECRETS = ("用电指标", "施工许可", "华为总部", "13800", "李四", "钱七", "逾期")
PROJECTS = ("新能源电池项目", "冷链物流中心", "智能制造产业园")
PER_CLASS = 8  # combinations pressed per class (a fixed random sample when there are more)


def callback_classes() -> list[type[CallbackData]]:
    for info in pkgutil.walk_packages(handlers.__path__, "handlers."):
        importlib.import_module(info.name)
    seen: dict[str, type[CallbackData]] = {}
    stack = list(CallbackData.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("handlers."):
            seen[cls.__qualname__] = cls
    return sorted(seen.values(), key=lambda c: c.__qualname__)


def _values(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _values(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [v for arg in typing.get_args(annotation) for v in _values(arg)]
    if annotation is type(None):
        return [None]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return list(annotation)
    if annotation is bool:
        return [True, False]
    if annotation is int:
        return [1, 3, dt.date(2026, 11, 25).toordinal()]
    if annotation is str:
        return ["ts", ""]
    return [None]


def combinations(cls: type[CallbackData], rng: random.Random) -> list[str]:
    fields = list(cls.model_fields.items())
    choices = [_values(field.annotation) for _, field in fields]
    packed: list[str] = []
    for combo in itertools.product(*choices):
        try:
            packed.append(cls(**dict(zip((n for n, _ in fields), combo, strict=True))).pack())
        except (ValueError, TypeError):
            continue
    rng.shuffle(packed)
    return packed[:PER_CLASS]


async def _holder(app: Running, tg: TelegramTester, user: Any) -> Any:
    """A message with one button in the user's chat, to forge (strangers get none of their own)."""
    markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="按钮", callback_data="x")]])
    await app.bot.send_message(user.id, "持有的按钮", reply_markup=markup)
    return tg.messages(user)[-1]


def test_the_sweep_finds_every_feature_s_buttons() -> None:
    prefixes = {cls.__prefix__ for cls in callback_classes()}  # type: ignore[attr-defined]
    assert {"t1", "t2", "r1", "m1", "g1", "i1", "o1", "n1", "b1", "b2", "cal1", "lg1"} <= prefixes


async def test_every_button_pressed_by_a_foreign_user(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    db: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await seed_county(db)
    outsider_group = await add_group(db, "第九工作组")
    cadre_user = emulator.add_user("外组干部", language_code="zh")
    await add_person(db, "外组干部", [Role.CADRE], work_group=outsider_group, telegram_id=cadre_user.id)
    stranger = emulator.add_user("陌生人", language_code="zh")
    rng = random.Random(17)
    pressed = 0
    with caplog.at_level(logging.ERROR):
        for user in (cadre_user, stranger):
            holder = await _holder(zsbot, tg, user)
            for cls in callback_classes():
                for data in combinations(cls, rng):
                    if not holder.button_texts:
                        holder = await _holder(zsbot, tg, user)
                    forge(holder, holder.button_texts[0], data)
                    result = await tg.press(user, holder, holder.button_texts[0])
                    pressed += 1
                    assert result.answer is not None, (cls.__qualname__, data)  # never a spinner
                    shown = [result.answer.text or ""]
                    shown += [m.text for m in (result.message, *result.new_messages) if m is not None]
                    secrets = SECRETS if user is cadre_user else SECRETS + PROJECTS
                    leaked = [s for s in secrets if any(s in text for text in shown)]
                    assert not leaked, (user.first_name, data, leaked, shown)
                    if result.message is not None and result.edited:
                        holder = await _holder(zsbot, tg, user)
    assert pressed >= 150
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
