from __future__ import annotations

import pytest

from core.parsing.places import Place, parse_place, short_name


@pytest.mark.parametrize(
    ("text", "province", "city", "district", "label"),
    [
        ("明天去成都拜访京东方", "四川省", "成都市", None, "成都"),
        ("赴上海浦东参加推介会", "上海市", "上海市", "浦东新区", "上海浦东"),
        ("去深圳南山", "广东省", "深圳市", "南山区", "深圳南山"),
        ("明天去深圳拜访华为和比亚迪,4月5日返回", "广东省", "深圳市", None, "深圳"),
        ("去北京", "北京市", "北京市", None, "北京"),
        ("4日至6日在天津", "天津市", "天津市", None, "天津"),
        ("去海淀", "北京市", "北京市", "海淀区", "北京海淀"),
        ("去广州天河", "广东省", "广州市", "天河区", "广州天河"),
        ("去重庆两江新区", "重庆市", "重庆市", None, "重庆"),
        ("去昆山", "江苏省", "苏州市", "昆山市", "昆山"),
        ("去兴义", "贵州省", "黔西南布依族苗族自治州", "兴义市", "兴义"),
        ("去黔西南", "贵州省", "黔西南布依族苗族自治州", None, "黔西南"),
        ("去长沙", "湖南省", "长沙市", None, "长沙"),  # not 长沙县
        ("去长沙县", "湖南省", "长沙市", "长沙县", "长沙县"),
        ("赴浙江宁波", "浙江省", "宁波市", None, "宁波"),
        ("去江苏", "江苏省", None, None, "江苏"),
        ("去香港", "香港特别行政区", "香港", None, "香港"),
        ("去雄安新区", "河北省", "雄安新区", None, "雄安"),
        ("去南山区", None, None, "南山区", "南山"),
    ],
)
def test_parse_place(
    text: str, province: str | None, city: str | None, district: str | None, label: str
) -> None:
    place = parse_place(text)
    assert place == Place(province, city, district)
    assert place is not None and place.label == label


@pytest.mark.parametrize(
    "text",
    [
        "",
        "今天开会",
        "拜访华为",
        "完成招投标",
        "参加签约仪式",
        "拜访长安汽车",
        "和平",
        "去朝阳",
        "完成60%，到位资金2000万",
    ],
)
def test_no_place(text: str) -> None:
    assert parse_place(text) is None


def test_short_names_and_labels() -> None:
    assert short_name("深圳市") == "深圳"
    assert short_name("浦东新区") == "浦东"
    assert short_name("新疆维吾尔自治区") == "新疆"
    assert Place(None, None, None).label == ""
