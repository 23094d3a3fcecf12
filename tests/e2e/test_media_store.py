"""The media store: brochures, photos and the files sent for import are copied out of Telegram, so a new
bot token loses nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.media import DirectoryStore, open_store
from bot.runner import Running
from bot.settings import Settings
from core.clock import FixedClock
from core.errors import Forbidden
from core.media import MAX_ATTEMPTS, storage_key
from db.database import Database
from db.enums import AttachmentKind, Role
from db.models import Attachment
from tests.conftest import TZ
from tests.e2e.conftest import BOTH_BACKENDS, MakePersona
from tests.support.factories import add_group
from tests.support.projects import add_project, plan_row, seed_plan, xlsx
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator, make_png

PDF = b"%PDF-1.4\n% brochure\n"


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"media_store": str(tmp_path / "media"), "media_sweep_seconds": 3600})


async def attachments(db: Database) -> list[Attachment]:
    async with db.transaction() as tx:
        return list((await tx.session.scalars(sa.select(Attachment).order_by(Attachment.id))).all())


async def test_brochures_and_photos_are_kept_in_the_store(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    persona: MakePersona,
    db: Database,
    tmp_path: Path,
) -> None:
    office = await persona("办公室王主任", [Role.OFFICE])
    await add_project(db, "新能源电池产业园")
    added = await tg.upload(office.user, PDF, "电池产业园推介.pdf", caption="/brochure_add 新能源电池产业园")
    assert "共 1 个文件" in added.text
    png = make_png(20, 10)
    start = await tg.say(office.user, "/brochure_add 新能源电池")
    assert "推介手册" in start.text
    assert "共 2 个文件" in (await tg.send_photo(office.user, png)).text

    assert zsbot.archiver is not None
    await zsbot.archiver.sweep()
    rows = await attachments(db)
    assert [(r.kind, r.stored_key is not None) for r in rows] == [
        (AttachmentKind.DOCUMENT, True),
        (AttachmentKind.PHOTO, True),
    ]
    assert rows[0].stored_key == f"document/{rows[0].created_at:%Y/%m}/{rows[0].id}.pdf"
    assert rows[1].stored_key is not None and rows[1].stored_key.startswith("photo/")

    emulator.files.clear()  # a new token: Telegram's copies are out of reach
    store = DirectoryStore(tmp_path / "media")
    assert await store.get(rows[0].stored_key) == PDF
    assert await store.get(rows[1].stored_key) == png
    assert await zsbot.archiver.sweep() == 0  # nothing copied twice


@BOTH_BACKENDS
async def test_every_file_sent_for_import_is_kept_whether_or_not_it_is_imported(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    persona: MakePersona,
    db: Database,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    clock.set(dt.datetime(2026, 3, 2, 10, 0, tzinfo=TZ))
    group = await add_group(db, "第一工作组")
    office = await persona("办公室王主任", [Role.OFFICE])
    await persona("李负责", [Role.PROJECT_LEAD])
    bad_plan = xlsx(
        [*seed_plan(group.name, "李负责"), plan_row("坏项目", "新建", group.name, lead="查无此人")]
    )
    unknown = "甲,乙\n1,2\n".encode()
    good_plan = xlsx(seed_plan(group.name, "李负责"))

    assert "本次未导入任何内容" in (await tg.upload(office.user, bad_plan, "计划.xlsx")).text
    assert "甲" in (await tg.upload(office.user, unknown, "名单.CSV")).text  # headers not recognised
    assert "新增 4 个项目" in (await tg.upload(office.user, good_plan, "计划.xlsx")).text

    assert zsbot.archiver is not None
    await zsbot.archiver.sweep()  # what the background sweep has not copied yet
    assert zsbot.archiver.copied == 3 and zsbot.archiver.failed == 0
    rows = await attachments(db)
    assert [(r.kind, r.file_name, r.uploaded_by_id) for r in rows] == [
        (AttachmentKind.IMPORT, "计划.xlsx", office.person.id),
        (AttachmentKind.IMPORT, "名单.CSV", office.person.id),
        (AttachmentKind.IMPORT, "计划.xlsx", office.person.id),
    ]
    assert [r.stored_key for r in rows] == [
        f"import/2026/03/{rows[0].id}.xlsx",
        f"import/2026/03/{rows[1].id}.csv",
        f"import/2026/03/{rows[2].id}.xlsx",
    ]
    emulator.files.clear()  # a new token: the store still has what the office sent
    store = DirectoryStore(tmp_path / "media")
    assert [await store.get(r.stored_key or "") for r in rows] == [bad_plan, unknown, good_plan]


async def test_a_refused_import_keeps_nothing(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, tmp_path: Path
) -> None:
    cadre = await persona("钱干部", [Role.CADRE])
    plan = "name,category,lead,milestone,due\nSolar farm,new,13900000009,start_construction,2026-05-01\n"

    refused = await tg.upload(cadre.user, plan.encode(), "plan.csv")
    assert "导入" not in refused.text
    assert zsbot.archiver is not None
    assert await zsbot.archiver.sweep() == 0
    assert await attachments(db) == []
    assert not (tmp_path / "media" / "import").exists()
    with pytest.raises(Forbidden):  # the use case holds the rule too, not only the handler's filter
        await zsbot.services.media.keep_import(
            cadre.person, file_id="x", file_unique_id=None, file_name="plan.csv", mime_type=None
        )
    assert await attachments(db) == []


async def test_a_file_telegram_no_longer_has_is_tried_a_few_times_then_left(
    zsbot: Running, db: Database
) -> None:
    async with db.transaction() as tx:
        tx.session.add(Attachment(kind=AttachmentKind.PHOTO, file_id="gone-for-good"))
    assert zsbot.archiver is not None
    for _ in range(MAX_ATTEMPTS + 2):
        assert await zsbot.archiver.sweep() == 0
    (row,) = await attachments(db)
    assert row.stored_key is None and row.store_attempts == MAX_ATTEMPTS


def test_keys_never_come_from_user_file_names_and_the_store_setting_is_checked(tmp_path: Path) -> None:
    when = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    assert storage_key(7, "document", when, "../../etc/passwd", None) == "document/2026/11/7.bin"
    assert storage_key(8, "document", when, "方案.PDF", None) == "document/2026/11/8.pdf"
    assert storage_key(9, "photo", when, None, "image/jpeg") == "photo/2026/11/9.jpg"
    assert storage_key(10, "import", when, "计划.xlsx", None) == "import/2026/11/10.xlsx"
    assert isinstance(open_store(f"file://{tmp_path}"), DirectoryStore)
    with pytest.raises(ValueError, match="s3://"):
        open_store("ftp://example/x")
    with pytest.raises(ValueError, match="outside"):
        DirectoryStore(tmp_path)._path("../x")


async def test_the_s3_store_puts_and_gets_through_boto3() -> None:
    """The S3-compatible store against moto's in-process S3 (the real boto3 client, no network)."""
    pytest.importorskip("boto3")
    moto = pytest.importorskip("moto")
    import boto3

    with moto.mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="zsbot-media")
        store = open_store("s3://zsbot-media/county/")
        await store.put("photo/2026/11/9.jpg", b"\xff\xd8 jpeg")
        assert await store.get("photo/2026/11/9.jpg") == b"\xff\xd8 jpeg"
        listed = boto3.client("s3", region_name="us-east-1").list_objects_v2(Bucket="zsbot-media")
        assert [o["Key"] for o in listed["Contents"]] == ["county/photo/2026/11/9.jpg"]
