"""Telegram's ``parse_mode=HTML``, strictly enough to reject exactly what Telegram rejects.

This follows TDLib's ``parse_html`` (td/telegram/MessageEntity.cpp) step by step, so the error
texts and byte offsets are the ones the Bot API puts after ``Bad Request: can't parse entities:``.
The result is the plain text (tags removed, entities decoded) plus Bot API ``MessageEntity``
dicts whose offsets and lengths count UTF-16 code units, as Telegram's do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["SUPPORTED_TAGS", "HtmlParseError", "ParsedText", "parse_html", "strip_text", "utf16_length"]

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)

_SIMPLE_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_NAMED_CHARACTERS = {b"lt": ord("<"), b"gt": ord(">"), b"amp": ord("&"), b"quot": ord('"')}
_SPACES = frozenset(b" \t\r\n\0\v\f")
_LT, _GT, _AMP, _SLASH, _EQ = ord("<"), ord(">"), ord("&"), ord("/"), ord("=")
_QUOTES = frozenset(b"'\"")
_ATTRIBUTE_NAME_STOP = frozenset(b"=>/'\"")
_SURROGATE_ERROR = (
    "Text contains invalid Unicode characters after decoding HTML entities, "
    "check for unmatched surrogate code units"
)


class HtmlParseError(ValueError):
    """The HTML is not what Telegram accepts; ``str(error)`` is TDLib's message."""


@dataclass(frozen=True)
class ParsedText:
    text: str
    entities: tuple[dict[str, Any], ...] = ()


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    byte_offset: int


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units: the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> ParsedText:
    """Parse Telegram-flavoured HTML; raise :class:`HtmlParseError` like Telegram does."""
    return _HtmlParser(source.encode("utf-8")).parse()


def strip_text(parsed: ParsedText) -> ParsedText:
    """Trim leading/trailing whitespace as Telegram does, keeping entities in place."""
    text = parsed.text
    stripped = text.strip()
    if stripped == text:
        return parsed
    start = utf16_length(text[: len(text) - len(text.lstrip())])
    end = start + utf16_length(stripped)
    entities = []
    for entity in parsed.entities:
        lo = max(entity["offset"], start)
        hi = min(entity["offset"] + entity["length"], end)
        if hi > lo:
            entities.append({**entity, "offset": lo - start, "length": hi - lo})
    return ParsedText(stripped, tuple(entities))


def _is_alpha(c: int) -> bool:
    return 0x41 <= c <= 0x5A or 0x61 <= c <= 0x7A


def _is_digit(c: int) -> bool:
    return 0x30 <= c <= 0x39


def _is_hex_digit(c: int) -> bool:
    return _is_digit(c) or 0x41 <= c <= 0x46 or 0x61 <= c <= 0x66


def _lower(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").lower()


def _checked_link(url: str) -> str | None:
    """A rough stand-in for TDLib's LinkManager::get_checked_link."""
    if not url or any(ch.isspace() for ch in url):
        return None
    if "://" in url or url.startswith(("tg:", "mailto:")):
        return url
    if "." in url:
        return "http://" + url + ("" if "/" in url else "/")
    return None


@dataclass
class _HtmlParser:
    source: bytes
    out: bytearray = field(default_factory=bytearray)
    utf16_offset: int = 0
    open_tags: list[_OpenTag] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    has_surrogates: bool = False

    def at(self, i: int) -> int:
        return self.source[i] if i < len(self.source) else 0

    def parse(self) -> ParsedText:
        i = 0
        while i < len(self.source):
            c = self.source[i]
            if c == _AMP:
                decoded = self.decode_entity(i)
                if decoded is not None:
                    code, i = decoded
                    self.append_code(code)
                    continue
            if c != _LT:
                if c & 0xC0 != 0x80:
                    self.utf16_offset += 2 if c >= 0xF0 else 1
                self.out.append(c)
                i += 1
                continue
            i = self.end_tag(i) if self.at(i + 1) == _SLASH else self.start_tag(i)
        if self.open_tags:
            name = self.open_tags[-1].name
            raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{name}"')
        if self.has_surrogates:
            raise HtmlParseError(_SURROGATE_ERROR)
        for entity in self.entities:
            entity.pop("_argument", None)
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return ParsedText(self.out.decode("utf-8", "replace"), tuple(self.entities))

    def append_code(self, code: int) -> None:
        if 0xD800 <= code <= 0xDFFF:
            self.has_surrogates = True
            code = 0xFFFD
        self.utf16_offset += 2 if code > 0xFFFF else 1
        self.out += chr(code).encode("utf-8")

    def decode_entity(self, pos: int) -> tuple[int, int] | None:
        """Decode ``&...;`` at ``pos``: (code point, position after it), or None if not an entity."""
        end = pos + 1
        code = 0
        if self.at(pos + 1) == ord("#"):
            end += 1
            if self.at(pos + 2) == ord("x"):
                end += 1
                while _is_hex_digit(self.at(end)):
                    code = code * 16 + int(chr(self.at(end)), 16)
                    end += 1
            else:
                while _is_digit(self.at(end)):
                    code = code * 10 + self.at(end) - 0x30
                    end += 1
            if code == 0 or code >= 0x10FFFF or end - pos >= 10:
                return None
        else:
            while _is_alpha(self.at(end)):
                end += 1
            named = _NAMED_CHARACTERS.get(self.source[pos + 1 : end])
            if named is None:
                return None
            code = named
        if self.at(end) == ord(";"):
            end += 1
        return code, end

    def skip_spaces(self, i: int) -> int:
        while self.at(i) != 0 and self.at(i) in _SPACES:
            i += 1
        return i

    def start_tag(self, begin: int) -> int:
        i = begin + 1
        while self.at(i) not in _SPACES and self.at(i) != _GT:
            i += 1
        if self.at(i) == 0:
            raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
        tag = _lower(self.source[begin + 1 : i])
        if tag not in SUPPORTED_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
        argument = ""
        while self.at(i) != _GT:
            i = self.skip_spaces(i)
            if self.at(i) == _GT:
                break
            i, argument = self.attribute(i, tag, begin, argument)
        if tag == "span" and argument != "spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
        self.open_tags.append(_OpenTag(tag, argument, self.utf16_offset, len(self.out)))
        return i + 1

    def attribute(self, i: int, tag: str, begin: int, argument: str) -> tuple[int, str]:
        """Parse one attribute at ``i``; return the next position and the tag's (new) argument."""
        name_begin = i
        while self.at(i) not in _SPACES and self.at(i) not in _ATTRIBUTE_NAME_STOP:
            i += 1
        name = self.source[name_begin:i]
        if not name:
            raise HtmlParseError(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
        i = self.skip_spaces(i)
        if self.at(i) != _EQ:
            if self.at(i) == 0:
                raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            if tag == "blockquote" and name == b"expandable":
                argument = "1"
            return i, argument
        i = self.skip_spaces(i + 1)
        if self.at(i) == 0:
            raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
        if self.at(i) in _QUOTES:
            i, value = self.quoted_value(i)
        else:
            i, value = self.name_token(i)
        if self.at(i) == 0:
            raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
        return i, _tag_argument(tag, name, value, argument)

    def name_token(self, i: int) -> tuple[int, str]:
        token_begin = i
        while _is_alpha(self.at(i)) or _is_digit(self.at(i)) or self.at(i) in b".-":
            i += 1
        if self.at(i) not in _SPACES and self.at(i) != _GT:
            raise HtmlParseError(f"Unexpected end of name token at byte offset {token_begin}")
        return i, _lower(self.source[token_begin:i])

    def quoted_value(self, i: int) -> tuple[int, str]:
        quote = self.at(i)
        i += 1
        value = bytearray()
        while self.at(i) != quote and self.at(i) != 0:
            if self.at(i) == _AMP:
                decoded = self.decode_entity(i)
                if decoded is not None:
                    code, i = decoded
                    value += chr(code).encode("utf-8", "surrogatepass")
                    continue
            value.append(self.at(i))
            i += 1
        if self.at(i) == quote:
            i += 1
        return i, value.decode("utf-8", "replace")

    def end_tag(self, begin: int) -> int:
        if not self.open_tags:
            raise HtmlParseError(f"Unexpected end tag at byte offset {begin}")
        i = begin + 1
        while self.at(i) not in _SPACES and self.at(i) != _GT:
            i += 1
        end_name = _lower(self.source[begin + 2 : i])
        while self.at(i) != 0 and self.at(i) in _SPACES:
            i += 1
        if self.at(i) != _GT:
            raise HtmlParseError(f"Unclosed end tag at byte offset {begin}")
        open_tag = self.open_tags[-1]
        if end_name and end_name != open_tag.name:
            expected, found = f"</{open_tag.name}>", f"</{end_name}>"
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {begin}, expected "{expected}", found "{found}"'
            )
        if self.utf16_offset > open_tag.utf16_offset:
            self.close_entity(open_tag)
        self.open_tags.pop()
        return i + 1

    def close_entity(self, tag: _OpenTag) -> None:
        span = {"offset": tag.utf16_offset, "length": self.utf16_offset - tag.utf16_offset}
        if tag.name in _SIMPLE_ENTITY_TYPES:
            self.entities.append({"type": _SIMPLE_ENTITY_TYPES[tag.name], **span})
        elif tag.name == "tg-emoji":
            if not tag.argument.isdigit() or int(tag.argument) == 0:
                raise HtmlParseError("Invalid custom emoji identifier specified")
            self.entities.append({"type": "custom_emoji", **span, "custom_emoji_id": tag.argument})
        elif tag.name == "a":
            url = tag.argument or self.out[tag.byte_offset :].decode("utf-8", "replace")
            checked = _checked_link(url)
            if checked is not None:
                self.entities.append({"type": "text_link", **span, "url": checked})
        elif tag.name == "blockquote":
            kind = "expandable_blockquote" if tag.argument else "blockquote"
            self.entities.append({"type": kind, **span})
        else:
            self.close_code_or_pre(tag, span)

    def close_code_or_pre(self, tag: _OpenTag, span: dict[str, int]) -> None:
        last = self.entities[-1] if self.entities else None
        same_span = last is not None and last["offset"] == span["offset"] and last["length"] == span["length"]
        if tag.name == "pre":
            if same_span and last is not None and last["type"] == "code" and last.get("_argument"):
                last.update(type="pre", language=last.pop("_argument"))
            else:
                self.entities.append({"type": "pre", **span})
        elif same_span and last is not None and last["type"] == "pre" and tag.argument:
            last["language"] = tag.argument
        else:
            self.entities.append({"type": "code", **span, "_argument": tag.argument})


def _tag_argument(tag: str, name: bytes, value: str, current: str) -> str:
    if tag == "a" and name == b"href":
        return value
    if tag == "code" and name == b"class" and value.startswith("language-"):
        return value[len("language-") :]
    if tag == "span" and name == b"class" and value.startswith("tg-"):
        return value[len("tg-") :]
    if tag == "tg-emoji" and name == b"emoji-id":
        return value
    if tag == "blockquote" and name == b"expandable":
        return "1"
    return current
