from __future__ import annotations

from decimal import Decimal

import pytest

from core.parsing.money import (
    find_amounts,
    number_value,
    parse_amount,
    parse_wan,
    parse_yi_to_wan,
)


@pytest.mark.parametrize(
    ("text", "wan"),
    [
        ("3.5亿元", "35000"),
        ("约5亿元", "50000"),
        ("5亿", "50000"),
        ("2000万", "2000"),
        ("2000万元", "2000"),
        ("到位2000万", "2000"),
        ("3000元", "0.3"),
        ("三亿五千万", "35000"),
        ("3亿5千万", "35000"),  # jionlp says 6.5亿
        ("3.5个亿", "35000"),  # jionlp says 8亿
        ("10个亿", "100000"),
        ("十个亿", "100000"),
        ("三亿五", "35000"),
        ("两千万", "2000"),
        ("一千二百万", "1200"),
        ("一百零五万", "105"),
        ("两万五", "2.5"),
        ("三点五亿", "35000"),
        ("2,000万元", "2000"),
        ("12,345.5万元", "12345.5"),
        ("5000万元人民币", "5000"),
        ("人民币3亿元", "30000"),
        ("￥2000万", "2000"),
        ("¥3000", "0.3"),
        ("１２００万元", "1200"),
        ("3.5 亿元", "35000"),
        ("1200万元左右", "1200"),
        ("4亿多", "40000"),
        ("1.5万亿", "150000000"),
        ("项目总投资约5亿元，已到位1.2亿元", "50000"),  # the first amount
    ],
)
def test_parse_wan(text: str, wan: str) -> None:
    result = parse_wan(text)
    assert result == Decimal(wan)
    assert isinstance(result, Decimal)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "36",
        "3.5",
        "完成60%",
        "百万人口",
        "5万平方米",
        "千方百计",
        "一起",
        "第二季度",
        "1.2亿美元",
        "2000万美元",
    ],
)
def test_not_an_amount_in_yuan(text: str) -> None:
    assert parse_wan(text) is None


def test_foreign_currency_is_flagged_not_converted() -> None:
    amount = parse_amount("投资1.2亿美元")
    assert amount is not None
    assert (amount.wan, amount.currency, amount.text) == (Decimal("12000"), "USD", "1.2亿美元")
    assert parse_wan("投资1.2亿美元") is None


def test_default_unit_for_bare_numbers() -> None:
    assert parse_wan("2000", default_unit="万") == Decimal("2000")
    assert parse_wan("36", default_unit="亿") == Decimal("360000")
    assert parse_wan("5000", default_unit="元") == Decimal("0.5")
    assert parse_wan(36, default_unit="亿") == Decimal("360000")
    assert parse_wan(3.6, default_unit="亿") == Decimal("36000")  # no float noise
    assert parse_wan(Decimal("0.35"), default_unit="亿") == Decimal("3500")
    assert parse_wan(2000) is None  # a number needs its unit
    assert parse_wan("60%", default_unit="万") is None
    assert parse_wan(True, default_unit="万") is None


def test_parse_yi_to_wan() -> None:
    assert parse_yi_to_wan("36") == Decimal("360000")
    assert parse_yi_to_wan(36) == Decimal("360000")
    assert parse_yi_to_wan("36亿") == Decimal("360000")
    assert parse_yi_to_wan("360000万") == Decimal("360000")  # an explicit unit wins
    assert parse_yi_to_wan(None) is None
    assert parse_yi_to_wan("待定") is None


def test_find_amounts_in_a_sentence() -> None:
    amounts = find_amounts("总投资约5亿元，已到位1.2亿元，另有3000万设备款")
    assert [(a.text, a.wan, a.approximate) for a in amounts] == [
        ("约5亿元", Decimal("50000"), True),
        ("1.2亿元", Decimal("12000"), False),
        ("3000万", Decimal("3000"), False),
    ]
    text = "到位2000万，3000万用于设备"
    assert [(a.start, a.end) for a in find_amounts(text)] == [(2, 7), (8, 13)]


def test_number_value() -> None:
    assert number_value("三亿五千万") == Decimal("350000000")
    assert number_value("2000万3000万") is None  # two amounts run together
    assert number_value("abc") is None
