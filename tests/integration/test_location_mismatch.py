"""A shared location far from the itinerary's city of its day is listed in the digest (issue 11);
one near the city, and one beyond the window, are not. Coordinates are never shown."""

from __future__ import annotations

import datetime as dt

from core.calendar import CalendarService
from core.clock import FixedClock
from core.delivery.outbox import Outbox
from core.office.digest import DigestRules, DigestService
from core.policy import WHOLE_CAMPAIGN
from db.database import Database
from db.models import DailyReport
from handlers.office.digest_text import digest_text
from handlers.shared.i18n import use_locale
from tests.support.factories import add_person
from tests.support.trips import add_trip

DAY = dt.date(2026, 11, 25)  # Wednesday: the window is Tuesday the 24th


async def _report(
    db: Database, trip_id: int, author_id: int, day: dt.date, lat: float, lon: float, where: str
) -> None:
    async with db.transaction() as tx:
        tx.session.add(
            DailyReport(
                trip_id=trip_id,
                author_id=author_id,
                report_date=day,
                city="深圳",
                location_text=where,
                latitude=lat,
                longitude=lon,
            )
        )


async def test_far_locations_are_listed_near_ones_are_not(db: Database, clock: FixedClock) -> None:
    zhang = await add_person(db, "张三")
    li = await add_person(db, "李四")
    far = await add_trip(db, zhang, dt.date(2026, 11, 23), dt.date(2026, 11, 26))  # 深圳
    near = await add_trip(db, li, dt.date(2026, 11, 23), dt.date(2026, 11, 26))
    await _report(db, far.id, zhang.id, dt.date(2026, 11, 24), 31.30, 120.60, "苏州姑苏")
    await _report(db, far.id, zhang.id, dt.date(2026, 11, 23), 31.30, 120.60, "苏州姑苏")  # before the window
    await _report(db, near.id, li.id, dt.date(2026, 11, 24), 22.54, 113.93, "深圳南山")
    service = DigestService(db, clock, Outbox(clock), CalendarService(db), DigestRules(mismatch_km=100))
    digest = await service.build(DAY, WHOLE_CAMPAIGN)
    assert [(m.name, m.day, m.place, m.city) for m in digest.mismatches.items] == [
        ("张三", dt.date(2026, 11, 24), "苏州姑苏", "深圳")
    ]
    with use_locale("zh"):
        text = digest_text(digest)
    assert "定位与行程不符" in text and "张三：11月24日定位在苏州姑苏，距行程城市深圳约1169公里" in text
    assert "31.3" not in text and "李四：" not in text.split("定位与行程不符")[1]
    with use_locale("en"):
        assert "about 1169 km from the itinerary city 深圳" in digest_text(digest)

    lenient = DigestService(db, clock, Outbox(clock), CalendarService(db), DigestRules(mismatch_km=2000))
    assert (await lenient.build(DAY, WHOLE_CAMPAIGN)).mismatches.total == 0
