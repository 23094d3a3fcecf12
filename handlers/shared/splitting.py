"""Split long Telegram HTML into messages under the 4096-character limit, never inside a tag.

Tags open at a cut are closed at the end of one part and reopened at the start of the next, so
each part is valid HTML on its own. Cuts prefer line ends, then spaces; never split an entity.
"""

from __future__ import annotations

import re

LIMIT = 4096
_TOKEN = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][\w-]*)")
_ENTITY_TAIL = re.compile(r"&[#\w]{0,10}$")


def _is_closing(tag: str) -> bool:
    return tag.startswith("</")


def _name(tag: str) -> str:
    match = _TAG_NAME.match(tag)
    return match.group(1).lower() if match else ""


def _cut_text(text: str, room: int) -> int:
    """Where to cut `text` to fit in `room` chars: at a newline, else a space, else anywhere safe."""
    if len(text) <= room:
        return len(text)
    window = text[:room]
    for sep in ("\n", " "):
        pos = window.rfind(sep)
        if pos > room // 2:
            return pos + 1
    tail = _ENTITY_TAIL.search(window)
    return tail.start() if tail and tail.start() > 0 else room


def split_html(text: str, limit: int = LIMIT) -> list[str]:
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    stack: list[tuple[str, str]] = []  # (name, opening tag as written)
    current = ""

    def closing() -> str:
        return "".join(f"</{name}>" for name, _ in reversed(stack))

    def flush() -> None:
        nonlocal current
        body, kept = current, len(stack)
        # tags opened at the very end carry over to the next part instead of leaving "<i></i>"
        while kept and body.endswith(stack[kept - 1][1]):
            body = body[: -len(stack[kept - 1][1])]
            kept -= 1
        prefix = "".join(tag for _, tag in stack[:kept])
        if body.strip() and body != prefix:
            parts.append(body + "".join(f"</{name}>" for name, _ in reversed(stack[:kept])))
        current = "".join(tag for _, tag in stack)

    for token in _TOKEN.split(text):
        if not token:
            continue
        if token.startswith("<"):
            # a closing tag costs nothing: it replaces the one closing() would add
            if (
                not _is_closing(token)
                and len(current) + len(token) + len(closing()) + len(_name(token)) + 3 > limit
            ):
                flush()
            current += token
            if _is_closing(token):
                name = _name(token)
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i][0] == name:
                        del stack[i]
                        break
            else:
                stack.append((_name(token), token))
            continue
        while token:
            room = limit - len(current) - len(closing())
            if room <= 0:
                flush()
                continue
            # prefer to end the part at a line break rather than mid-line
            if len(token) > room and "\n" in current and "\n" not in token[:room]:
                flush()
                room = limit - len(current) - len(closing())
            cut = _cut_text(token, room)
            if cut == 0:
                flush()
                cut = _cut_text(token, limit - len(current) - len(closing()))
            current += token[:cut]
            token = token[cut:]
            if token:
                flush()
    if current.strip() and current != "".join(tag for _, tag in stack):
        parts.append(current + closing())
    return parts
