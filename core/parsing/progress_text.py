"""A project lead's progress sentence → percent, funds arrived, stage, milestone, problems.

``已于4月18日开工，完成投资60%，累计到位资金5000万元。需协调：用地指标未落实；施工用电未接入``

* percent: only an explicit ``60%`` / ``百分之六十`` (or ``进度60``); a ratio that is not progress
  (到位率, 增长, 同比, 占比 …) is skipped. ``六成`` / ``过半`` / ``一半`` are not numbers: a question.
* funds arrived: the amount nearest to 到位 in the same clause (``到位2000万``, ``到位资金3.5亿``,
  ``2000万元已到位``); 总投资 amounts are not funds arrived.
* investment completed (累计完成投资): the amount after 完成投资 / 完成固定资产投资 in its clause.
* questions: what must be asked, never stored as a guess: a foreign currency (``500万美元``), a
  negative amount, a percentage over 100, a vague share (``过半``), as ``(code, text)`` pairs.
* stage: the most advanced stage stated as fact; planned or negated ones (计划/拟/预计/争取/尚未/未…)
  do not count.
* done: every step stated as done with 已/已经/均已/了/完毕 (``已于4月18日开工``, ``招投标已完成``,
  ``用地预审已通过``), each with the words before it (its subject) and the date in its clause, read as
  past (``prefer_future=False``). Which milestone, if any, that completes is decided by the caller
  against the project's milestones (core.progress.reading): a step is not its milestone.
* problems: what follows 需协调/需要协调/问题/困难 … (at a clause start or before a colon), split at
  ; 。 new lines and 1./2./（1） numbering, in the text as written (full-width marks kept).
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


QUESTION_FOREIGN = "foreign_currency"
QUESTION_NEGATIVE = "negative_amount"
QUESTION_OVER_100 = "percent_over_100"
QUESTION_VAGUE = "vague_percent"


@dataclass(frozen=True)
class Done:
    """A step stated as done: ``subject`` (``用地预审``, empty for a bare 已完成) + ``verb`` (通过)."""

    subject: str
    verb: str
    obj: str
    date: dt.date | None

    @property
    def text(self) -> str:
        return f"{self.subject}{self.verb}{self.obj}".strip() or self.verb


@dataclass(frozen=True)
class ProgressParse:
    percent: int | None = None
    funds_arrived_wan: Decimal | None = None
    completed_total_wan: Decimal | None = None  # 累计完成投资
    stage: Stage | None = None
    done: tuple[Done, ...] = ()
    problems: tuple[str, ...] = ()
    questions: tuple[tuple[str, str], ...] = ()  # (code, the words concerned)
    remaining: str = ""  # what is left once the recognised parts are taken out

    @property
    def milestone_done(self) -> bool:
        """Some step is said to be done (which milestone, if any, is the caller's decision)."""
        return bool(self.done)

    @property
    def milestone_date(self) -> dt.date | None:
        return self.done[0].date if self.done else None

    @property
    def milestone_text(self) -> str | None:
        return self.done[0].text if self.done else None

    @property
    def empty(self) -> bool:
        return (
            self.percent is None
            and self.funds_arrived_wan is None
            and self.completed_total_wan is None
            and self.stage is None
            and not self.done
            and not self.problems
            and not self.questions
        )


# ---------------------------------------------------------------------------------------------
# vocabulary
# ---------------------------------------------------------------------------------------------

_PERCENT = re.compile(
    r"(?P<neg>-)?(?P<num>\d{1,4}(?:\.\d+)?)\s*%|百分之(?P<cn>[零一二两三四五六七八九十百]+)"
    r"|进度(?:为|是|达到?|约)?\s*(?P<bare>\d{1,3}(?:\.\d+)?)(?![\d.%万亿元天日月年个])"
)
_VAGUE_PERCENT = re.compile(
    r"过半|一半|大半|[一二两三四五六七八九]成(?![本交员果立功绩])|近半|小半|基本完成|大部分"
)
_NOT_PROGRESS_BEFORE = re.compile(
    r"(?:率|增长|增幅|同比|环比|占比|比例|比重|下降|提高|降低|增加)\s*(?:达到?|为|是)?\s*$"
)

_FUNDS_WORD = re.compile(r"到位|到账|拨付到位")
_NOT_FUNDS = re.compile(r"总投资|计划投资|拟投资|协议投资|签约金额|投资额|完成投资|完成固定资产投资")
_COMPLETED_WORD = re.compile(r"完成(?:了)?(?:固定资产|固投|实际)?投资(?:额)?|完成固投|投资完成(?:额)?")

_STAGE_WORDS: tuple[tuple[Stage, str], ...] = (
    (ProjectStage.PRODUCING, r"投产|试产|试生产|投入生产|投入运营|达产|正式运营"),
    (ProjectStage.STARTED, r"开工|动工|开建|施工中|在建|进场施工|破土"),
    (ProjectStage.LANDED, r"落地|落户|入驻|注册成立|完成注册"),
    (ProjectStage.SIGNED, r"签约|签订|签署|签了"),
    (ProjectStage.NEGOTIATING, r"洽谈|商谈|谈判|磋商|对接中|接洽"),
    (ProjectStage.LEAD, r"线索|初步接触|有意向|意向"),
)
_NEGATION_OR_PLAN = re.compile(
    r"(?:计划|拟|预计|准备|争取|力争|将|将于|要|需|需要|尚未|还未|未|没|没有|暂未|不|待|确保|有望|即将"
    r"|下周|下月|下个月|明天|近期|月底前|年底前|年内)[^,;。，；]{0,12}$"
)
_STAGE_AFFIRM = re.compile(r"^(?:已|已经|均已|全部|正式)")

_DONE_VERBS = r"开工|动工|签约|签订|签署|落地|投产|竣工|完工|完成|办结|办理|取得|获得|获批|批复|到位|通过|启动|进场|交付|注册"
_DONE_BEFORE = re.compile(
    rf"(?:已经|已|均已|全部已|业已)(?:于[^,;。，；]{{0,16}}?)?(?:全部|全面|正式|顺利|如期|按期|基本)?"
    rf"(?P<verb>{_DONE_VERBS})(?P<obj>[^,;。，；]*)"
)
_DONE_AFTER = re.compile(rf"(?P<verb>{_DONE_VERBS})(?:了|完毕)")

_PROBLEM_HEAD = re.compile(
    r"(?:需要?协调(?:解决)?(?:的)?(?:问题|事项)?|需(?:要)?解决(?:的)?(?:问题|困难)|请求协调|"
    r"存在(?:的)?(?:主要)?(?:问题|困难)|遇到(?:的)?(?:问题|困难)|困难和问题|问题和困难|问题|困难)"
    r"(?:有|是|为|如下)?\s*[:：]?\s*"
)
_NO_PROBLEM = re.compile(r"^(?:无|没有|暂无|尚无|没)[。.;；,，]?$|^(?:无|暂无|没有)(?:问题|困难)")
_NUMBERING = r"(?:(?:\d+|[一二三四五六七八九十]+)[、.．)）](?!\d)|[（(](?:\d+|[一二三四五六七八九十]+)[)）]|[①②③④⑤⑥⑦⑧⑨⑩])"
_PROBLEM_SPLIT = re.compile(
    rf"\s*(?:[;；。\n]\s*(?:{_NUMBERING}\s*)*|(?:^|(?<=\s)){_NUMBERING}|(?<=[,，、]){_NUMBERING})\s*"
)
_NUMBER_ONLY = re.compile(_NUMBERING)


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


def _percent(text: str) -> tuple[int | None, tuple[int, int] | None, list[tuple[str, str]]]:
    """The first explicit progress percentage, and the questions any other one raises."""
    questions: list[tuple[str, str]] = []
    found: tuple[int, tuple[int, int]] | None = None
    for match in _PERCENT.finditer(text):
        if _NOT_PROGRESS_BEFORE.search(text[max(0, match.start() - 8) : match.start()]):
            continue
        if _FUNDS_WORD.search(text[max(0, match.start() - 6) : match.start()]):
            continue  # 资金到位80% is a funds ratio
        value: Decimal | None
        if match["num"]:
            value = Decimal(match["num"])
        elif match["bare"]:
            value = Decimal(match["bare"])
        else:
            number = small_int(match["cn"]) if match["cn"] != "百" else 100
            value = Decimal(number) if number is not None else None
        if value is None:
            continue
        if match["neg"]:
            questions.append((QUESTION_NEGATIVE, match.group()))
            continue
        if value > 100:
            questions.append((QUESTION_OVER_100, match.group()))
            continue
        if found is None:
            found = (int(value.to_integral_value()), (match.start(), match.end()))
    if found is None:
        for match in _VAGUE_PERCENT.finditer(text):
            questions.append((QUESTION_VAGUE, match.group()))
            break
    return (found[0], found[1], questions) if found else (None, None, questions)


def _amount_near(
    text: str, words: re.Pattern[str], not_before: re.Pattern[str] | None
) -> tuple[Decimal | None, tuple[int, int] | None, list[tuple[str, str]]]:
    """The 人民币 amount nearest to one of ``words`` in the same clause; a foreign or negative one
    there is a question."""
    best: tuple[int, Decimal, tuple[int, int]] | None = None
    questions: list[tuple[str, str]] = []
    for clause in CLAUSE.finditer(text):
        found = list(words.finditer(clause.group()))
        if not found:
            continue
        for amount in find_amounts(clause.group()):
            if not_before is not None and not_before.search(
                clause.group()[max(0, amount.start - 6) : amount.start]
            ):
                continue
            distance = min(
                abs(amount.start - w.end()) if amount.start >= w.end() else abs(w.start() - amount.end)
                for w in found
            )
            if distance > 10:
                continue
            if amount.currency != "CNY":
                questions.append((QUESTION_FOREIGN, amount.text))
                continue
            before = clause.group()[max(0, amount.start - 2) : amount.start]
            if re.search(r"(?:^|[^\d])-$|负$", before) or amount.wan < 0:
                questions.append((QUESTION_NEGATIVE, before.strip()[-1:] + amount.text))
                continue
            span = (clause.start() + amount.start, clause.start() + amount.end)
            if best is None or distance < best[0]:
                best = (distance, amount.wan, span)
    if best is not None:
        return best[1], best[2], []
    return None, None, questions


def _funds(text: str) -> tuple[Decimal | None, tuple[int, int] | None, list[tuple[str, str]]]:
    return _amount_near(text, _FUNDS_WORD, _NOT_FUNDS)


def _completed(text: str) -> tuple[Decimal | None, tuple[int, int] | None, list[tuple[str, str]]]:
    return _amount_near(text, _COMPLETED_WORD, re.compile(r"总投资|计划|到位"))


def _stage(text: str) -> Stage | None:
    found: list[Stage] = []
    for stage, words in _STAGE_WORDS:
        for match in re.finditer(words, text):
            before = text[_clause_start(text, match.start()) : match.start()]
            if _NEGATION_OR_PLAN.search(before) and not _STAGE_AFFIRM.search(before.strip()):
                continue
            if re.match(r"(?:前|之前|以前|后)", text[match.end() :]) and not re.search(r"已", before):
                continue
            if re.match(r"(?:准备|前期|手续|条件|计划|方案|许可)", text[match.end() :]):
                continue  # 开工准备 / 开工手续: not started yet
            found.append(stage)
            break
    return max(found, key=STAGE_ORDER.index) if found else None


_SUBJECT_TRIM = re.compile(
    r"^(?:目前|现在|截至目前|截止目前|当前|项目|该项目|本项目|其中|并且|并|且|同时|另外|此外|而且)+"
)


def _done(text: str, dates: tuple[DateMention, ...]) -> tuple[list[Done], list[tuple[int, int]]]:
    """Every step stated as done, with its subject (the clause's words before it) and date."""
    found: list[Done] = []
    spans: list[tuple[int, int]] = []
    for pattern in (_DONE_BEFORE, _DONE_AFTER):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in spans):
                continue
            obj = (match.groupdict().get("obj") or "").strip()
            if match["verb"] == "完成" and re.match(
                r"\s*(?:了)?(?:固定资产|固投|实际)?(?:投资|工程量|产值)?\s*(?:约|达|为)?\s*(?:\d|百分之|[一二三四五六七八九]成|过半|一半)",
                obj,
            ):
                continue  # 已完成60% / 完成投资1.5亿 is progress, not a step
            if match["verb"] == "完成" and re.match(r"\s*(?:了)?(?:固定资产|固投|实际)?投资", obj):
                continue
            if match["verb"] == "到位":
                continue  # funds, handled separately
            clause_start = _clause_start(text, match.start())
            clause_end = _clause_end(text, match.end())
            date = next((m.span.end for m in dates if clause_start <= m.start < clause_end), None)
            subject = text[clause_start : match.start()]
            for mention in dates:
                if clause_start <= mention.start < match.start():
                    subject = subject.replace(mention.text, "")
            subject = re.sub(r"(?:已经|已|均已|全部已|业已|全部|均|都|于|在)+$", "", subject.strip())
            subject = _SUBJECT_TRIM.sub("", subject).strip()
            for mention in dates:
                obj = obj.replace(mention.text, "")
            obj = re.sub(r"^(?:了|完毕)", "", obj).strip() if pattern is _DONE_BEFORE else ""
            found.append(Done(subject, match["verb"], obj, date))
            spans.append((clause_start, clause_end))
    order = sorted(range(len(found)), key=lambda i: spans[i][0])
    return [found[i] for i in order], [spans[i] for i in order]


def _problems(text: str) -> tuple[tuple[str, ...], int | None]:
    """The problems raised (offsets index ``text``): what follows a head at a clause start or
    before a colon (``资金困难`` inside a clause opens nothing)."""
    for match in _PROBLEM_HEAD.finditer(text):
        negation = re.search(r"(?:无|没有|暂无|尚无|未发现)$", text[: match.start()])
        if negation is not None:
            return (), negation.start()  # 无问题 / 暂无困难
        at_clause_start = match.start() == _clause_start(text, match.start()) or not text[
            _clause_start(text, match.start()) : match.start()
        ].strip(" ")
        has_colon = bool(re.search(r"[:：]\s*$", match.group()))
        if not (at_clause_start or has_colon):
            continue
        body = text[match.end() :].strip()
        if not body or _NO_PROBLEM.match(body):
            return (), match.start()
        parts = [p.strip(" ,，、") for p in _PROBLEM_SPLIT.split(body)]
        return tuple(p for p in parts if p and not _NUMBER_ONLY.fullmatch(p)), match.start()
    return (), None


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
    written = text.strip()
    text = normalize_text(written)  # the same length: offsets index both
    problems, problem_start = _problems(text)
    if problems:
        problems = _as_written(problems, text, written, problem_start or 0)
    head = text[:problem_start] if problem_start is not None else text
    dates = find_dates(head, today, prefer_future=False)
    percent, percent_span, questions = _percent(head)
    funds, funds_span, funds_questions = _funds(head)
    completed, completed_span, completed_questions = _completed(head)
    done, done_spans = _done(head, dates)
    spans = [s for s in (percent_span, funds_span, completed_span) if s is not None]
    spans.extend(done_spans)
    asked = list(dict.fromkeys([*questions, *funds_questions, *completed_questions]))
    return ProgressParse(
        percent=percent,
        funds_arrived_wan=funds,
        completed_total_wan=completed,
        stage=_stage(head),
        done=tuple(done),
        problems=problems,
        questions=tuple(asked),
        remaining=_remaining(head, spans),
    )


def _as_written(problems: tuple[str, ...], text: str, written: str, start: int) -> tuple[str, ...]:
    """Each problem as the person wrote it (full-width marks kept), found at its place in ``text``."""
    kept: list[str] = []
    position = start
    for problem in problems:
        index = text.find(problem, position)
        if index == -1:
            kept.append(problem)
            continue
        kept.append(written[index : index + len(problem)])
        position = index + len(problem)
    return tuple(kept)
