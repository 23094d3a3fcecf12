"""The demo campaign as data: work groups, parks, units, names, texts, the personas' people, trips.

Shaped like the campaign in the seed speech (百团招商行动): six work groups share the 360亿 target
(400亿 stretch); about 100 projects in the speech's four categories placed in the four parks it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from db.enums import ProjectCategory, Role, TripStatus

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


# the personas' people: name, roles, work group index (None: whole campaign)
CADRE = ("李明", frozenset({Role.CADRE}), 0)
CADRE_AWAY = ("王磊", frozenset({Role.CADRE}), 0)
LEAD = ("陈静", frozenset({Role.PROJECT_LEAD}), 0)
LEADER = ("赵国强", frozenset({Role.GROUP_LEADER, Role.CADRE}), 0)
OFFICE = ("周敏", frozenset({Role.OFFICE}), None)
ADMIN = ("孙伟", frozenset({Role.ADMIN, Role.OFFICE}), None)
INVITEE = ("刘洋", frozenset({Role.CADRE}), 1)
STRANGER_NAME = "路人甲"


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


def trip_sketches() -> tuple[TripSketch, ...]:
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
