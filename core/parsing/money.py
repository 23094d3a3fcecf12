"""Money amounts → 万元 as exact ``Decimal``.

The number grammar is parsed here, not by jionlp: measured with jionlp 1.5.31, ``parse_money``
returns 6.5亿 for ``3亿5千万`` and 8亿 for ``3.5个亿``, rejects ``到位2000万`` / ``￥2000万``, and
``extract_money`` misses amounts written without 元 (``到位2000万``, ``到位资金3.5亿``, ``10个亿``).
Its result is a float-formatted string with two decimals, so it is used only as a last resort for
a whole cell our grammar does not understand (for instance ``4亿多`` ranges are parsed here anyway).

Policy for foreign currencies: ``1.2亿美元`` is found by :func:`find_amounts` /
:func:`parse_amount` with ``currency="USD"``, but :func:`parse_wan` returns None for it — the
campaign counts 人民币 only, and converting needs a rate the caller has to choose.
A bare number (``2000``) is an amount only when the caller gives its unit (``default_unit``),
e.g. a column in 万元 or 亿元.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from core.parsing.chinese_text import CN_DIGITS, normalize_text
from core.parsing.jionlp_engine import JIO_LOCK, jio

Unit = Literal["元", "万", "亿"]

_UNIT_IN_YUAN: dict[str, Decimal] = {"元": Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
_WAN = Decimal(10_000)

_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000}

_CURRENCY_WORDS: dict[str, str] = {
    "元": "CNY",
    "块": "CNY",
    "块钱": "CNY",
    "人民币": "CNY",
    "RMB": "CNY",
    "CNY": "CNY",
    "￥": "CNY",
    "¥": "CNY",
    "美元": "USD",
    "美金": "USD",
    "USD": "USD",
    "US$": "USD",
    "$": "USD",
    "欧元": "EUR",
    "港元": "HKD",
    "港币": "HKD",
    "日元": "JPY",
    "英镑": "GBP",
    "韩元": "KRW",
}

_NUM_PART = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿点个]|\s(?=[万亿个]))"
)
_AMOUNT = re.compile(
    r"(?P<pre_approx>大约|约合|约|将近|接近|近|超过|超|逾)?\s*"
    r"(?P<pre_cur>人民币|RMB|CNY|USD|US\$|[￥¥$])?\s*"
    rf"(?P<num>(?=[\d零〇一二两三四五六七八九十百千]){_NUM_PART}+)"
    r"\s*(?P<cur>万?(?:块钱|元|块|美元|美金|欧元|港元|港币|日元|英镑|韩元))?"
    r"(?P<cur2>人民币)?"
    r"(?P<post_approx>左右|上下|多|余|以上)?"
)
# what may not follow an amount with a 万/亿 unit: 百万人口, 5万平方米, 3万亩, 2万吨, 1万户 …
_NOT_MONEY_AFTER = re.compile(
    r"\s*(?:人|口|平|亩|吨|户|家|次|瓦|千瓦|件|辆|台|套|株|头|只|册|份|公里|米|方|字|张|条|名|位|%|倍|年|月|日|天|岁|斤|公斤)"
)


@dataclass(frozen=True)
class Amount:
    """An amount found in text; ``wan`` is in 万 of ``currency`` (``CNY`` unless stated)."""

    wan: Decimal
    currency: str
    approximate: bool
    text: str
    start: int
    end: int


# ---------------------------------------------------------------------------------------------
# the number grammar: 3.5亿, 三亿五千万, 3亿5千万, 10个亿, 1.5万亿, 两万五, 2,000万
# ---------------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九]+(?:点[零〇一二两三四五六七八九]+)?|[十百千万亿]"
)


def _cn_digits(text: str) -> Decimal:
    whole, _, frac = text.partition("点")
    value = Decimal("".join(str(CN_DIGITS[ch]) for ch in whole) or "0")
    if frac:
        value += Decimal("0." + "".join(str(CN_DIGITS[ch]) for ch in frac))
    return value


def number_value(text: str) -> Decimal | None:
    """The value of a Chinese/Arabic number with 十百千万亿 multipliers, or None if malformed."""
    compact = re.sub(r"[\s,个]", "", text)
    if not compact or _TOKEN.sub("", compact):
        return None
    total = Decimal(0)  # whole 亿 part
    wan_part = Decimal(0)  # whole 万 part below the 亿
    section = Decimal(0)  # below 万
    current: Decimal | None = None
    last_multiplier: int | None = None
    for token in _TOKEN.findall(compact):
        if token in _MULTIPLIERS:
            section += (current if current is not None else Decimal(1)) * _MULTIPLIERS[token]
            current, last_multiplier = None, _MULTIPLIERS[token]
        elif token == "万":
            if wan_part:
                return None  # 2000万3000万 is two amounts
            wan_part += (section + (current or 0)) * _WAN
            section, current, last_multiplier = Decimal(0), None, 10_000
        elif token == "亿":
            if total:
                return None
            total = (total + wan_part + section + (current or 0)) * Decimal(100_000_000)
            wan_part, section, current, last_multiplier = Decimal(0), Decimal(0), None, 100_000_000
        else:
            if current is not None:
                return None  # two numbers in a row: 3.5 2
            if token in ("零", "〇"):
                last_multiplier = None  # 一百零五: the 五 is units
                continue
            current = Decimal(token) if token[0].isdigit() else _cn_digits(token)
    if (
        current is not None
        and last_multiplier is not None
        and last_multiplier >= 10
        and current == current.to_integral_value()
        and 0 < current < 10
    ):
        current *= Decimal(last_multiplier) / 10  # 三亿五 = 3.5亿, 两万五 = 25000, 一千二 = 1200
    return total + wan_part + section + (current or 0)


def _has_big_unit(num: str) -> bool:
    return "万" in num or "亿" in num


def _to_decimal(value: int | float | Decimal) -> Decimal | None:
    try:
        result = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def _currency(pre: str | None, suffix: str | None, cur2: str | None) -> str | None:
    words = [w for w in (pre, (suffix or "").lstrip("万"), cur2) if w]
    codes = {_CURRENCY_WORDS[w] for w in words}
    if len(codes) > 1:
        return None
    return codes.pop() if codes else None


def _amount_from_match(match: re.Match[str], text: str, default_unit: Unit | None) -> Amount | None:
    num = match["num"].rstrip(".,")
    suffix = match["cur"]
    if suffix and suffix.startswith("万"):
        num += "万"
    value = number_value(num)
    if value is None:
        return None
    currency = _currency(match["pre_cur"], suffix, match["cur2"])
    big = _has_big_unit(num)
    whole_text = match.start() == 0 and match.end() == len(text)
    if currency is None:
        if big and _NOT_MONEY_AFTER.match(text, match.end()):
            return None
        if not big:
            if default_unit is None or not whole_text or re.search(r"[十百千]", num):
                return None
            value *= _UNIT_IN_YUAN[default_unit]
        currency = "CNY"
    elif not big and not suffix and match["pre_cur"] is None:
        return None
    end = match.end()
    while end > match.start() and text[end - 1] in " .,":
        end -= 1
    return Amount(
        wan=_normalize(value / _WAN),
        currency=currency,
        approximate=bool(match["pre_approx"] or match["post_approx"]),
        text=text[match.start() : end],
        start=match.start(),
        end=end,
    )


def _normalize(value: Decimal) -> Decimal:
    """Drop trailing zeros but never show an exponent: 2000 stays 2000, 0.30 → 0.3."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def find_amounts(text: str, default_unit: Unit | None = None) -> tuple[Amount, ...]:
    """Every money amount in ``text`` (any currency), in order."""
    text = normalize_text(text)
    found: list[Amount] = []
    for match in _AMOUNT.finditer(text):
        amount = _amount_from_match(match, text, default_unit)
        if amount is not None:
            found.append(amount)
    return tuple(found)


def parse_amount(value: object, default_unit: Unit | None = None) -> Amount | None:
    """The first amount in a cell or sentence; numbers (int/float/Decimal) need ``default_unit``."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        if default_unit is None:
            return None
        number = _to_decimal(value)
        if number is None:
            return None
        wan = _normalize(number * _UNIT_IN_YUAN[default_unit] / _WAN)
        return Amount(wan, "CNY", False, str(value), 0, len(str(value)))
    if not isinstance(value, str):
        return None
    text = normalize_text(value).strip()
    if not text:
        return None
    amounts = find_amounts(text, default_unit)
    if amounts:
        return amounts[0]
    return _jionlp_fallback(text) if re.search(r"[元万亿]", text) else None


def _jionlp_fallback(text: str) -> Amount | None:
    try:
        with JIO_LOCK:
            result = jio().parse_money(text)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    num = result.get("num")
    if isinstance(num, list):  # a range such as 4亿多 → [4亿, 5亿]: take the lower bound
        num = num[0] if num else None
    if not isinstance(num, str):
        return None
    yuan = _to_decimal(Decimal(num))
    if yuan is None:
        return None
    currency = _CURRENCY_WORDS.get(str(result.get("case")), "CNY") if result.get("case") != "元" else "CNY"
    return Amount(
        wan=_normalize(yuan / _WAN),
        currency=currency,
        approximate=result.get("definition") == "blur",
        text=text,
        start=0,
        end=len(text),
    )


def parse_wan(value: object, default_unit: Unit | None = None) -> Decimal | None:
    """An amount in 万元 (人民币 only; a foreign currency gives None).

    ``"3.5亿元"``→35000, ``"到位2000万"``→2000, ``"3000元"``→0.3, ``"三亿五千万"``→35000,
    ``"10个亿"``→100000; a bare number needs its unit: ``parse_wan("36", default_unit="亿")``→360000.
    """
    amount = parse_amount(value, default_unit)
    if amount is None or amount.currency != "CNY":
        return None
    return amount.wan


def parse_yi_to_wan(value: object) -> Decimal | None:
    """A cell in 亿元 (``"36"``, ``36``, ``"36亿"``, ``"360000万"``) as 万元."""
    return parse_wan(value, default_unit="亿")
