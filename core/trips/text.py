"""Recognising a trip sentence typed without a command (``去深圳``, ``赴上海浦东``, ``出差成都``,
``12月16日-18日，深圳，拜访比亚迪``, ``明后两天在杭州``), and a near miss (``我要出差``)."""

from __future__ import annotations

import datetime as dt
import re

from core.parsing import find_dates, parse_place
from core.parsing.chinese_text import mask_spans
from core.parsing.dates import normalize_text

_TRAVEL_VERB = re.compile(
    r"(?<![过失回])去(?![年世除掉向])|赴|前往|飞往|飞(?![机行速])|出差|坐高铁|乘高铁|坐动车|到(?![位期账达了底场手点])|在"
)
_PLACE_WINDOW = 8
# words of a progress report or a question: such a line is not a trip even with a date and a place
_NOT_A_TRIP = re.compile(
    r"开工|投产|竣工|进度|%|百分之|到位|到账|投资|签约|完成|办理|手续|问题|困难|协调|已经|已于|项目|审批|\?|？|吗"
)
_CITY_LIST = re.compile(r"\s*(?:、|,|，|/|以及|及|和|与)\s*")
_TRIP_WORDS = re.compile(r"出差|行程|外出|招商|拜访|考察|去|赴|前往|飞|高铁|动车|返回")


def looks_like_trip(text: str, today: dt.date | None = None) -> bool:
    """A travel verb directly followed by a place (``去深圳``, ``飞北京``, ``出差成都``), or a date and a
    place with no word of a progress report (``12月16日-18日，深圳，拜访比亚迪``), or a date and a
    travel verb (``下周出差``: the place is asked for).

    Deliberately narrow: other free text (progress replies, questions) must reach other features.
    CPU work (jionlp): from async code, call it through ``parse_off_loop``.
    """
    text = normalize_text(text).strip()
    if not text or text.startswith("/") or len(text) > 300:
        return False
    for match in _TRAVEL_VERB.finditer(text):
        if match.group() == "在":
            continue  # 在 alone is too common: it counts only beside a date (below)
        window = text[match.end() : match.end() + _PLACE_WINDOW]
        if parse_place(window) is not None:
            return True
    if _NOT_A_TRIP.search(text):
        return False
    mentions = find_dates(text, today or dt.date.today(), prefer_future=True)
    if not mentions:
        return False
    rest = mask_spans(text, [(m.start, m.end) for m in mentions]).replace("#", " ")
    return parse_place(rest) is not None or bool(_TRAVEL_VERB.search(rest) and _TRIP_WORDS.search(rest))


def near_miss(text: str) -> bool:
    """Not a trip line, but it talks of one (``我要出差``, ``深圳``): worth a pointer to /trip."""
    text = normalize_text(text).strip()
    if not text or text.startswith("/") or len(text) > 300 or _NOT_A_TRIP.search(text):
        return False
    return bool(_TRIP_WORDS.search(text)) or parse_place(text) is not None


def joined_answer(line: str, missing: str, answer: str, today: dt.date) -> str:
    """The answer to a trip line's question joined to the line (``明天`` + ``去杭州考察…`` →
    ``明天，去杭州考察…``), or the answer alone when it is a whole trip line of its own."""
    answer = answer.strip()
    whole = parse_place(answer) is not None and bool(find_dates(answer, today, prefer_future=True))
    if missing == "split" and line and not whole:
        return _days_per_city(line, answer)
    if missing not in ("dates", "place") or not line or whole:
        return answer
    return f"{answer}，{line}"


def _days_per_city(line: str, answer: str) -> str:
    """``苏州2天、无锡1天`` typed for ``下周二到周四去苏州、无锡考察…``: the line with its cities replaced
    by the answer (dates, purpose and targets kept); the answer alone if its cities are not the line's."""
    places = [p for piece in _CITY_LIST.split(answer) if (p := parse_place(piece)) is not None]
    spans = [(line.find(p.label), line.find(p.label) + len(p.label)) for p in places if p.label in line]
    if len(places) < 2 or len(spans) != len(places):
        return answer
    first, last = min(s for s, _ in spans), max(e for _, e in spans)
    return line[:first] + answer + line[last:]
