"""Demo data for the sandbox, shaped like the campaign in the seed speech (百团招商行动).

Six work groups share the 360亿 target (400亿 stretch); about 100 projects in the speech's four
categories — 24 continuing (续建, start construction), 21 new (新建, start construction), 22 still
bidding (招投标: bidding done, then start construction) and 33 in preliminary work (前期) — placed
in the four parks the speech names, with deadlines relative to "today" so that every product has
something to show on the first day: trips under way, reports present and missing, reminders due,
milestones overdue, coordination issues open, money signed and arrived.

This is composition-level seeding (rows built through the db/ repositories), not a use case. It is
deterministic: the same day gives the same data.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from db.database import Database
from db.enums import (
    ChatKind,
    IssueStatus,
    Language,
    LedgerKind,
    MilestoneKind,
    ProjectCategory,
    ProjectStage,
    Role,
    TripStatus,
)
from db.models import (
    BoundChat,
    CoordinationIssue,
    DailyReport,
    IssueEvent,
    LedgerEntry,
    Milestone,
    Person,
    ProgressUpdate,
    Project,
    StageChange,
    Trip,
    TripLeg,
    WorkGroup,
)
from db.tx import Tx

__all__ = [
    "CATEGORY_COUNTS",
    "INVITEE_USER_ID",
    "OFFICE_CHAT_ID",
    "PARKS",
    "STRANGER_USER_ID",
    "DemoPerson",
    "DemoWorld",
    "Persona",
    "load_demo",
]

SEED = 20140108  # the day the prefecture launched 百团招商 (seed speech)
YI = Decimal(10000)  # 1 亿元 = 10 000 万元

GROUP_NAMES = ("第一工作组", "第二工作组", "第三工作组", "第四工作组", "第五工作组", "第六工作组")
GROUP_TARGET_YI = 60  # 6 × 60亿 = 360亿 (确保)
GROUP_STRETCH_YI = (67, 67, 67, 67, 66, 66)  # = 400亿 (力争)
PARKS = ("清水河产业园区", "威舍产业园区", "马岭九头坡工业园区", "洒金教育园区")
CATEGORY_COUNTS = {
    ProjectCategory.CONTINUING: 24,
    ProjectCategory.NEW: 21,
    ProjectCategory.BIDDING: 22,
    ProjectCategory.PRELIMINARY: 33,
}

# which projects (in category order) the project-lead persona leads: two continuing (one resumed,
# one overdue), two new, one in bidding, two in preliminary work; the other leads share the rest
PERSONA_LEAD_SLOTS = frozenset({0, 1, 24, 25, 45, 67, 68})

OFFICE_CHAT_ID = -1001000007777
OFFICE_CHAT_TITLE = "百团招商指挥部办公室"
FIRST_TELEGRAM_ID = 7_000_001
STRANGER_USER_ID = 9_100_001
INVITEE_USER_ID = 9_100_002

UNITS = (
    "市卫生健康局",
    "市发展和改革局",
    "市工业和信息化局",
    "市商务局",
    "市投资促进局",
    "市住房和城乡建设局",
    "市交通运输局",
    "市自然资源局",
    "市教育局",
    "市文化广电旅游局",
    "市农业农村局",
)
LIAISONS = ("王副市长", "李副市长", "张常务副市长", "刘副书记", "陈副市长", "杨副市长")
NAME_POOL = (
    "张伟", "王芳", "刘强", "杨洋", "黄丽", "吴刚", "徐静", "孙涛", "胡军", "朱丹", "高峰", "林娜", "何平", "郭勇",
    "马超", "罗敏", "梁辉", "宋佳", "郑斌", "谢婷", "韩冰", "唐军", "冯雪", "于洋", "董浩", "萧红", "程亮", "曹颖",
    "袁杰", "邓超", "许琳", "傅强", "沈悦", "曾鹏", "彭飞", "吕佳", "苏强", "卢梅", "蒋涛", "蔡静",
)  # fmt: skip

# project names: a place, an undertaking of one of the speech's industries, a phase
PLACES = ("清水河", "威舍", "马岭", "洒金", "兴义", "万峰林", "顶效", "桔山", "丰都", "木贾")
PLACE_PARK = {"清水河": PARKS[0], "威舍": PARKS[1], "马岭": PARKS[2], "洒金": PARKS[3]}
UNDERTAKINGS: dict[str, tuple[str, ...]] = {
    "新能源": ("锂电池材料", "光伏组件", "储能电站", "氢能装备"),
    "新材料": ("铝精深加工", "新型建材", "碳化硅材料"),
    "大数据": ("数据中心", "智慧城市运营中心", "云计算产业园"),
    "现代物流": ("冷链物流园", "商贸物流中心", "铁路物流港"),
    "文化旅游": ("康养小镇", "旅游综合体", "精品民宿集群"),
    "医疗健康": ("中医药产业园", "医学检验中心", "康复医院"),
    "教育": ("职业技术学院", "实训基地", "国际学校"),
    "农特产品加工": ("薏仁米精深加工", "茶叶加工", "食用菌产业园"),
    "装备制造": ("智能装备产业园", "汽车零部件"),
    "商贸会展": ("会展中心", "城市综合体", "商贸城"),
}
INDUSTRY_UNIT = {
    "新能源": "市工业和信息化局",
    "新材料": "市工业和信息化局",
    "装备制造": "市工业和信息化局",
    "大数据": "市发展和改革局",
    "现代物流": "市商务局",
    "商贸会展": "市商务局",
    "文化旅游": "市文化广电旅游局",
    "医疗健康": "市卫生健康局",
    "教育": "市教育局",
    "农特产品加工": "市农业农村局",
}
PHASES = ("项目", "一期项目", "二期项目", "建设项目")
INVESTORS = (
    "深圳市鹏程新能源科技有限公司",
    "上海浦江实业集团有限公司",
    "成都蜀锦产业投资有限公司",
    "杭州钱塘数智科技有限公司",
    "广州南粤物流集团有限公司",
    "重庆两江装备制造有限公司",
    "贵州黔西南城投集团",
    "云南滇中康养投资有限公司",
)
PROGRESS_NOTES = (
    "土建施工中，完成基础浇筑",
    "主体结构封顶，开始设备采购",
    "施工图设计完成，正在办理施工许可",
    "场地平整完成，临时用电已接入",
    "设备安装调试中",
    "可研报告已报审，等待批复",
    "招标文件已挂网，预计两周内开标",
    "用地预审已通过，正在做环评",
)
ISSUE_TEXTS = (
    "用地报批手续滞后，需市自然资源局协调加快组卷上报",
    "施工用电接入方案未批复，需供电局协调",
    "征地拆迁尚有3户未签协议，需属地街道协调",
    "环评批复等待省厅审批，需协调加快",
    "项目贷款审批缓慢，需市金融办协调对接银行",
    "进场道路未完工，影响设备进场，需交通运输局协调",
    "施工许可证办理卡在消防审查，需住建局协调",
    "园区供水管网未接通，需水务局协调",
)


@dataclass(frozen=True)
class TripSketch:
    """A trip to seed. ``cadre`` None: the next cadre who is not a persona. Each leg is
    (city, province, first day, last day, whom to visit), days relative to today."""

    cadre: str | None
    legs: tuple[tuple[str, str, int, int, str], ...]
    reports: tuple[int, ...]  # days relative to today with a daily report
    status: TripStatus = TripStatus.PLANNED
    companions: int = 0
    purpose: str = "外出招商"
    summary: str | None = None
    leads: tuple[tuple[int, str, str], ...] = ()  # (report day, project, investor) found on the trip


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
        return {
            "key": self.key,
            "name": self.name,
            "role_zh": self.role_zh,
            "role_en": self.role_en,
            "user_id": self.user_id,
            "chat_id": self.chat_id,
            "hint_zh": self.hint_zh,
            "hint_en": self.hint_en,
            "examples": list(self.examples),
            "group_chat": self.group_chat,
        }


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


# the personas' people: name, roles, work group index (None: whole campaign)
CADRE = ("李明", frozenset({Role.CADRE}), 0)
CADRE_AWAY = ("王磊", frozenset({Role.CADRE}), 0)
LEAD = ("陈静", frozenset({Role.PROJECT_LEAD}), 0)
LEADER = ("赵国强", frozenset({Role.GROUP_LEADER, Role.CADRE}), 0)
OFFICE = ("周敏", frozenset({Role.OFFICE}), None)
ADMIN = ("孙伟", frozenset({Role.ADMIN, Role.OFFICE}), None)
INVITEE = ("刘洋", frozenset({Role.CADRE}), 1)
STRANGER_NAME = "路人甲"


def _trips() -> tuple[TripSketch, ...]:
    """Trips relative to today: six under way (covering today, some reports missing), two coming,
    two back with a summary (one of them the cadre persona's)."""
    return (
        TripSketch(
            CADRE_AWAY[0],
            (("深圳市", "广东省", -2, 2, "深圳市鹏程新能源科技有限公司、前海物流集团"),),
            reports=(-2, -1),
            purpose="新能源电池材料项目洽谈",
            leads=((-1, "鹏程新能源电池材料项目", "深圳市鹏程新能源科技有限公司"),),
        ),
        TripSketch(
            None, (("上海市", "上海市", -1, 3, "上海浦江实业集团有限公司"),), reports=(-1, 0), companions=1
        ),
        TripSketch(None, (("成都市", "四川省", 0, 2, "成都蜀锦产业投资有限公司"),), reports=()),
        TripSketch(
            None,
            (
                ("杭州市", "浙江省", -3, -1, "杭州钱塘数智科技有限公司"),
                ("宁波市", "浙江省", 0, 1, "宁波港物流集团"),
            ),
            reports=(-3, -2),
        ),
        TripSketch(
            None, (("广州市", "广东省", -4, 0, "广州南粤物流集团有限公司"),), reports=(-4, -3, -2, -1)
        ),
        TripSketch(None, (("北京市", "北京市", -1, 1, "中关村大数据产业联盟"),), reports=(-1,)),
        TripSketch(None, (("重庆市", "重庆市", 3, 5, "重庆两江装备制造有限公司"),), reports=()),
        TripSketch(None, (("昆明市", "云南省", 7, 9, "云南滇中康养投资有限公司"),), reports=()),
        TripSketch(
            CADRE[0],
            (("苏州市", "江苏省", -15, -12, "苏州工业园区招商局、两家精密制造企业"),),
            reports=(-15, -14, -13, -12),
            status=TripStatus.RETURNED,
            summary="走访企业4家，达成投资意向1个（精密制造，约3亿元），已录入线索。",
            leads=((-13, "苏州精密制造产业转移项目", "苏州工业园区精密制造企业"),),
        ),
        TripSketch(
            None,
            (("厦门市", "福建省", -10, -8, "厦门象屿物流"),),
            reports=(-10, -9),
            status=TripStatus.RETURNED,
            summary="对接冷链物流项目1个，对方下月来考察。",
        ),
    )


CITY_COORDINATES = {
    "深圳市": (22.5431, 114.0579),
    "上海市": (31.2304, 121.4737),
    "成都市": (30.5728, 104.0668),
    "杭州市": (30.2741, 120.1551),
    "宁波市": (29.8683, 121.5440),
    "广州市": (23.1291, 113.2644),
    "北京市": (39.9042, 116.4074),
    "苏州市": (31.2990, 120.5853),
    "厦门市": (24.4798, 118.0894),
}


class _Builder:
    def __init__(self, tx: Tx, now: dt.datetime) -> None:
        self.tx = tx
        self.now = now
        self.today = now.date()
        self.rng = random.Random(SEED)
        self.groups: list[WorkGroup] = []
        self.people: dict[str, Person] = {}
        self.leads: list[Person] = []
        self.cadres: list[Person] = []
        self.next_telegram_id = FIRST_TELEGRAM_ID
        self.next_phone = 13800000001
        self.counts: dict[str, int] = {}

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def moment(self, offset_days: int, hour: int = 10) -> dt.datetime:
        return dt.datetime.combine(self.day(offset_days), dt.time(hour), self.now.tzinfo)

    def this_year(self, offset: int) -> dt.date:
        """A day ``offset`` days ago, but not before 1 January (it must count for this year)."""
        return max(self.day(offset), dt.date(self.today.year, 1, 1))

    # ---------------------------------------------------------------- organisation

    async def organisation(self) -> None:
        for index, name in enumerate(GROUP_NAMES):
            group = WorkGroup(
                name=name,
                target_wan=GROUP_TARGET_YI * YI,
                stretch_target_wan=GROUP_STRETCH_YI[index] * YI,
                sort_order=index + 1,
            )
            self.groups.append(await self.tx.org.add_group(group))
        for park in PARKS:
            await self.tx.org.park_get_or_create(park)
        for unit in UNITS:
            await self.tx.org.unit_get_or_create(unit)

    async def person(
        self, name: str, roles: Iterable[Role], group_index: int | None, *, bound: bool = True
    ) -> Person:
        unit = await self.tx.org.unit_get_or_create(self.rng.choice(UNITS))
        telegram_id = None
        if bound:
            telegram_id = self.next_telegram_id
            self.next_telegram_id += 1
        person = await self.tx.people.add(
            Person(
                name=name,
                phone=str(self.next_phone),
                unit_id=unit.id,
                work_group_id=self.groups[group_index].id if group_index is not None else None,
                language=Language.ZH,
                telegram_id=telegram_id,
                bound_at=self.now if bound else None,
            )
        )
        self.next_phone += 1
        self.tx.people.set_roles(person, roles)
        self.people[name] = person
        if Role.PROJECT_LEAD in roles:
            self.leads.append(person)
        if Role.CADRE in roles:
            self.cadres.append(person)
        return person

    async def staff(self) -> None:
        """Personas first (stable ids), then per group a leader, three cadres and two project leads."""
        for name, roles, group_index in (CADRE, CADRE_AWAY, LEAD, LEADER, OFFICE, ADMIN):
            await self.person(name, roles, group_index)
        await self.person(INVITEE[0], INVITEE[1], INVITEE[2], bound=False)
        names = iter(NAME_POOL)
        for index, group in enumerate(self.groups):
            leader = self.people[LEADER[0]] if index == 0 else None
            if leader is None:
                leader = await self.person(next(names), {Role.GROUP_LEADER, Role.CADRE}, index)
            group.leader_id = leader.id
            cadres_needed = 1 if index == 0 else 3
            leads_needed = 1 if index == 0 else 2
            for _ in range(cadres_needed):
                await self.person(next(names), {Role.CADRE}, index)
            for _ in range(leads_needed):
                await self.person(next(names), {Role.PROJECT_LEAD}, index)
        await self.person(next(names), {Role.OFFICE}, None)
        await self.tx.flush()
        self.counts["people"] = len(self.people)

    # ---------------------------------------------------------------- projects

    def project_names(self, count: int) -> list[tuple[str, str, str | None]]:
        """(name, industry, park) for ``count`` distinct projects."""
        chosen: dict[str, tuple[str, str, str | None]] = {}
        industries = sorted(UNDERTAKINGS)
        while len(chosen) < count:
            industry = self.rng.choice(industries)
            place = self.rng.choice(PLACES)
            if industry == "教育" and self.rng.random() < 0.7:
                place = "洒金"
            name = f"{place}{self.rng.choice(UNDERTAKINGS[industry])}{self.rng.choice(PHASES)}"
            park = PLACE_PARK.get(place) or (self.rng.choice(PARKS) if self.rng.random() < 0.5 else None)
            chosen.setdefault(name, (name, industry, park))
        return list(chosen.values())

    def categories(self) -> list[ProjectCategory]:
        return [category for category, count in CATEGORY_COUNTS.items() for _ in range(count)]

    async def projects(self) -> None:
        categories = self.categories()
        names = self.project_names(len(categories))
        parks = {park.name: park.id for park in await self.tx.org.parks()}
        units = {unit.name: unit.id for unit in await self.tx.org.units()}
        persona_lead = self.people[LEAD[0]]
        others = [lead for lead in self.leads if lead is not persona_lead]
        for index, (category, (name, industry, park)) in enumerate(zip(categories, names, strict=True)):
            lead = persona_lead if index in PERSONA_LEAD_SLOTS else others[index % len(others)]
            project = await self.tx.projects.add(
                Project(
                    name=name,
                    category=category,
                    stage=ProjectStage.LEAD,
                    industry=industry,
                    investor=self.rng.choice(INVESTORS),
                    park_id=parks.get(park) if park else None,
                    plot=f"{park or '城区'}{self.rng.randint(1, 40)}号地块",
                    unit_id=units[INDUSTRY_UNIT[industry] if self.rng.random() < 0.8 else "市投资促进局"],
                    work_group_id=lead.work_group_id,
                    lead_id=lead.id,
                    liaison_name=self.rng.choice(LIAISONS),
                    planned_investment_wan=Decimal(self.rng.randint(5, 90)) * YI / 10,
                )
            )
            await self.milestones(project, index)
            await self.money_and_stage(project)
            await self.progress(project)
        self.counts.update({c.value: n for c, n in CATEGORY_COUNTS.items()})

    async def milestones(self, project: Project, index: int) -> None:
        """The speech's deadlines, moved next to today: continuing projects were due to resume five
        days ago (most did, some are overdue), new ones start in three days, bidding closes in a
        week and construction follows two weeks later, preliminary work ends within three months."""
        category = project.category
        if category == ProjectCategory.CONTINUING:
            overdue = index % 5 == 1  # five of 24 have not resumed
            done = None if overdue else self.day(-self.rng.randint(5, 12))
            await self.milestone(project, MilestoneKind.START_CONSTRUCTION, -5, done=done)
        elif category == ProjectCategory.NEW:
            early = self.rng.random() < 0.15
            await self.milestone(
                project, MilestoneKind.START_CONSTRUCTION, 3, done=self.day(-1) if early else None
            )
        elif category == ProjectCategory.BIDDING:
            await self.milestone(project, MilestoneKind.BIDDING_DONE, 7)
            await self.milestone(project, MilestoneKind.START_CONSTRUCTION, 21)
        else:
            await self.milestone(project, MilestoneKind.PRELIMINARY_DONE, self.rng.randint(20, 90))
            if self.rng.random() < 0.4:
                name = self.rng.choice(("环评批复", "用地手续", "可研批复"))
                await self.milestone(project, MilestoneKind.CUSTOM, self.rng.randint(-6, 30), name=name)

    async def milestone(
        self,
        project: Project,
        kind: MilestoneKind,
        offset: int,
        *,
        done: dt.date | None = None,
        name: str = "",
    ) -> None:
        due = self.day(offset)
        await self.tx.milestones.add(
            Milestone(
                project_id=project.id,
                kind=kind,
                name=name,
                due_date=due,
                done_on=done,
                done_by_id=project.lead_id if done else None,
            )
        )

    def stage_for(self, category: ProjectCategory) -> ProjectStage:
        roll = self.rng.random()
        if category == ProjectCategory.CONTINUING:
            return ProjectStage.STARTED if roll < 0.8 else ProjectStage.PRODUCING
        if category in (ProjectCategory.NEW, ProjectCategory.BIDDING):
            return ProjectStage.LANDED if roll < 0.5 else ProjectStage.SIGNED
        return ProjectStage.NEGOTIATING if roll < 0.6 else ProjectStage.SIGNED

    async def money_and_stage(self, project: Project) -> None:
        """Stage, and the ledger behind signed / landed investment and funds arrived.

        Continuing projects were signed last year (they add only funds this year); the others that
        reached signing did so this year, so they count toward the 360亿 target.
        """
        stage = self.stage_for(project.category)
        project.stage = stage
        planned = project.planned_investment_wan or Decimal(0)
        rank = list(ProjectStage).index(stage)
        if rank < list(ProjectStage).index(ProjectStage.SIGNED):
            self.tx.progress.add_stage_change(
                StageChange(
                    project_id=project.id,
                    from_stage=ProjectStage.LEAD,
                    to_stage=stage,
                    changed_on=self.day(-30),
                )
            )
            return
        last_year = project.category == ProjectCategory.CONTINUING
        signed_on = (
            dt.date(self.today.year - 1, 9, 15) if last_year else self.this_year(-self.rng.randint(20, 150))
        )
        project.first_signed_on = signed_on
        self.ledger(project, LedgerKind.SIGNED, planned, signed_on, "签订投资协议")
        self.tx.progress.add_stage_change(
            StageChange(
                project_id=project.id,
                from_stage=ProjectStage.NEGOTIATING,
                to_stage=stage,
                changed_on=signed_on,
            )
        )
        landed = Decimal(0)
        if rank >= list(ProjectStage).index(ProjectStage.LANDED):
            landed = (planned * Decimal(self.rng.randint(60, 100)) / 100).quantize(Decimal(1))
            self.ledger(project, LedgerKind.LANDED, landed, max(signed_on, self.this_year(-60)), "项目落地")
        funds = Decimal(0)
        if landed:
            for _ in range(self.rng.randint(1, 3)):
                part = (landed * Decimal(self.rng.randint(5, 20)) / 100).quantize(Decimal(1))
                self.ledger(
                    project, LedgerKind.FUNDS, part, self.this_year(-self.rng.randint(1, 45)), "资金到位"
                )
                funds += part
        project.signed_investment_wan = planned
        project.landed_investment_wan = landed
        project.funds_arrived_wan = funds

    def ledger(self, project: Project, kind: LedgerKind, amount: Decimal, on: dt.date, note: str) -> None:
        self.tx.progress.add_ledger(
            LedgerEntry(project_id=project.id, kind=kind, delta_wan=amount, effective_on=on, note=note)
        )

    async def progress(self, project: Project) -> None:
        """Most projects reported within the last week; about a third have gone quiet (stale)."""
        if self.rng.random() < 0.3:
            return
        percent = {
            ProjectStage.STARTED: self.rng.randint(20, 80),
            ProjectStage.PRODUCING: 100,
        }.get(project.stage, self.rng.randint(0, 15))
        for ago in sorted(self.rng.sample(range(1, 20), self.rng.randint(1, 3)), reverse=True):
            at = self.moment(-ago, hour=self.rng.randint(9, 18))
            await self.tx.progress.add(
                ProgressUpdate(
                    project_id=project.id,
                    author_id=project.lead_id,
                    created_at=at,
                    report_date=at.date(),
                    percent_done=percent,
                    text=self.rng.choice(PROGRESS_NOTES),
                    source="text",
                )
            )
            project.last_progress_at = at
        project.percent_done = percent

    # ---------------------------------------------------------------- trips and reports

    async def trips(self) -> None:
        travellers = iter(self.travellers())
        for sketch in _trips():
            cadre = self.people[sketch.cadre] if sketch.cadre else next(travellers)
            companions = [next(travellers) for _ in range(sketch.companions)]
            await self.trip(sketch, cadre, companions)
        self.counts["trips"] = len(_trips())

    def travellers(self) -> list[Person]:
        """Cadres who are not personas, taking turns across the work groups."""
        personas = {CADRE[0], CADRE_AWAY[0], LEADER[0], INVITEE[0]}
        by_group: dict[int | None, list[Person]] = {}
        for cadre in self.cadres:
            if cadre.name not in personas:
                by_group.setdefault(cadre.work_group_id, []).append(cadre)
        rounds = itertools.zip_longest(*by_group.values())
        return [cadre for turn in rounds for cadre in turn if cadre is not None]

    async def trip(self, sketch: TripSketch, cadre: Person, companions: list[Person]) -> None:
        legs = [
            TripLeg(
                city=city, province=province, start_date=self.day(a), end_date=self.day(b), targets=targets
            )
            for city, province, a, b, targets in sketch.legs
        ]
        start, end = legs[0].start_date, legs[-1].end_date
        trip = await self.tx.trips.add(
            Trip(
                cadre_id=cadre.id,
                status=sketch.status,
                purpose=sketch.purpose,
                start_date=start,
                end_date=end,
                summary=sketch.summary,
                confirmed_at=self.moment((start - self.today).days - 2),
                returned_at=self.moment((end - self.today).days + 1) if sketch.summary else None,
            )
        )
        self.tx.trips.set_legs(trip, legs)
        self.tx.trips.set_companions(trip, [c.id for c in companions])
        await self.tx.flush()
        for offset in sketch.reports:
            await self.report(trip, cadre, sketch, offset)

    async def report(self, trip: Trip, cadre: Person, sketch: TripSketch, offset: int) -> None:
        day = self.day(offset)
        city, _province, _a, _b, targets = next(
            leg for leg in sketch.legs if self.day(leg[2]) <= day <= self.day(leg[3])
        )
        latitude, longitude = CITY_COORDINATES.get(city, (None, None))
        report = await self.tx.reports.add(
            DailyReport(
                trip_id=trip.id,
                author_id=cadre.id,
                report_date=day,
                city=city,
                location_text=city,
                latitude=latitude,
                longitude=longitude,
                visits=f"拜访{targets.split('、')[0]}，座谈交流",
                outcome=self.rng.choice(
                    ("对方有投资意向，约定下周来兴义考察", "交换了项目资料，待进一步对接", "初步达成合作意向")
                ),
                created_at=self.moment(offset, hour=21),
            )
        )
        for lead_day, name, investor in sketch.leads:
            if lead_day == offset:
                await self.lead_found(trip, report, cadre, name, investor)

    async def lead_found(
        self, trip: Trip, report: DailyReport, cadre: Person, name: str, investor: str
    ) -> None:
        """A lead (招商线索) written down in a daily report: a project of category LEAD."""
        project = Project(
            name=name,
            category=ProjectCategory.LEAD,
            stage=ProjectStage.LEAD,
            investor=investor,
            work_group_id=cadre.work_group_id,
            found_trip_id=trip.id,
            found_by_id=cadre.id,
            found_report_id=report.id,
            created_at=report.created_at,
        )
        await self.tx.reports.add_lead_project(project, on=report.report_date, by_id=cadre.id)
        self.counts[ProjectCategory.LEAD.value] = self.counts.get(ProjectCategory.LEAD.value, 0) + 1

    # ---------------------------------------------------------------- coordination issues

    async def issues(self) -> None:
        projects = list(await self.tx.projects.all())
        persona_lead = self.people[LEAD[0]]
        mine = [p for p in projects if p.lead_id == persona_lead.id]
        plan = (  # status, age in days, project
            (IssueStatus.OPEN, 1, mine[0]),
            (IssueStatus.OPEN, 4, projects[30]),
            (IssueStatus.OPEN, 9, projects[50]),
            (IssueStatus.OPEN, 12, projects[80]),
            (IssueStatus.ASSIGNED, 5, projects[12]),
            (IssueStatus.ASSIGNED, 8, projects[60]),
            (IssueStatus.ANSWERED, 6, mine[1]),
            (IssueStatus.CLOSED, 15, projects[40]),
        )
        office = self.people[OFFICE[0]]
        for (status, age, project), text in zip(plan, ISSUE_TEXTS, strict=True):
            await self.issue(project, status, age, text, office)
        self.counts["issues"] = len(plan)

    async def issue(self, project: Project, status: IssueStatus, age: int, text: str, office: Person) -> None:
        raised = self.moment(-age, hour=11)
        unit = await self.tx.org.unit_get_or_create(self.rng.choice(UNITS))
        issue = await self.tx.issues.add(
            CoordinationIssue(
                number=await self.tx.issues.next_number(),
                project_id=project.id,
                raised_by_id=project.lead_id,
                description=text,
                status=status,
                assigned_unit_id=unit.id if status != IssueStatus.OPEN else None,
                created_at=raised,
            )
        )
        self.tx.issues.add_event(
            IssueEvent(issue_id=issue.id, action="raised", actor_id=project.lead_id, text=text, at=raised)
        )
        if status == IssueStatus.OPEN:
            return
        assigned = raised + dt.timedelta(days=1)
        self.tx.issues.add_event(
            IssueEvent(issue_id=issue.id, action="assigned", actor_id=office.id, text=unit.name, at=assigned)
        )
        if status in (IssueStatus.ANSWERED, IssueStatus.CLOSED):
            issue.answer = "已召开专题协调会，明确办理时限，本周内办结。"
            issue.answered_at = assigned + dt.timedelta(days=2)
            self.tx.issues.add_event(
                IssueEvent(issue_id=issue.id, action="answered", text=issue.answer, at=issue.answered_at)
            )
        if status == IssueStatus.CLOSED:
            issue.closed_at = assigned + dt.timedelta(days=4)
            issue.closed_by_id = office.id
            self.tx.issues.add_event(
                IssueEvent(issue_id=issue.id, action="closed", actor_id=office.id, at=issue.closed_at)
            )

    # ---------------------------------------------------------------- the office group

    async def office_chat(self) -> None:
        await self.tx.chats.add(
            BoundChat(
                chat_id=OFFICE_CHAT_ID,
                kind=ChatKind.OFFICE,
                title=OFFICE_CHAT_TITLE,
                language=Language.ZH,
                bound_by_id=self.people[ADMIN[0]].id,
                bound_at=self.now,
            )
        )


def _persona(
    key: str, person: Person, labels: tuple[str, str], hints: tuple[str, str], *examples: str
) -> Persona:
    assert person.telegram_id is not None
    return Persona(
        key=key,
        name=person.name,
        role_zh=labels[0],
        role_en=labels[1],
        user_id=person.telegram_id,
        chat_id=person.telegram_id,
        hint_zh=hints[0],
        hint_en=hints[1],
        examples=examples,
        person_id=person.id,
    )


def _personas(people: dict[str, Person]) -> list[Persona]:
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


def _unbound_personas(invitee: str) -> list[Persona]:
    return [
        Persona(
            key="invitee",
            name=invitee,
            role_zh="新同事（待绑定）",
            role_en="Newcomer (not bound yet)",
            user_id=INVITEE_USER_ID,
            chat_id=INVITEE_USER_ID,
            hint_zh="已登记但未绑定Telegram。发送邀请链接里的 /start 令牌即可绑定。",
            hint_en="Registered but not bound to Telegram yet. Send the /start token of an invite link to bind.",
            examples=("/start",),
        ),
        Persona(
            key="stranger",
            name=STRANGER_NAME,
            role_zh="陌生人（未登记）",
            role_en="Stranger (not registered)",
            user_id=STRANGER_USER_ID,
            chat_id=STRANGER_USER_ID,
            hint_zh="未登记的人：机器人礼貌拒绝，只告诉他自己的Telegram ID。",
            hint_en="Not registered: the bot refuses politely and shows only their Telegram id.",
            examples=("/start", "/help", "你好"),
        ),
    ]


async def load_demo(db: Database, now: dt.datetime) -> DemoWorld:
    """Seed the demo campaign into an empty database, as of ``now`` (aware, campaign timezone)."""
    async with db.transaction() as tx:
        builder = _Builder(tx, now)
        await builder.organisation()
        await builder.staff()
        await builder.projects()
        await builder.trips()
        await builder.issues()
        await builder.office_chat()
        await tx.flush()
        people = [
            DemoPerson(p.id, p.name, p.telegram_id, p.role_set)
            for p in builder.people.values()
            if p.telegram_id is not None
        ]
        invitee_row = builder.people[INVITEE[0]]
        invitee = DemoPerson(invitee_row.id, invitee_row.name, None, invitee_row.role_set)
        personas = _personas(builder.people)
        counts = dict(builder.counts)
    personas += _unbound_personas(invitee.name)
    return DemoWorld(today=now.date(), people=people, personas=personas, invitee=invitee, counts=counts)
