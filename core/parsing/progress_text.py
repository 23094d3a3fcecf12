"""A project lead's progress sentence → percent, funds arrived, stage, milestone, problems.

``已于4月18日开工，完成投资60%，累计到位资金5000万元。需协调：用地指标未落实；施工用电未接入``

* percent: ``60%`` / ``百分之六十`` / ``六成`` / ``过半`` (= 50, the least it says); a ratio that is
  not progress (到位率, 增长, 同比, 占比 …) is skipped.
* funds arrived: the amount nearest to 到位 in the same clause (``到位2000万``, ``到位资金3.5亿``,
  ``2000万元已到位``); 总投资 amounts are not funds arrived.
* stage: the most advanced stage stated as fact; planned or negated ones (计划/拟/预计/争取/尚未/未…)
  do not count.
* milestone: done when stated with 已/已经/均已/了/完毕 (``已于4月18日开工``, ``招投标已完成``); its
  date is the date in that clause, read as past (``prefer_future=False``).
* problems: what follows 需协调/需要协调/问题/困难 …, split at ; 。 and numbering.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from core.parsing.chinese_text import CLAUSE, normalize_text, small_int
from core.parsing.date_finding import find_dates
from core.parsing.date_spans import DateMention
from core.parsing.money import find_amounts
from db.enums import STAGE_ORDER, ProjectStage

Stage = ProjectStage  # lead / negotiating / signed / landed / started / producing (a StrEnum)


@dataclass(frozen=True)
class ProgressParse:
    percent: int | None = None
    funds_arrived_wan: Decimal | None = None
    stage: Stage | None = None
    milestone_done: bool = False
    milestone_date: dt.date | None = None
    milestone_text: str | None = None  # the verb phrase that was done: 开工, 招投标已完成
    problems: tuple[str, ...] = ()
    remaining: str = ""  # what is left once the recognised parts are taken out

    @property
    def empty(self) -> bool:
        return (
            self.percent is None
            and self.funds_arrived_wan is None
            and self.stage is None
            and not self.milestone_done
            and not self.problems
        )


# ---------------------------------------------------------------------------------------------
# vocabulary
# ---------------------------------------------------------------------------------------------

_PERCENT = re.compile(
    r"(?P<num>\d{1,3}(?:\.\d+)?)\s*%|百分之(?P<cn>[零一二两三四五六七八九十百]+)|(?P<tenth>[一二两三四五六七八九十]|\d)成(?![本交员果立功])"
    r"|(?P<half>过半|一半)"
)
_NOT_PROGRESS_BEFORE = re.compile(
    r"(?:率|增长|增幅|同比|环比|占比|比例|比重|下降|提高|降低|增加)\s*(?:达到?|为|是)?\s*$"
)

_FUNDS_WORD = re.compile(r"到位|到账|拨付到位")
_NOT_FUNDS = re.compile(r"总投资|计划投资|拟投资|协议投资|签约金额|投资额")

_STAGE_WORDS: tuple[tuple[Stage, str], ...] = (
    (ProjectStage.PRODUCING, r"投产|试产|试生产|投入生产|投入运营|达产|正式运营"),
    (ProjectStage.STARTED, r"开工|动工|开建|施工中|在建|进场施工|破土"),
    (ProjectStage.LANDED, r"落地|落户|入驻|注册成立|完成注册"),
    (ProjectStage.SIGNED, r"签约|签订|签署|签了"),
    (ProjectStage.NEGOTIATING, r"洽谈|商谈|谈判|磋商|对接中|接洽"),
    (ProjectStage.LEAD, r"线索|初步接触|有意向|意向"),
)
_NEGATION_OR_PLAN = re.compile(
    r"(?:计划|拟|预计|准备|争取|力争|将|将于|要|需|需要|尚未|还未|未|没|没有|暂未|不|待|确保|有望|即将)[^,;。，；]{0,12}$"
)
_STAGE_AFFIRM = re.compile(r"^(?:已|已经|均已|全部|正式)")

_DONE_VERBS = (
    r"开工|动工|签约|签订|签署|落地|投产|竣工|完工|完成|办结|取得|获批|到位|通过|启动|进场|交付|注册"
)
_DONE_BEFORE = re.compile(
    rf"(?:已经|已|均已|全部已|业已)(?:于[^,;。，；]{{0,16}}?)?(?P<verb>{_DONE_VERBS})(?P<obj>[^,;。，；]*)"
)
_DONE_AFTER = re.compile(rf"(?P<verb>{_DONE_VERBS})(?:了|完毕)")

_PROBLEM_HEAD = re.compile(
    r"(?:需要?协调(?:解决)?(?:的)?(?:问题|事项)?|需(?:要)?解决(?:的)?(?:问题|困难)|请求协调|"
    r"存在(?:的)?(?:主要)?(?:问题|困难)|遇到(?:的)?(?:问题|困难)|困难和问题|问题和困难|问题|困难)"
    r"(?:有|是|为|如下)?\s*[:：]?\s*"
)
_NO_PROBLEM = re.compile(r"^(?:无|没有|暂无|尚无|没)[。.;；,，]?$|^(?:无|暂无|没有)(?:问题|困难)")
_PROBLEM_SPLIT = re.compile(
    r"\s*(?:[;；。\n]|(?:^|\s)(?:\d+|[一二三四五六七八九十]+)[、.)）]|[（(]\d+[)）])\s*"
)


# ---------------------------------------------------------------------------------------------
# pieces
# ---------------------------------------------------------------------------------------------

_CLAUSE_MARKS = ",;。，；"


def _clause_start(text: str, index: int) -> int:
    """Where the clause holding ``text[index]`` starts (after the previous , ; 。)."""
    return max(text.rfind(ch, 0, index) for ch in _CLAUSE_MARKS) + 1


def _clause_end(text: str, index: int) -> int:
    """Where the clause holding ``text[index]`` ends (at the next , ; 。 or the end of the text)."""
    ends = [i for ch in _CLAUSE_MARKS if (i := text.find(ch, index)) != -1]
    return min(ends) if ends else len(text)


def _percent(text: str) -> tuple[int | None, tuple[int, int] | None]:
    for match in _PERCENT.finditer(text):
        if _NOT_PROGRESS_BEFORE.search(text[max(0, match.start() - 8) : match.start()]):
            continue
        if _FUNDS_WORD.search(text[max(0, match.start() - 6) : match.start()]):
            continue  # 资金到位80% is a funds ratio
        value: Decimal | None
        if match["num"]:
            value = Decimal(match["num"])
        elif match["cn"]:
            number = small_int(match["cn"]) if match["cn"] != "百" else 100
            value = Decimal(number) if number is not None else None
        elif match["tenth"]:
            tenth = small_int(match["tenth"])
            value = Decimal(tenth * 10) if tenth is not None else None
        else:
            value = Decimal(50)
        if value is None or not 0 <= value <= 100:
            continue
        return int(value.to_integral_value()), (match.start(), match.end())
    return None, None


def _funds(text: str) -> tuple[Decimal | None, tuple[int, int] | None]:
    best: tuple[int, Decimal, tuple[int, int]] | None = None
    for clause in CLAUSE.finditer(text):
        words = list(_FUNDS_WORD.finditer(clause.group()))
        if not words:
            continue
        for amount in find_amounts(clause.group()):
            if amount.currency != "CNY":
                continue
            if _NOT_FUNDS.search(clause.group()[max(0, amount.start - 6) : amount.start]):
                continue
            distance = min(
                abs(amount.start - w.end()) if amount.start >= w.end() else abs(w.start() - amount.end)
                for w in words
            )
            if distance > 10:
                continue
            span = (clause.start() + amount.start, clause.start() + amount.end)
            if best is None or distance < best[0]:
                best = (distance, amount.wan, span)
    return (best[1], best[2]) if best else (None, None)


def _stage(text: str) -> Stage | None:
    found: list[Stage] = []
    for stage, words in _STAGE_WORDS:
        for match in re.finditer(words, text):
            before = text[_clause_start(text, match.start()) : match.start()]
            if _NEGATION_OR_PLAN.search(before) and not _STAGE_AFFIRM.search(before.strip()):
                continue
            if re.match(r"(?:前|之前|以前|后)", text[match.end() :]) and not re.search(r"已", before):
                continue
            found.append(stage)
            break
    return max(found, key=STAGE_ORDER.index) if found else None


@dataclass(frozen=True)
class _Milestone:
    text: str
    date: dt.date | None
    span: tuple[int, int]


def _milestone(text: str, dates: tuple[DateMention, ...]) -> _Milestone | None:
    for pattern in (_DONE_BEFORE, _DONE_AFTER):
        for match in pattern.finditer(text):
            obj = match.groupdict().get("obj") or ""
            if match["verb"] == "完成" and re.match(
                r"\s*(?:投资)?\s*(?:\d|百分之|[一二三四五六七八九]成)", obj
            ):
                continue  # 已完成60% is progress, not a milestone
            if match["verb"] == "到位":
                continue  # funds, handled separately
            clause_start = _clause_start(text, match.start())
            clause_end = _clause_end(text, match.end())
            date = next((m.span.end for m in dates if clause_start <= m.start < clause_end), None)
            subject = text[clause_start : match.start()].strip()
            subject = re.sub(r"^(?:项目|该项目|本项目)", "", subject)
            phrase = (match["verb"] + obj.strip()) if obj.strip() else match["verb"]
            label = f"{subject}{phrase}" if pattern is _DONE_AFTER or not obj.strip() else phrase
            label = re.sub(r"(?:已经|已|均已|业已)(?:于)?", "", label)
            for mention in dates:
                label = label.replace(mention.text, "")
            return _Milestone(label.strip() or match["verb"], date, (clause_start, clause_end))
    return None


def _problems(text: str) -> tuple[tuple[str, ...], int | None]:
    match = _PROBLEM_HEAD.search(text)
    if match is None:
        return (), None
    negation = re.search(r"(?:无|没有|暂无|尚无|未发现)$", text[: match.start()])
    if negation is not None:
        return (), negation.start()  # 无问题 / 暂无困难
    body = text[match.end() :].strip()
    if not body or _NO_PROBLEM.match(body):
        return (), match.start()
    parts = [p.strip(" ,，、") for p in _PROBLEM_SPLIT.split(body)]
    return tuple(p for p in parts if p), match.start()


_LEFTOVER = (
    r"(?:累计|已经|已|资金|到位|完成|进度|工程|形象|共计|共|约|达到|达|为|投资|工程量|目前|现已|项目)*"
)


def _remaining(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for index in range(start, min(end, len(chars))):
            chars[index] = "\0"
    kept = "".join(chars)
    clauses = [c.replace("\0", "").strip() for c in re.split(r"[,;。，；\n]", kept)]
    useful = [c for c in clauses if c and not re.fullmatch(_LEFTOVER, c)]
    return "，".join(useful)


def parse_progress(text: str, today: dt.date) -> ProgressParse:
    """Read a free-text progress report; every field is optional (dates read as past)."""
    text = normalize_text(text).strip()
    problems, problem_start = _problems(text)
    head = text[:problem_start] if problem_start is not None else text
    dates = find_dates(head, today, prefer_future=False)
    percent, percent_span = _percent(head)
    funds, funds_span = _funds(head)
    milestone = _milestone(head, dates)
    spans = [s for s in (percent_span, funds_span) if s is not None]
    if milestone is not None:
        spans.append(milestone.span)
    return ProgressParse(
        percent=percent,
        funds_arrived_wan=funds,
        stage=_stage(head),
        milestone_done=milestone is not None,
        milestone_date=milestone.date if milestone else None,
        milestone_text=milestone.text if milestone else None,
        problems=problems,
        remaining=_remaining(head, spans),
    )
