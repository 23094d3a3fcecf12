"""jionlp, imported lazily and used under one lock, with its place search indexed.

``jio().parse_location`` spends nearly all its time (about 7 ms a call, 85% of a trip line) in
``LocationParser.get_candidates``, which tests every one of ~3,500 administrative entries for
whether one of its names occurs in the text. :func:`_index_candidates` replaces that loop by an
index from name to entries: the entries tested are only those one of whose names is in the text,
in their original order, through jionlp's own code — so the answer is the same (every other entry
fails the test anyway), and a text naming no place at all returns at once.
"""

from __future__ import annotations

import contextlib
import functools
import io
import threading
from typing import Any

# jionlp keeps state inside its parsers: one call at a time, whichever thread makes it.
JIO_LOCK = threading.RLock()


@functools.cache
def _load_jionlp() -> Any:
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp

    _index_candidates(jionlp.parse_location)
    return jionlp


def jio() -> Any:
    """jionlp, imported on first use (slow-ish, prints a banner) and cached per process.

    Call its functions only while holding JIO_LOCK.
    """
    with JIO_LOCK:
        return _load_jionlp()


class _NameIndex:
    """Every name (full and short) of jionlp's administrative entries → the entries' positions."""

    def __init__(self, entries: list[Any]) -> None:
        self.entries = entries
        self.positions: dict[str, list[int]] = {}
        for position, entry in enumerate(entries):
            for names in entry[1:4]:
                for name in names:
                    if name:
                        self.positions.setdefault(name, []).append(position)
        self.lengths = sorted({len(name) for name in self.positions})

    def candidates(self, text: str) -> list[Any]:
        found: set[int] = set()
        positions = self.positions
        for length in self.lengths:
            for start in range(len(text) - length + 1):
                hit = positions.get(text[start : start + length])
                if hit is not None:
                    found.update(hit)
        return [self.entries[p] for p in sorted(found)]


def _index_candidates(parser: Any) -> None:
    """Make `parser.get_candidates` test only the entries named in the text (same result)."""
    original = parser.get_candidates
    index: list[_NameIndex] = []

    def get_candidates(location_text: str) -> list[Any]:
        entries = parser.administrative_map_list
        if entries is None or not isinstance(location_text, str):
            return original(location_text)
        if not index or index[0].entries is not entries:
            index[:] = [_NameIndex(entries)]
        full = parser.administrative_map_list
        try:
            parser.administrative_map_list = index[0].candidates(location_text)
            return original(location_text)
        finally:
            parser.administrative_map_list = full

    get_candidates.unindexed = original  # type: ignore[attr-defined]
    parser.get_candidates = get_candidates
