"""Offline places for coordinates (cpca's adcodes), trip day-splitting options, and the questions a
trip line leaves open (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.parsing.geo import coordinates_of, km_from_city, place_at
from core.parsing.places import Place
from core.parsing.trip_text import parse_trip
from core.trips.validation import question_for, split_options

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("lat", "lon", "place"),
    [
        (22.54, 113.93, Place("广东省", "深圳市", "南山区")),
        (31.30, 120.60, Place("江苏省", "苏州市", "姑苏区")),
        (39.90, 116.40, Place("北京市", "北京市", "西城区")),  # a municipality: the city is itself
        (35.07, 112.60, Place("河南省", "济源市", None)),  # a county-level city under the province
    ],
)
def test_a_point_is_placed_in_its_district(lat: float, lon: float, place: Place) -> None:
    assert place_at(lat, lon) == place


def test_a_point_at_sea_or_abroad_has_no_place() -> None:
    assert place_at(10.0, 150.0) is None
    assert place_at(1.35, 103.82) is None  # Singapore


def test_distance_from_a_city_by_full_or_short_name() -> None:
    assert coordinates_of("广东省", "深圳市") == coordinates_of(None, "深圳")
    assert km_from_city(31.30, 120.60, None, "苏州") == 1
    assert km_from_city(31.30, 120.60, "广东省", "深圳市") == 1169
    assert km_from_city(31.30, 120.60, None, "不存在的城市") is None
    assert km_from_city(31.30, 120.60, None, None) is None


def test_split_options_give_every_city_a_day_in_order() -> None:
    assert split_options(3, 2) == [(1, 2), (2, 1)]
    assert split_options(3, 3) == [(1, 1, 1)]
    assert split_options(1, 2) == []  # fewer days than cities: no way to divide
    assert len(split_options(10, 3)) == 7  # too many: one more than shown, so the caller can tell


def test_questions_a_trip_line_leaves_open() -> None:
    shared = question_for(parse_trip("下周二到周四去苏州、无锡考察光伏企业", TODAY), "x")
    assert shared is not None and shared.missing == "split" and shared.places == ("苏州", "无锡")
    assert [[(leg.city, leg.start.day, leg.end.day) for leg in o] for o in shared.options] == [
        [("苏州市", 1, 1), ("无锡市", 2, 3)],
        [("苏州市", 1, 2), ("无锡市", 3, 3)],
    ]
    dates = question_for(parse_trip("去杭州考察阿里巴巴", TODAY), "x")
    assert dates is not None and dates.missing == "dates" and dates.places == ("杭州",)
    place = question_for(parse_trip("明天拜访华为", TODAY), "x")
    assert place is not None and place.missing == "place" and place.start == dt.date(2026, 11, 26)
    assert question_for(parse_trip("明天去深圳拜访华为", TODAY), "x") is None
    assert question_for(parse_trip("你好", TODAY), "x") is None  # neither place nor date: not a trip
