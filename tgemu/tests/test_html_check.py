"""The HTML checker matches TDLib's parse_html: same errors, same byte offsets, same plain text."""

from __future__ import annotations

import pytest

from tgemu.html_check import HtmlParseError, ParsedText, parse_html, strip_text, utf16_length

SURROGATES = (
    "Text contains invalid Unicode characters after decoding HTML entities, "
    "check for unmatched surrogate code units"
)


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13"),
        ("🏟 🏟&lt;<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
        ("🏟 🏟&lt;<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'),
        ("🏟 🏟&lt;<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'),
        ("🏟 🏟&lt;<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"),
        ('🏟 🏟&lt;<i    aba  =  "&lt;&gt;&quot;>', "Unclosed start tag at byte offset 13"),
        ("🏟 🏟&lt;</", "Unexpected end tag at byte offset 13"),
        ("🏟 🏟&lt;<b></b></", "Unexpected end tag at byte offset 20"),
        ("🏟 🏟&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"),
        ("🏟 🏟&lt;<i>a</em   >", 'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"'),
        ("&#57311;", SURROGATES),
        ("<b>粗体", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("项目<br>", 'Unsupported start tag "br" at byte offset 6'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<tg-emoji emoji-id=x>👍</tg-emoji>", "Invalid custom emoji identifier specified"),
    ],
)
def test_rejects_like_telegram(source: str, error: str) -> None:
    with pytest.raises(HtmlParseError) as caught:
        parse_html(source)
    assert str(caught.value) == error


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("&lt;&gt;&amp;&quot;&laquo;&#12345678;", '<>&"&laquo;&#12345678;'),
        ("🏟 🏟<i>🏟 &lt🏟</i>", "🏟 🏟🏟 <🏟"),
        ("<b>到位资金</b> 3.5 亿元 &#x4e07;", "到位资金 3.5 亿元 万"),
        ("<i>a</    >", "a"),
        ("5 &gt; 3 &amp;&amp; 2 &lt; 4", "5 > 3 && 2 < 4"),
    ],
)
def test_plain_text(source: str, text: str) -> None:
    assert parse_html(source).text == text


def test_entities_count_utf16_units() -> None:
    parsed = parse_html("🏟 <b>粗</b><a href='https://t.me/x'>链接</a><tg-spoiler>秘</tg-spoiler>")
    assert parsed.text == "🏟 粗链接秘"
    assert parsed.entities == (
        {"type": "bold", "offset": 3, "length": 1},
        {"type": "text_link", "offset": 4, "length": 2, "url": "https://t.me/x"},
        {"type": "spoiler", "offset": 6, "length": 1},
    )


def test_pre_with_language_and_blockquotes() -> None:
    code = parse_html('<pre><code class="language-python">x = 1</code></pre>')
    assert code.entities == ({"type": "pre", "offset": 0, "length": 5, "language": "python"},)
    quote = parse_html("<blockquote expandable>长文</blockquote><blockquote>短</blockquote>")
    assert [entity["type"] for entity in quote.entities] == ["expandable_blockquote", "blockquote"]


def test_strip_text_moves_entities() -> None:
    stripped = strip_text(ParsedText("\n  ab ", ({"type": "bold", "offset": 3, "length": 3},)))
    assert stripped == ParsedText("ab", ({"type": "bold", "offset": 0, "length": 2},))


def test_utf16_length() -> None:
    assert utf16_length("中文🏟") == 4
