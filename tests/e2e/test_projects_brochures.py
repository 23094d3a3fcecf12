"""一个项目一本推介手册: the office attaches files, a cadre finds them and gets them to forward."""

from __future__ import annotations

from bot.runner import Running
from db.database import Database
from db.enums import Role
from tests.e2e.conftest import MakePersona
from tests.support.projects import add_project
from tgemu.client import TelegramTester
from tgemu.emulator import make_png

PDF = b"%PDF-1.4\n% brochure\n"


async def test_office_attaches_brochures_and_a_cadre_forwards_them(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    office = await persona("办公室王主任", [Role.OFFICE])
    cadre = await persona("钱干部", [Role.CADRE])
    await add_project(db, "新能源电池产业园", industry="新能源")
    await add_project(db, "光伏组件项目", industry="新能源")
    await add_project(db, "文旅综合体", industry="文旅")

    added = await tg.upload(office.user, PDF, "电池产业园推介.pdf", caption="/brochure_add 新能源电池产业园")
    assert "已添加到新能源电池产业园的推介手册（共 1 个文件）" in added.text
    start = await tg.say(office.user, "/brochure_add 光伏组件")
    assert "请发送光伏组件项目的推介手册" in start.text
    assert "共 1 个文件" in (await tg.send_photo(office.user, make_png(20, 10))).text
    second = await tg.upload(office.user, b"PK\x03\x04 pptx", "光伏.pptx")
    assert "共 2 个文件" in second.text
    bad = await tg.upload(office.user, b"MZ", "setup.exe")
    assert "不是可用的推介材料" in bad.text
    await tg.press(office.user, second, "完成")

    listing = await tg.say(cadre.user, "/brochure 新能源")
    assert "（2 个）" in listing.text and listing.button("光伏组件项目")
    pressed = await tg.press(cadre.user, listing, "新能源电池产业园")
    assert pressed.message is not None and "可直接转发给客商" in pressed.message.text
    document = await tg.next_answer(pressed.message)
    assert document.document is not None and document.document.data == PDF
    assert document.document.file_name == "电池产业园推介.pdf"

    one = await tg.say(cadre.user, "/brochure 光伏")  # one project: the files at once
    assert "光伏组件项目推介手册（2 个文件）" in one.text
    _, photo, pptx = await tg.answers(one, 3)
    assert photo.photo is not None and pptx.document is not None and pptx.document.file_name == "光伏.pptx"
    assert "没有找到" in (await tg.say(cadre.user, "/brochure 文旅")).text  # no brochure attached
    assert "用法" in (await tg.say(cadre.user, "/brochure")).text
    refused = await tg.upload(cadre.user, PDF, "x.pdf", caption="/brochure_add 文旅综合体")
    assert "没有使用该功能的权限" in refused.text
