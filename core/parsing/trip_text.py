"""A cadre's trip sentence → itinerary legs, targets, purpose and companions.

``明天去深圳拜访华为和比亚迪,4月5日返回`` · ``4月8日至10日赴上海浦东参加推介会，同行李四`` ·
``12月1日到3日在北京，4日至6日在天津`` · ``后天到杭州考察阿里巴巴，待3天``.

The text is cut into clauses at , ; 。 ! ? and new lines. A clause that names a new place opens
a new leg, and so does each city of a list (``苏州、无锡`` / 和 / 及 / 与). Dates in a clause go to
the current leg (first date = start, a range = start and end, a later date = end); a clause with
返回/返程/回来 gives the return day (end of the last leg, its place is ignored: it is home;
``当天/次日返回`` count from the start day). ``待3天``/``为期三天`` sets the end from the start. A leg
without an end ends the day before the next leg starts, or on its start day (a one-day trip).
Legs named without dates after a dated one share its range (``shared``, problem ``split_days``:
the cadre divides the days) unless the line gives each city its days (``苏州2天、无锡1天``).
For a trip ``下周`` is Monday–Friday, ``月底`` the month's last day, ``月初`` its first; a part of a
month (``5月中旬``, ``12月``) is too vague (problem ``vague_dates``). An industry after 考察/拜访
(``考察光伏企业``) goes to the purpose, a company to the targets.
Everything is a proposal shown back for confirmation; ``problems`` holds machine codes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from core.parsing.chinese_text import CLAUSE, MASK, NUM, mask_spans, normalize_text, small_int
from core.parsing.date_finding import find_dates
from core.parsing.date_spans import DateMention, DateSpan, with_year
from core.parsing.places import Place, parse_place

MAX_TRIP_DAYS = 60

PROBLEM_NO_PLACE = "no_place"
PROBLEM_NO_DATES = "no_dates"
PROBLEM_NO_START = "no_start"
PROBLEM_END_BEFORE_START = "end_before_start"
PROBLEM_LEGS_OVERLAP = "legs_overlap"
PROBLEM_START_IN_PAST = "start_in_past"
PROBLEM_TOO_LONG = "too_long"
PROBLEM_SPLIT_DAYS = "split_days"  # several cities share one date range and the line does not say how
PROBLEM_VAGUE_DATES = "vague_dates"  # 5月中旬 / 12月: a part of a month is not a trip's dates


@dataclass(frozen=True)
class LegParse:
    place: Place | None
    start: dt.date | None
    end: dt.date | None
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class TripParse:
    legs: tuple[LegParse, ...]
    purpose: str | None = None
    companions: tuple[str, ...] = ()
    unknown_companions: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    shared: tuple[tuple[int, ...], ...] = ()  # legs (indices) that share one date range, to be divided

    @property
    def start(self) -> dt.date | None:
        starts = [leg.start for leg in self.legs if leg.start is not None]
        return min(starts) if starts else None

    @property
    def end(self) -> dt.date | None:
        ends = [leg.end for leg in self.legs if leg.end is not None]
        return max(ends) if ends else None

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for leg in self.legs for t in leg.targets))

    @property
    def ok(self) -> bool:
        return not self.problems


# ---------------------------------------------------------------------------------------------
# vocabulary
# ---------------------------------------------------------------------------------------------

_TARGET_VERBS = r"拜访|走访|拜会|会见|约见|会晤|考察|看望|访问|对接"
_PURPOSE_VERBS = (
    r"参加|出席|参与|举办|召开|开展|洽谈|商谈|推介|签约|签署|招商|调研|学习|交流|参观"
    r"|开会|会谈|谈判|跟进|落实"
)
# 对接会 / 洽谈会 / 推介会: a meeting's name, not a verb
_VERB = re.compile(rf"(?P<target>(?:{_TARGET_VERBS})(?!会|大会|活动))|(?P<purpose>{_PURPOSE_VERBS})")
_RETURN = re.compile(r"返回|返程|回程|回来|回到|返抵|回家|返家|回单位|往返")
# a return said relative to the start day: 当天返回 = the start day, not today
_RETURN_OFFSET = (
    (re.compile(r"当天|当日|当晚|同日|同一天"), 0),
    (re.compile(r"次日|第二天|隔天|翌日"), 1),
    (re.compile(r"第三天"), 2),
)
# a target that is an industry or a kind of firm, not a firm: 考察光伏企业 is the purpose
_GENERIC_TARGET = re.compile(
    r"(?:企业|产业|行业|项目|园区|基地|市场|工厂|厂商|厂家|情况|工作|经验|做法|产业链|集群|领域|赛道|开发区|高新区)$"
    r"|^(?:相关|当地|有关|重点|部分|多家|几家|一批)"
)
_PLACE_LIST_SPLIT = re.compile(r"\s*(?:、|/|以及|及|和|与|跟)\s*")
_WEEK_ONLY = re.compile(r"(?P<p>下下|下|本|这)个?(?:周|星期|礼拜)")
_MONTH_END = re.compile(r"(?:底|末)$")
_MONTH_START = re.compile(r"初$")
_EXPLICIT_RANGE = re.compile(r"至|到|-|~|—|–|两天|天")
_DURATION = re.compile(
    rf"(?P<n>{NUM})\s*个?\s*(?P<unit>天|日|周|星期|礼拜)(?!后|前|之后|以后|之前|以前|内|左右)"
)
_CONNECTOR_TAIL = re.compile(r"\s*(?:并且|并|同时|然后|再|和|及|与)$")
_LIST_SPLIT = re.compile(r"\s*(?:、|,|及|以及|和|与|跟|同)\s*")  # not "/": it is in names (A/B公司)
_TARGET_TAIL = re.compile(
    r"(?:等(?:\d+|[一二两三四五六七八九十]+)?[家个]?(?:企业|公司|单位|客商|项目)?|一行|相关负责人)$"
)

_NAME = r"[\u4e00-\u9fff·]{2,4}"
_NAMES = rf"{_NAME}(?:\s*(?:、|,|和|及|与|以及)\s*{_NAME})*"
_COMPANION_AFTER = re.compile(
    r"(?:同行|随行|陪同|同去)(?:人员|人|者)?(?:有|为|是)?\s*:?\s*(?P<names>[^,;。!?\n，；！？]+)"
)
_COMPANION_AROUND = re.compile(
    rf"(?:与|和|跟|同|携|带)(?P<names>{_NAMES})(?:等人|等)?(?:一起|一同|一道|同去|同行|共同)"
)
_NAME_STOP = re.compile(rf"(?:一起|一同|一道|等|前往|去|赴|到|在|参加|出席|{_TARGET_VERBS}).*$")


# ---------------------------------------------------------------------------------------------
# companions
# ---------------------------------------------------------------------------------------------


@dataclass
class _Companions:
    known: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)

    def add(self, name: str, known_people: Sequence[str]) -> None:
        name = name.strip()
        if not name:
            return
        matches = [p for p in known_people if p and p in name]
        if matches:
            for person in matches:
                if person not in self.known:
                    self.known.append(person)
            return
        name = _NAME_STOP.sub("", name)
        if re.fullmatch(_NAME, name) and name not in self.unknown:
            self.unknown.append(name)


def _companions(text: str, known_people: Sequence[str]) -> _Companions:
    found = _Companions()
    for pattern in (_COMPANION_AFTER, _COMPANION_AROUND):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in found.spans):
                continue
            found.spans.append((match.start(), match.end()))
            for name in _LIST_SPLIT.split(match["names"]):
                found.add(name, known_people)
    return found


def _known_elsewhere(text: str, known_people: Sequence[str], skip: list[tuple[int, int]]) -> list[str]:
    hits: list[tuple[int, str]] = []
    for person in sorted({p for p in known_people if p}, key=len, reverse=True):
        for match in re.finditer(re.escape(person), text):
            if not any(s <= match.start() < e for s, e in skip):
                hits.append((match.start(), person))
                skip.append((match.start(), match.end()))
                break
    return [person for _pos, person in sorted(hits)]


# ---------------------------------------------------------------------------------------------
# clauses
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Clause:
    start: int
    end: int
    text: str  # dates and companion phrases masked out
    dates: tuple[DateMention, ...]
    is_return: bool
    duration: int | None


def _clauses(text: str, mentions: tuple[DateMention, ...], masked: str) -> list[_Clause]:
    clauses: list[_Clause] = []
    for part in CLAUSE.finditer(masked):
        dates = tuple(m for m in mentions if part.start() <= m.start < part.end())
        if not dates and not part.group().strip(MASK + " "):
            continue  # only a companion phrase or blanks
        duration_match = _DURATION.search(part.group())
        duration = _duration_days(duration_match) if duration_match else None
        clauses.append(
            _Clause(
                start=part.start(),
                end=part.end(),
                text=part.group(),
                dates=dates,
                is_return=bool(_RETURN.search(text[part.start() : part.end()])),
                duration=duration if duration and duration > 0 else None,
            )
        )
    return clauses


def _duration_days(match: re.Match[str]) -> int | None:
    n = small_int(match["n"])
    if n is None:
        return None
    return n if match["unit"] in ("天", "日") else n * 7


def _split_verbs(clause: str) -> tuple[str, list[str], list[str]]:
    """(text before the first verb, target names, purpose phrases)."""
    matches = list(_VERB.finditer(clause))
    if not matches:
        return clause, [], []
    before = clause[: matches[0].start()]
    targets: list[str] = []
    purposes: list[str] = []
    for index, match in enumerate(matches):
        if match["purpose"] and index > 0 and matches[index - 1]["purpose"]:
            continue  # 参加投资洽谈会: one phrase, not two
        following = (
            matches[index + 1 :] if match["target"] else [m for m in matches[index + 1 :] if m["target"]]
        )
        stop = following[0].start() if following else len(clause)
        tail = clause[match.end() : stop].replace(MASK, "").strip()
        if match["target"]:
            for name in _LIST_SPLIT.split(tail):
                name = _TARGET_TAIL.sub("", name.strip())
                if not name:
                    continue
                if _GENERIC_TARGET.search(name):
                    phrase = match.group() + name  # 考察光伏企业: an industry is the purpose
                    if phrase not in purposes:
                        purposes.append(phrase)
                elif name not in targets:
                    targets.append(name)
        else:
            phrase = _CONNECTOR_TAIL.sub("", clause[match.start() : stop].replace(MASK, "").strip())
            if phrase:
                purposes.append(phrase)
    return before, targets, purposes


def _clause_places(before: str, whole: str) -> list[tuple[Place, int | None]]:
    """The places named before the verbs (``赴上海浦东|参加…``), so that company names such as
    宁德时代 / 青岛啤酒 after 拜访 are not taken for places. ``苏州、无锡`` / ``苏州和无锡`` is two
    places (each with its own ``2天`` when the line says so); a single place has no duration here."""
    segment = before.replace(MASK, " ").strip()
    if not segment and before == whole:
        return []
    if not segment:
        return []
    pieces = [p for p in _PLACE_LIST_SPLIT.split(segment) if p.strip()]
    if len(pieces) > 1:
        found: list[tuple[Place, int | None]] = []
        for piece in pieces:
            place = parse_place(piece)
            if place is None:
                break
            duration = _DURATION.search(piece)
            found.append((place, _duration_days(duration) if duration else None))
        else:
            distinct = {(p.province, p.city, p.district) for p, _ in found}
            if len(distinct) == len(found):
                return found
    place = parse_place(segment)
    return [(place, None)] if place is not None else []


# ---------------------------------------------------------------------------------------------
# legs
# ---------------------------------------------------------------------------------------------


@dataclass
class _Leg:
    place: Place | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    duration: int | None = None
    targets: list[str] = field(default_factory=list)


def _same_place(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return False
    if a.city and b.city:
        return a.city == b.city and (a.district is None or b.district is None or a.district == b.district)
    return a == b


def _take_dates(leg: _Leg, dates: tuple[DateMention, ...]) -> None:
    for mention in dates:
        span = mention.span
        if leg.start is None:
            leg.start = span.start
            if span.days > 1:
                leg.end = span.end
        else:
            leg.end = span.end


@dataclass
class _Built:
    legs: list[_Leg]
    return_day: dt.date | None = None
    return_offset: int | None = None  # 当天返回 (0) / 次日返回 (1): days after the start
    purposes: list[str] = field(default_factory=list)
    saw_dates: bool = False


def _return_offset(text: str) -> int | None:
    for pattern, offset in _RETURN_OFFSET:
        if pattern.search(text):
            return offset
    return None


def _build_legs(clauses: list[_Clause], text: str) -> _Built:
    built = _Built(legs=[])
    legs = built.legs
    current = _Leg()
    for clause in clauses:
        before, targets, clause_purposes = _split_verbs(clause.text)
        built.purposes.extend(p for p in clause_purposes if p not in built.purposes)
        if clause.dates:
            built.saw_dates = True
        if clause.is_return:
            offset = _return_offset(text[clause.start : clause.end])
            if offset is not None:
                built.return_offset = offset
            elif clause.dates:
                built.return_day = clause.dates[-1].span.end
            continue
        places = _clause_places(before, clause.text)
        for index, (place, duration) in enumerate(places):
            if index > 0 or (current.place is not None and not _same_place(current.place, place)):
                legs.append(current)
                current = _Leg()
            if current.place is None:
                current.place = place
            if len(places) > 1:
                current.duration = duration
            if index == 0:
                _take_dates(current, clause.dates)
        if not places:
            _take_dates(current, clause.dates)
        if clause.duration is not None and len(places) <= 1:
            current.duration = clause.duration
        first = legs[-(len(places) - 1)] if len(places) > 1 else current
        first.targets.extend(t for t in targets if t not in first.targets)
    if current.place is not None or current.start is not None or current.targets or not legs:
        legs.append(current)
    return built


def _group_end(legs: list[_Leg], first: int, after: int, built: _Built) -> dt.date | None:
    """The last day of the date range a group of legs shares."""
    leg = legs[first]
    assert leg.start is not None
    if leg.end is not None:
        return leg.end
    if leg.duration is not None and all(other.duration is None for other in legs[first + 1 : after]):
        return leg.start + dt.timedelta(days=leg.duration - 1)
    if after < len(legs) and legs[after].start is not None:
        following = legs[after].start
        assert following is not None
        return max(leg.start, following - dt.timedelta(days=1))
    if after == len(legs) and built.return_day is not None:
        return built.return_day
    if after == len(legs) and built.return_offset is not None:
        return leg.start + dt.timedelta(days=built.return_offset)
    return None


def _share_dates(legs: list[_Leg], built: _Built) -> list[tuple[int, ...]]:
    """Legs named without dates after a dated one share its range (``下周二到周四去苏州、无锡``):
    divided by the days the line gives each city, else left for the cadre to divide."""
    shared: list[tuple[int, ...]] = []
    index = 0
    while index < len(legs):
        after = index + 1
        while after < len(legs) and legs[after].start is None:
            after += 1
        group = legs[index:after]
        if len(group) > 1 and group[0].start is not None:
            start = group[0].start
            end = _group_end(legs, index, after, built)
            durations = [leg.duration for leg in group]
            if all(d is not None for d in durations[:-1]):
                day = start
                for leg, days in zip(group, durations, strict=True):
                    leg.start = day
                    if days is not None:
                        leg.end = day + dt.timedelta(days=days - 1)
                    else:
                        leg.end = max(day, end) if end is not None else day
                    day = leg.end + dt.timedelta(days=1)
                    leg.duration = None
            else:
                last = end if end is not None else start
                for leg in group:
                    leg.start, leg.end, leg.duration = start, last, None
                if last > start:
                    shared.append(tuple(range(index, after)))
        index = after
    return shared


def _close_legs(legs: list[_Leg], built: _Built) -> None:
    return_day = built.return_day
    if built.return_offset is not None and legs and legs[0].start is not None:
        return_day = legs[0].start + dt.timedelta(days=built.return_offset)
    for index, leg in enumerate(legs):
        if leg.start is None or leg.end is not None:
            continue
        if leg.duration is not None:
            leg.end = leg.start + dt.timedelta(days=leg.duration - 1)
        elif index + 1 < len(legs) and legs[index + 1].start is not None:
            following = legs[index + 1].start
            assert following is not None
            leg.end = max(leg.start, following - dt.timedelta(days=1))
        elif not (return_day is not None and index == len(legs) - 1):
            leg.end = leg.start
    if return_day is not None and legs and not (built.return_offset is not None and legs[-1].end):
        legs[-1].end = return_day
    for leg in legs:
        # 12月10日去，11月8日返回: a year-less return day that rolled into next year is before the start
        if leg.start and leg.end and (leg.end - leg.start).days > 300:
            earlier = with_year(leg.end, leg.end.year - 1)
            if earlier < leg.start:
                leg.end = earlier


def _trip_dates(mentions: tuple[DateMention, ...], today: dt.date) -> tuple[tuple[DateMention, ...], bool]:
    """Dates as a trip means them: 下周 = Monday–Friday, 月底 = the month's last day, 月初 its
    first; a part of a month (5月中旬, 12月) is too vague for a trip (the second value)."""
    kept: list[DateMention] = []
    vague = False
    for mention in mentions:
        span = mention.span
        text = mention.text.strip()
        if _WEEK_ONLY.fullmatch(text):
            friday = span.start + dt.timedelta(days=4 - span.start.weekday())
            first = max(span.start, today)
            if first <= friday:
                span = DateSpan(first, friday)
        elif span.days > 7 and _MONTH_END.search(text):
            span = DateSpan.day(span.end)
        elif span.days > 7 and _MONTH_START.search(text):
            span = DateSpan.day(span.start)
        elif span.days > 7 and not _EXPLICIT_RANGE.search(text):
            vague = True
        kept.append(replace(mention, span=span))
    return tuple(kept), vague


def _problems(
    legs: list[_Leg], saw_dates: bool, today: dt.date, shared: list[tuple[int, ...]], vague: bool
) -> tuple[str, ...]:
    problems: list[str] = []
    if vague:
        problems.append(PROBLEM_VAGUE_DATES)
    if not legs or any(leg.place is None for leg in legs):
        problems.append(PROBLEM_NO_PLACE)
    if not saw_dates:
        problems.append(PROBLEM_NO_DATES)
    elif any(leg.start is None for leg in legs):
        problems.append(PROBLEM_NO_START)
    if any(leg.start and leg.end and leg.end < leg.start for leg in legs):
        problems.append(PROBLEM_END_BEFORE_START)
    if shared:
        problems.append(PROBLEM_SPLIT_DAYS)
    in_shared = {index for group in shared for index in group}
    for (i, first), (j, second) in itertools.pairwise(enumerate(legs)):
        if i in in_shared and j in in_shared:
            continue
        if first.end and second.start and second.start < first.end:
            problems.append(PROBLEM_LEGS_OVERLAP)
            break
    starts = [leg.start for leg in legs if leg.start]
    ends = [leg.end for leg in legs if leg.end]
    if starts and min(starts) < today:
        problems.append(PROBLEM_START_IN_PAST)
    if starts and ends and (max(ends) - min(starts)).days + 1 > MAX_TRIP_DAYS:
        problems.append(PROBLEM_TOO_LONG)
    return tuple(problems)


def parse_trip(text: str, today: dt.date, known_people: Sequence[str] = ()) -> TripParse:
    """Propose an itinerary from a free-text trip declaration (dates relative to ``today``)."""
    text = normalize_text(text).strip()
    companions = _companions(text, known_people)
    skip = list(companions.spans)
    known = companions.known + [
        p for p in _known_elsewhere(text, known_people, skip) if p not in companions.known
    ]
    name_spans = [
        (match.start(), match.end()) for person in known for match in re.finditer(re.escape(person), text)
    ]
    # names go before the date search: 赵六一起 holds 六一 (Children's Day)
    without_names = mask_spans(text, companions.spans + name_spans)
    mentions, vague = _trip_dates(find_dates(without_names, today, prefer_future=True), today)
    masked = mask_spans(without_names, [(m.start, m.end) for m in mentions])
    clauses = _clauses(text, mentions, masked)
    built = _build_legs(clauses, text)
    legs = built.legs
    shared = _share_dates(legs, built)
    _close_legs(legs, built)
    return TripParse(
        legs=tuple(LegParse(leg.place, leg.start, leg.end, tuple(leg.targets)) for leg in legs),
        purpose="，".join(dict.fromkeys(built.purposes)) or None,
        companions=tuple(known),
        unknown_companions=tuple(companions.unknown),
        problems=_problems(legs, built.saw_dates, today, shared, vague),
        shared=tuple(shared),
    )
