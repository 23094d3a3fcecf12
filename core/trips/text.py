"""Recognising a trip sentence typed without a command (``去深圳``, ``赴上海浦东``, ``出差成都``)."""

from __future__ import annotations

import re

from core.parsing import parse_place
from core.parsing.dates import normalize_text

_TRAVEL_VERB = re.compile(r"(?<![过失回])去(?![年世除掉向])|赴|前往|飞往|出差|到(?![位期账达了底场手点])")
_PLACE_WINDOW = 8


def looks_like_trip(text: str) -> bool:
    """A travel verb directly followed by a place (``去深圳``, ``赴上海浦东``, ``出差成都``).

    Deliberately narrow: other free text (progress replies, questions) must reach other features.
    CPU work (jionlp): from async code, call it through ``parse_off_loop``.
    """
    text = normalize_text(text).strip()
    if not text or text.startswith("/") or len(text) > 300:
        return False
    for match in _TRAVEL_VERB.finditer(text):
        window = text[match.end() : match.end() + _PLACE_WINDOW]
        if parse_place(window) is not None:
            return True
    return False
