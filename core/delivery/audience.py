"""Who hears about what: the office side of a notification."""

from __future__ import annotations

from core.delivery.outbox import Recipient
from db.enums import Role
from db.tx import Tx


async def office_recipients(tx: Tx, *, work_group_id: int | None = None) -> list[Recipient]:
    """Bound office chats and private subscriptions in scope; office members when none is bound.

    A chat scoped to a work group hears only about that group; an unscoped one hears everything. A
    group leader's subscription hears about every group they lead (it is stored with one of them).
    """
    chats = list(await tx.chats.active(work_group_id=work_group_id))
    if work_group_id is not None:
        group = await tx.org.group(work_group_id)
        if group is not None and group.leader_id is not None:
            chats += await tx.chats.active(person_id=group.leader_id)
    if chats:
        return [Recipient(chat_id=c.chat_id) for c in {c.chat_id: c for c in chats}.values()]
    people = await tx.people.with_role(Role.OFFICE)
    return [Recipient(person_id=p.id) for p in people if p.telegram_id and p.reachable]


async def group_leader_recipients(tx: Tx, work_group_id: int | None) -> list[Recipient]:
    if work_group_id is None:
        return []
    group = await tx.org.group(work_group_id)
    if group is None or group.leader_id is None:
        return []
    return [Recipient(person_id=group.leader_id)]


async def supervisor_recipients(tx: Tx, work_group_id: int | None) -> list[Recipient]:
    """The group's leader in person, then the office in scope: one message each.

    The leader's own private subscription (reached by :func:`office_recipients`) is the same private
    chat as the leader in person, so it is left out here.
    """
    leaders = await group_leader_recipients(tx, work_group_id)
    own_chats = {c.chat_id for r in leaders for c in await tx.chats.active(person_id=r.person_id)}
    office = await office_recipients(tx, work_group_id=work_group_id)
    return leaders + [r for r in office if r.chat_id not in own_chats]
