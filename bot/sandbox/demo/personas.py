"""The personas of the sandbox page: who a visitor can speak as, with a hint and example commands."""

from __future__ import annotations

from dataclasses import replace

from bot.sandbox.demo.data import (
    ADMIN,
    CADRE,
    CADRE_AWAY,
    INVITEE,
    INVITEE_USER_ID,
    LEAD,
    LEADER,
    OFFICE,
    OFFICE_CHAT_ID,
    OFFICE_CHAT_TITLE,
    PERSONA_LEAD_SLOTS,
    STRANGER_NAME,
    STRANGER_USER_ID,
)
from bot.sandbox.demo.world import Persona
from db.models import Person


def _speaker(
    key: str, name: str, user_id: int, labels: tuple[str, str], hints: tuple[str, str], *examples: str
) -> Persona:
    """A persona speaking in their own private chat; ``labels`` and ``hints`` are (Chinese, English)."""
    return Persona(
        key=key,
        name=name,
        role_zh=labels[0],
        role_en=labels[1],
        user_id=user_id,
        chat_id=user_id,
        hint_zh=hints[0],
        hint_en=hints[1],
        examples=examples,
    )


def _persona(
    key: str, person: Person, labels: tuple[str, str], hints: tuple[str, str], *examples: str
) -> Persona:
    assert person.telegram_id is not None
    return replace(
        _speaker(key, person.name, person.telegram_id, labels, hints, *examples), person_id=person.id
    )


def bound_personas(people: dict[str, Person]) -> list[Persona]:
    office = people[OFFICE[0]]
    assert office.telegram_id is not None
    invite = f"/invite {INVITEE[0]}"
    return [
        _persona(
            "cadre",
            people[CADRE[0]],
            ("干部", "Cadre"),
            (
                "第一工作组干部，在家。试试用一句话申报外出招商。",
                "A cadre of work group 1, at home. Declare a trip in one line.",
            ),
            "明天去成都拜访京东方，后天返回",
            "/mytrips",
        ),
        _persona(
            "cadre_away",
            people[CADRE_AWAY[0]],
            ("干部（出差中）", "Cadre on a trip"),
            (
                "正在深圳招商，今天的日报还没报。试试 /report，分享位置，发照片。",
                "On a trip in Shenzhen; today's report is missing. Try /report, share a location, send a photo.",
            ),
            "/report",
            "/mytrips",
        ),
        _persona(
            "lead",
            people[LEAD[0]],
            ("项目负责人", "Project lead"),
            (
                f"负责{len(PERSONA_LEAD_SLOTS)}个项目，有节点临近和逾期。运行左侧“节点提醒”任务，再点“汇报进度”。",
                f"Leads {len(PERSONA_LEAD_SLOTS)} projects with milestones near or overdue. "
                "Run the milestone job, then press 汇报进度.",
            ),
            "/myprojects",
            "/progress",
        ),
        _persona(
            "leader",
            people[LEADER[0]],
            ("工作组组长", "Work-group leader"),
            (
                "第一工作组组长：本组进度、逾期节点、日报缺报。",
                "Leader of work group 1: the group's progress, overdue milestones, missing reports.",
            ),
            "/status",
            "/digest",
            "/overdue",
        ),
        _persona(
            "office",
            office,
            ("指挥部办公室", "Command office"),
            (
                "指挥部办公室成员：全市进度、督办、导出Excel、邀请新人。",
                "Command-office member: campaign status, supervision, Excel export, invites.",
            ),
            "/status",
            "/supervision",
            "/export",
            invite,
        ),
        Persona(
            key="office_group",
            name=OFFICE_CHAT_TITLE,
            role_zh=f"指挥部工作群（以{office.name}身份发言）",
            role_en=f"Office group (speaking as {office.name})",
            user_id=office.telegram_id,
            chat_id=OFFICE_CHAT_ID,
            hint_zh="已绑定的指挥部工作群：行程申报、缺报、逾期和每日简报都发到这里。群里机器人只收到命令和对它的回复。",
            hint_en="The bound office group: trip notices, missing reports, overdue items and the daily digest "
            "arrive here. In a group the bot only sees commands and replies to it.",
            examples=("/status", "/digest"),
            person_id=office.id,
            group_chat=True,
        ),
        _persona(
            "admin",
            people[ADMIN[0]],
            ("管理员", "Admin"),
            ("管理员：绑定工作群、邀请人员。", "Admin: binds office groups, invites people."),
            "/help",
            invite,
        ),
    ]


def unbound_personas(invitee: str) -> list[Persona]:
    return [
        _speaker(
            "invitee",
            invitee,
            INVITEE_USER_ID,
            ("新同事（待绑定）", "Newcomer (not bound yet)"),
            (
                "已登记但未绑定Telegram。发送邀请链接里的 /start 令牌即可绑定。",
                "Registered but not bound to Telegram yet. Send the /start token of an invite link to bind.",
            ),
            "/start",
        ),
        _speaker(
            "stranger",
            STRANGER_NAME,
            STRANGER_USER_ID,
            ("陌生人（未登记）", "Stranger (not registered)"),
            (
                "未登记的人：机器人礼貌拒绝，只告诉他自己的Telegram ID。",
                "Not registered: the bot refuses politely and shows only their Telegram id.",
            ),
            "/start",
            "/help",
            "你好",
        ),
    ]
