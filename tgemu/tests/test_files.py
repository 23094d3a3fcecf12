"""Files both ways: users send documents the bot downloads; the bot uploads files the test downloads."""

from __future__ import annotations

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InputMediaDocument, InputMediaPhoto
from aiogram.types.media_union import MediaUnion

from tgemu.emulator import BotApiEmulator, FakeUser, make_png

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def test_user_document_is_downloadable_by_the_bot(
    bot: Bot, emu: BotApiEmulator, alice: FakeUser
) -> None:
    data = "项目,负责人\n新能源产业园,张三\n".encode()
    emu.send_document(alice, data, "projects.csv", caption="导入")
    [update] = await bot.get_updates()
    assert update.message is not None and update.message.caption == "导入"
    document = update.message.document
    assert document is not None and document.file_name == "projects.csv" and document.mime_type == "text/csv"
    downloaded = await bot.download(document)
    assert downloaded is not None and downloaded.read() == data


async def test_bot_upload_is_stored_and_downloadable(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    payload = b"PK\x03\x04 fake xlsx bytes"
    sent = await bot.send_document(
        alice.id, BufferedInputFile(payload, filename="导出.xlsx"), caption="<b>本周</b>导出"
    )
    assert sent.document is not None and sent.caption == "本周导出"
    stored = emu.transcript(alice)[-1]
    assert stored.document is not None and stored.document.data == payload
    assert stored.document.file_name == "导出.xlsx" and stored.document.mime_type == XLSX
    assert stored.html == "<b>本周</b>导出"

    file = await bot.get_file(sent.document.file_id)
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{emu.api_url}/file/bot{emu.token}/{file.file_path}") as response:
            assert await response.read() == payload

    again = await bot.send_document(alice.id, sent.document.file_id)
    assert again.document is not None and again.document.file_unique_id == sent.document.file_unique_id


async def test_photos(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    png = make_png(200, 100)
    sent = await bot.send_photo(alice.id, BufferedInputFile(png, filename="chart.png"), caption="图表")
    assert sent.photo is not None and (sent.photo[-1].width, sent.photo[-1].height) == (200, 100)
    assert sent.photo[0].width < sent.photo[-1].width
    thumb = await bot.download(sent.photo[0].file_id)
    assert thumb is not None and thumb.read() == png
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(alice.id, BufferedInputFile(b"not an image", filename="x.png"))
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_photo(alice.id, sent.photo[-1].file_id, caption="长" * 1025)
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_photo(alice.id, "no-such-file-id")


async def test_media_group(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    photos: list[MediaUnion] = [
        InputMediaPhoto(media=BufferedInputFile(make_png(), filename=f"p{i}.png"), caption=f"<i>现场{i}</i>")
        for i in range(3)
    ]
    album = await bot.send_media_group(alice.id, photos)
    assert [message.caption for message in album] == ["现场0", "现场1", "现场2"]
    assert len({message.media_group_id for message in album}) == 1
    with pytest.raises(TelegramBadRequest, match="document can't be mixed"):
        await bot.send_media_group(
            alice.id,
            [
                InputMediaPhoto(media=album[0].photo[-1].file_id),  # type: ignore[index]
                InputMediaDocument(media=BufferedInputFile(b"x", filename="a.txt")),
            ],
        )


async def test_user_photo_and_location_updates(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    emu.send_photo(alice, make_png(1280, 960), caption="考察现场")
    emu.send_location(alice, 30.66, 104.06)
    photo_update, location_update = await bot.get_updates()
    assert photo_update.message is not None and photo_update.message.photo is not None
    assert photo_update.message.photo[-1].width == 1280
    assert location_update.message is not None and location_update.message.location is not None
    assert location_update.message.location.longitude == 104.06
