"""Offline places for coordinates: a shared location → province / city / district, and the distance
from a named city (the itinerary's city of the day).

The data is cpca's ``resources/adcodes.csv`` (MIT, https://github.com/DQinYuan/chinese_province_city_area_mapper),
copied to ``core/parsing/data/adcodes.csv``: every Chinese administrative code down to the district
with its longitude/latitude (centroid of the seat). Copied rather than installed because cpca pulls in
pandas for what is one small CSV. A point is placed in the district whose seat is nearest; beyond
``MAX_KM`` of any seat (the sea, abroad) it has no place. Coordinates are for computing only: the
user sees place names and distances, never raw coordinates.
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass
from importlib import resources

from core.parsing.places import Place, short_name

MAX_KM = 120.0  # farther than this from every district seat: not in China (no place)
_EARTH_KM = 6371.0088


@dataclass(frozen=True)
class _Area:
    code: str
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class _Atlas:
    by_code: dict[str, _Area]
    districts: tuple[_Area, ...]
    cities: dict[str, list[_Area]]  # short and full names of cities (and municipalities) → areas


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_KM * math.asin(math.sqrt(h))


@functools.cache
def _atlas() -> _Atlas:
    text = resources.files("core.parsing").joinpath("data/adcodes.csv").read_text(encoding="utf-8")
    by_code: dict[str, _Area] = {}
    for row in csv.DictReader(text.splitlines()):
        code = row["adcode"][:6]
        if not row["latitude"] or not row["longitude"]:
            continue  # a few codes (e.g. 三沙 islands) come without a seat
        by_code[code] = _Area(code, row["name"], float(row["latitude"]), float(row["longitude"]))
    districts = tuple(a for code, a in by_code.items() if code[2:] != "0000" and code[4:] != "00")
    cities: dict[str, list[_Area]] = {}
    for code, area in by_code.items():
        is_province = code[2:] == "0000"
        is_city = code[4:] == "00" and not is_province and area.name != "市辖区"
        municipality = is_province and area.name.endswith("市")
        direct = code[2:4] == "90"  # 省直辖县级市 (仙桃, 济源): a city of its own
        if is_city or municipality or direct:
            for name in {area.name, short_name(area.name)}:
                cities.setdefault(name, []).append(area)
    return _Atlas(by_code, districts, cities)


def _name(code: str) -> str | None:
    area = _atlas().by_code.get(code)
    return area.name if area is not None and area.name != "市辖区" else None


def place_at(latitude: float, longitude: float) -> Place | None:
    """The district (with its city and province) whose seat is nearest to the point, or None."""
    point = (latitude, longitude)
    best = min(_atlas().districts, key=lambda a: distance_km(point, (a.lat, a.lon)))
    if distance_km(point, (best.lat, best.lon)) > MAX_KM:
        return None
    province = _name(best.code[:2] + "0000")
    if best.code[2:4] == "90":  # 省直辖县级市
        return Place(province, best.name, None)
    city = _name(best.code[:4] + "00") or province  # municipalities: the city is the province
    return Place(province, city, best.name)


def coordinates_of(province: str | None, city: str | None) -> tuple[float, float] | None:
    """The seat of a city (``深圳市`` / ``深圳``; in ``province`` when given), or None if unknown."""
    if not city:
        return None
    found = _atlas().cities.get(city) or _atlas().cities.get(short_name(city)) or []
    if province:
        in_province = [a for a in found if _name(a.code[:2] + "0000") == province]
        found = in_province or found
    if len(found) != 1 and not (found and all(a.code[:2] == found[0].code[:2] for a in found)):
        return None  # unknown or ambiguous
    return found[0].lat, found[0].lon


def km_from_city(latitude: float, longitude: float, province: str | None, city: str | None) -> float | None:
    """How far the point is from the seat of ``city`` (km, rounded), or None if the city is unknown."""
    seat = coordinates_of(province, city)
    if seat is None:
        return None
    return round(distance_km((latitude, longitude), seat))
