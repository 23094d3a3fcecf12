"""Parsing made cheaper without changing a single answer (issue 18): jionlp's place search through
an index, the per-process pool of parsers, the cached per-day date pieces."""

from __future__ import annotations

from core.parsing.jionlp_engine import JIO_LOCK, jio
from tests.support.parsing_corpus import load

TEXTS = [
    "明天去深圳拜访华为，后天返回",
    "下周二到周四去苏州、无锡考察光伏企业",
    "已于4月18日开工，完成投资60%，到位资金5000万元",
    "北海市重庆路其仓11号",
    "青海西宁",
    "湖南省长沙市",
    "喀左旗覃家岗街道梨树湾村",
    "",
    "hello",
    "去浦东新区和黔西南州",
]


def _texts() -> list[str]:
    return TEXTS + [c["text"] for c in load("trips.jsonl") + load("progress.jsonl")]


def test_the_indexed_place_search_answers_as_jionlp_does() -> None:
    parser = jio().parse_location
    indexed = parser.get_candidates
    with JIO_LOCK:
        for text in _texts():
            fast = parser(text)
            parser.get_candidates = indexed.unindexed
            try:
                slow = parser(text)
            finally:
                parser.get_candidates = indexed
            assert fast == slow, text


async def test_worker_processes_parse_the_corpus_as_the_thread_does() -> None:
    from core.parsing.progress_text import parse_progress
    from core.parsing.trip_text import parse_trip
    from core.parsing.worker import parse_off_loop, use_processes, use_thread, warm_up
    from core.trips.text import looks_like_trip
    from tests.support.parsing_corpus import KNOWN_PEOPLE, TODAY

    trips = [c["text"] for c in load("trips.jsonl")]
    progress = [c["text"] for c in load("progress.jsonl")]

    async def everything() -> list[object]:
        found: list[object] = []
        for text in trips:
            found.append(await parse_off_loop(parse_trip, text, TODAY, list(KNOWN_PEOPLE)))
            found.append(await parse_off_loop(looks_like_trip, text, TODAY))
        for text in progress:
            found.append(await parse_off_loop(parse_progress, text, TODAY))
        return found

    on_thread = await everything()
    assert use_processes(1) == 1
    try:
        await warm_up()
        in_a_process = await everything()
    finally:
        use_thread()
    assert in_a_process == on_thread
