from __future__ import annotations

import re

from handlers.shared.splitting import split_html
from tgemu.html_check import parse_html


def _balanced(part: str) -> bool:
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-zA-Z][\w-]*)", part):
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


def test_a_20000_char_digest_splits_into_valid_parts_and_loses_nothing() -> None:
    lines = [
        f'<b>{i}. 项目</b> <i>负责人 &amp; 单位</i> <a href="https://e.x/{i}">链接</a> {"进度" * 20}'
        for i in range(260)
    ]
    text = "<blockquote>" + "\n".join(lines) + "</blockquote>"
    assert len(text) > 20_000
    parts = split_html(text)
    assert all(len(p) <= 4096 for p in parts)
    assert all(_balanced(p) for p in parts)
    for part in parts:
        parse_html(part)  # the emulator's Telegram-like parser accepts each part
    plain = "".join(re.sub(r"<[^>]+>", "", p) for p in parts)
    assert plain.replace("\n", "") == re.sub(r"<[^>]+>", "", text).replace("\n", "")


def test_short_text_is_untouched_and_entities_are_never_cut() -> None:
    assert split_html("<b>hi</b>") == ["<b>hi</b>"]
    parts = split_html("&amp;" * 2000, limit=100)
    assert all(p.count("&") == p.count("&amp;") for p in parts)
