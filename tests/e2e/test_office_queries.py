"""Queries in chat, scoped by role: office all, group leader own group, cadres and project leads refused."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.runner import Running
from db.database import Database
from db.enums import AttachmentKind, ChatKind, IssueStatus, MilestoneKind, ProjectStage
from db.models import Attachment, BoundChat
from tests.support.office import (
    County,
    add_issue,
    add_milestone,
    add_project,
    at,
    county_with_users,
)
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator, make_png

PEOPLE = ("王主任", "孙组长", "张三", "钱七")
REFUSED = "您没有使用该功能的权限。"


@pytest.fixture
async def county(db: Database, emulator: BotApiEmulator) -> tuple[County, dict[str, object]]:
    return await county_with_users(db, emulator, *PEOPLE)


@pytest.mark.parametrize(
    "command",
    [
        "/status",
        "/overdue",
        "/supervision",
        "/person 张三",
        "/project 电池",
        "/digest",
        "/export",
        "/ranking",
        "/broadcast",
    ],
)
@pytest.mark.parametrize("who", ["张三", "钱七"])
async def test_cadres_and_project_leads_are_refused(
    zsbot: Running, tg: TelegramTester, county: tuple[County, dict[str, object]], command: str, who: str
) -> None:
    _, users = county
    reply = await tg.say(users[who], command)  # type: ignore[arg-type]
    if command.startswith("/project"):  # filtered at the handler: the fallback answers, never with the card
        assert "新能源电池项目" not in reply.text and "签约" not in reply.text
    else:
        assert reply.text == REFUSED


async def test_status_shows_the_scoreboard_with_its_chart(
    zsbot: Running, tg: TelegramTester, county: tuple[County, dict[str, object]]
) -> None:
    _, users = county
    office = await tg.say(users["王主任"], "/status")  # type: ignore[arg-type]
    assert office.photo is not None and office.photo.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert office.text.startswith("📊 目标完成情况（截至11月25日，时间进度 90.1%）\n第一工作组：签约 27亿元")
    assert "第二工作组：签约 30亿元" in office.text and "合计：签约 57亿元" in office.text

    leader = await tg.say(users["孙组长"], "/status")  # type: ignore[arg-type]
    assert "第一工作组：签约 27亿元" in leader.text
    assert "第二工作组" not in leader.text and "合计" not in leader.text


async def test_overdue_and_supervision_lists_are_scoped(
    zsbot: Running, tg: TelegramTester, county: tuple[County, dict[str, object]]
) -> None:
    _, users = county
    office = await tg.say(users["王主任"], "/overdue")  # type: ignore[arg-type]
    assert office.text.splitlines() == [
        "逾期未完成节点（3个）",
        "县商务局（1个）",
        "· 新能源电池项目「设备进场」逾期 24 天（应于11月1日完成）",
        "县发改局（2个）",
        "· 智能制造产业园「完成招投标」逾期 12 天（应于11月13日完成）",
        "· 冷链物流中心「环评批复」逾期 5 天（应于11月20日完成）",
    ]
    leader = await tg.say(users["孙组长"], "/overdue")  # type: ignore[arg-type]
    assert "冷链物流中心" not in leader.text and leader.text.startswith("逾期未完成节点（2个）")

    issues = await tg.say(users["王主任"], "/supervision")  # type: ignore[arg-type]
    lines = issues.text.splitlines()
    assert lines[0] == "督办事项（2 件）" and lines[-1].startswith("图例：")
    assert lines[1] == "县供电公司（1 件）" and lines[2].startswith("🔴 督办〔2026〕1号 冷链物流中心")
    leader_issues = await tg.say(users["孙组长"], "/supervision")  # type: ignore[arg-type]
    assert "冷链物流中心" not in leader_issues.text and "督办〔2026〕2号" in leader_issues.text


async def test_project_search_card_and_photos(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    db: Database,
    county: tuple[County, dict[str, object]],
) -> None:
    c, users = county
    photo = emulator.send_photo(users["钱七"], make_png(40, 30))  # type: ignore[arg-type]
    assert photo.photo is not None
    async with db.transaction() as tx:
        tx.session.add(
            Attachment(
                kind=AttachmentKind.PHOTO,
                file_id=photo.photo.file_id,
                project_id=c.projects["冷链物流中心"].id,
            )
        )

    card = await tg.say(users["王主任"], "/project 冷链")  # type: ignore[arg-type]
    lines = card.text.splitlines()
    assert lines[0] == "冷链物流中心 🔴"
    assert "类别：新建 · 阶段：落地 · 状态：逾期" in lines
    assert "工作组：第二工作组 · 责任单位：县发改局" in lines
    assert "计划投资 未填；签约 30亿元；落地 10亿元；到位资金 5亿元" in lines
    assert "· ✅ 签约 7月15日（7月15日完成）" in lines and "· 🔴 环评批复 11月20日（逾期 5 天）" in lines
    assert (
        "最近进展（11月24日，钱七）：主体结构施工中" in lines
        and "存在问题：督办〔2026〕1号 用电指标不足，需协调供电公司" in lines
    )
    assert "待协调问题 1 个（/supervision 查看）" in lines
    sent_photo = await tg.next_answer(card)
    assert sent_photo.photo is not None and sent_photo.photo.file_id == photo.photo.file_id

    choices = await tg.say(users["王主任"], "/project 项目")  # type: ignore[arg-type]
    assert choices.text == "找到多个结果，请选择："
    assert "生物医药项目（第一工作组）" in choices.button_texts
    opened = await tg.press(users["王主任"], choices, "新能源电池项目")  # type: ignore[arg-type]
    assert opened.message is not None and opened.message.text.startswith("新能源电池项目 🔴")

    missing = await tg.say(users["王主任"], "/project 不存在的项目")  # type: ignore[arg-type]
    assert missing.text == "未找到名称包含“不存在的项目”的项目。"
    usage = await tg.say(users["王主任"], "/project")  # type: ignore[arg-type]
    assert usage.text == "用法：/project 项目名称关键词"


async def test_a_group_leader_sees_only_own_group_and_stale_buttons_of_other_groups_fail(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    db: Database,
    county: tuple[County, dict[str, object]],
) -> None:
    _, users = county
    hidden = await tg.say(users["孙组长"], "/project 冷链")  # type: ignore[arg-type]
    assert hidden.text == "未找到名称包含“冷链”的项目。"
    assert (await tg.say(users["孙组长"], "/person 赵六")).text == "未找到人员“赵六”。"  # type: ignore[arg-type]

    # in the office group, the leader presses the office's button for another group's project
    group = emulator.add_group("联席会议群")
    async with db.transaction() as tx:
        await tx.chats.add(BoundChat(chat_id=group.id, kind=ChatKind.OFFICE, title="联席会议群"))
    choices = await tg.say(users["王主任"], "/project 中心", chat=group)  # type: ignore[arg-type]
    pressed = await tg.press(users["孙组长"], choices, "冷链物流中心")  # type: ignore[arg-type]
    assert pressed.answer is not None and pressed.answer.text == "您无权查看或修改这条记录。"
    assert pressed.answer.show_alert


async def test_person_card(
    zsbot: Running, tg: TelegramTester, county: tuple[County, dict[str, object]]
) -> None:
    _, users = county
    card = await tg.say(users["王主任"], "/person 张三")  # type: ignore[arg-type]
    assert card.text.splitlines() == [
        "张三（县商务局）",
        "工作组：第一工作组 · 角色：招商干部",
        "手机：未填 · 账号：已绑定",
        "今日：在外招商，深圳市，至11月27日",
        "最近日报：11月24日 · 近30日日报 2 份",
    ]
    leader = await tg.say(users["孙组长"], "/person 李四")  # type: ignore[arg-type]
    assert leader.text.splitlines()[0] == "李四（县商务局）"
    assert "账号：未绑定" in leader.text and "近30日日报 1 份" in leader.text


async def test_status_by_unit_and_industry_and_a_bad_dimension(
    zsbot: Running, tg: TelegramTester, county: tuple[County, dict[str, object]]
) -> None:
    _, users = county
    units = await tg.say(users["王主任"], "/status 单位")  # type: ignore[arg-type]
    assert units.photo is None and units.text.startswith(
        "📊 分单位目标完成情况（截至11月25日，时间进度 90.1%）"
    )
    assert "县商务局：签约" in units.text
    parks = await tg.say(users["王主任"], "/status 园区")  # type: ignore[arg-type]
    assert parks.text.startswith("📊 分园区目标完成情况") and "未明确园区：签约 57亿元" in parks.text
    leader = await tg.say(users["孙组长"], "/status 园区")  # type: ignore[arg-type]
    assert "未明确园区：签约 27亿元" in leader.text  # the leader's own group only
    assert "无法识别" in (await tg.say(users["王主任"], "/status 星球")).text  # type: ignore[arg-type]


async def test_stalled_projects_name_the_lead_and_unit_and_are_scoped(
    zsbot: Running, tg: TelegramTester, county: tuple[County, dict[str, object]]
) -> None:
    _, users = county
    office = await tg.say(users["王主任"], "/stalled")  # type: ignore[arg-type]
    assert office.text.startswith("长期无进展项目（1个")
    assert "智能制造产业园 — 负责人 钱七，县发改局" in office.text
    assert (await tg.say(users["张三"], "/stalled")).text == REFUSED  # type: ignore[arg-type]


async def test_project_card_state_is_the_projects_own_and_only_open_issues_are_problems(
    zsbot: Running, tg: TelegramTester, db: Database, county: tuple[County, dict[str, object]]
) -> None:
    c, users = county
    d = dt.date
    half = await add_project(
        db,
        "光伏组件项目",
        group=c.group1,
        unit="县商务局",
        stage=ProjectStage.STARTED,
        percent_done=60,
        last_progress_at=at(d(2026, 11, 24)),
    )
    await add_milestone(db, half, d(2026, 9, 1), kind=MilestoneKind.SIGNING, done_on=d(2026, 9, 1))
    await add_issue(db, 7, "土地调规已办结", at(d(2026, 10, 5)), project=half, status=IssueStatus.CLOSED)
    await add_issue(db, 8, "施工用水未接入", at(d(2026, 11, 20)), project=half, unit="县水务局")
    card = await tg.say(users["王主任"], "/project 光伏组件")  # type: ignore[arg-type]
    lines = card.text.splitlines()
    assert lines[0] == "光伏组件项目 🟢"
    assert "类别：新建 · 阶段：开工 · 状态：正常" in lines, lines
    assert "完成进度 60%" in lines
    assert "存在问题：督办〔2026〕8号 施工用水未接入" in lines
    assert "土地调规已办结" not in card.text and "督办〔2026〕7号" not in card.text
    assert "待协调问题 1 个（/supervision 查看）" in lines

    done = await add_project(
        db,
        "农产品加工项目",
        group=c.group1,
        unit="县商务局",
        stage=ProjectStage.PRODUCING,
        percent_done=100,
        last_progress_at=at(d(2026, 11, 24)),
    )
    await add_milestone(
        db, done, d(2026, 8, 1), kind=MilestoneKind.START_CONSTRUCTION, done_on=d(2026, 7, 30)
    )
    await add_milestone(db, done, d(2026, 11, 1), kind=MilestoneKind.PRODUCTION, done_on=d(2026, 10, 28))
    await add_issue(db, 9, "验收资料已补齐", at(d(2026, 10, 1)), project=done, status=IssueStatus.CLOSED)
    finished = await tg.say(users["王主任"], "/project 农产品加工")  # type: ignore[arg-type]
    lines = finished.text.splitlines()
    assert lines[0] == "农产品加工项目 🟢"
    assert "类别：新建 · 阶段：投产 · 状态：已完成" in lines, lines
    assert not any(line.startswith("存在问题") or line.startswith("待协调问题") for line in lines)
