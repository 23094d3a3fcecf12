"""Text helpers shared by every parser: width normalisation, Chinese small numbers, masking."""

from __future__ import annotations

import re

_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def normalize_text(text: str) -> str:
    """Full-width ASCII → half-width (``４月５日，``→``4月5日,``); the length stays the same."""
    return text.translate(_WIDTH_TABLE)


CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUM = r"[零〇一二两三四五六七八九十廿]{1,3}"
NUM = rf"(?:\d{{1,3}}|{CN_NUM})"


def small_int(text: str) -> int | None:
    """``"12"``, ``"十二"``, ``"二十一"``, ``"廿三"``, ``"两"`` → int (0–99); None if not a number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_DIGITS and ch not in "十廿" for ch in text):
        return None
    if "廿" in text:
        text = text.replace("廿", "二十")
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens_text, _, ones_text = text.partition("十")
    if len(tens_text) > 1 or len(ones_text) > 1 or "十" in ones_text:
        return None
    tens = CN_DIGITS[tens_text] if tens_text else 1
    ones = CN_DIGITS[ones_text] if ones_text else 0
    return tens * 10 + ones


CLAUSE = re.compile(r"[^,;。!?\n，；！？]+")
"""A clause: a run of text between , ; 。 ! ? (half- or full-width) and new lines."""

MASK = "#"


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each ``(start, end)`` span overwritten by ``MASK`` (same length)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)
