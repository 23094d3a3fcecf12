"""Chinese place names in a sentence → province / city / district.

jionlp's ``parse_location`` does the work (about 2–5 ms a call; never ``recognize_location``).
Corrections made here:

* a bare district name that exists in many cities (``和平``, ``新华``, ``长安汽车`` → 长安区) comes back
  with neither province nor city; it is kept only when written with its suffix (``南山区``).
* ``长沙`` comes back as 长沙市/长沙县; the county is dropped unless the text names it (``长沙县``).
* Municipalities (北京/上海/天津/重庆) are cities: province and city are both ``上海市``, and the
  label is ``上海`` / ``上海浦东``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from core.parsing.chinese_text import normalize_text
from core.parsing.jionlp_engine import JIO_LOCK, jio

_SUFFIX = re.compile(
    r"(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|新区|省|市|区|县|盟|旗)$"
)


_DISTRICT_SUFFIX = re.compile(r"[区县市旗]$")


@dataclass(frozen=True)
class Place:
    province: str | None
    city: str | None
    district: str | None

    @property
    def label(self) -> str:
        """Shortest sensible display: ``深圳``, ``上海浦东``, ``成都``, ``昆山``, ``江苏``."""
        city = short_name(self.city) if self.city else None
        if self.district:
            district = short_name(self.district)
            if district == city:
                return self.district  # 长沙县, not 长沙
            if city is None or self.district.endswith("市") or district.startswith(city):
                return district
            return city + district
        if city:
            return city
        return short_name(self.province) if self.province else ""


# places jionlp gets wrong (雄安新区 → 保定市安新县)
_OVERRIDES: dict[str, Place] = {"雄安": Place("河北省", "雄安新区", None)}


@functools.cache
def _aliases() -> dict[str, str]:
    """Full administrative name → its common short name (from jionlp's location data)."""
    aliases: dict[str, str] = {}

    def walk(node: dict[str, Any]) -> None:
        full, alias = node.get("_full_name"), node.get("_alias")
        if isinstance(alias, list):
            alias = alias[0] if alias else None
        if isinstance(full, str) and isinstance(alias, str) and alias:
            aliases.setdefault(full, alias)
        for key, child in node.items():
            if not key.startswith("_") and isinstance(child, dict):
                walk(child)

    with JIO_LOCK:
        provinces = jio().china_location_loader()
    for province in provinces.values():
        if isinstance(province, dict):
            walk(province)
    return aliases


def short_name(full: str) -> str:
    """``深圳市`` → ``深圳``, ``浦东新区`` → ``浦东``, ``黔西南布依族苗族自治州`` → ``黔西南``."""
    alias = _aliases().get(full)
    if alias:
        return alias
    stripped = _SUFFIX.sub("", full)
    return stripped if len(stripped) >= 2 else full


def _mentioned(text: str, full: str) -> bool:
    return full in text or short_name(full) in text


def parse_place(text: str) -> Place | None:
    """The first place named in ``text`` (a sentence or a bare name), or None if there is none."""
    text = normalize_text(text).strip()
    if not text:
        return None
    for name, place in _OVERRIDES.items():
        if name in text:
            return place
    with JIO_LOCK:
        result = jio().parse_location(text)
    province: str | None = result.get("province")
    city: str | None = result.get("city")
    district: str | None = result.get("county")
    if district is not None:
        if province is None and city is None and not (_DISTRICT_SUFFIX.search(district) and district in text):
            district = None  # ambiguous bare name such as 和平 / 长安(汽车)
        elif city is not None and short_name(district) == short_name(city) and district not in text:
            district = None  # 长沙 → 长沙市, not 长沙县
    if province is None and city is None and district is None:
        return None
    named = [name for name in (province, city, district) if name]
    if not any(_mentioned(text, name) for name in named):
        return None
    return Place(province, city, district)
