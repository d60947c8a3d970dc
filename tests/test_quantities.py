"""Reading Chinese quantities: numerals, units, comparators, ranges, ranks, and finding them in documents."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zonecmp.dataset import quantities as parser
from zonecmp.dataset import units
from zonecmp.dataset.quantities import (
    COMPARATORS,
    Quantity,
    QuantityError,
    find_quantities,
    make_quantity,
    parse_number,
    parse_quantity,
)
from zonecmp.dataset.units import RANK, display_quantity, plain_number

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "data" / "documents"
sys.path.insert(0, str(ROOT / "benchmarks"))
import quantity_vectors  # noqa: E402  (a script beside the package, not a module of it)


def quantity(comparator: str, value: float, unit: str, value_max: float | None = None) -> Quantity:
    """The expected Quantity, built from the unit table directly (an oracle independent of the parser)."""
    base, base_unit = units.to_base(value, unit)
    max_base = None if value_max is None else units.to_base(value_max, unit)[0]
    return Quantity(comparator, float(value), value_max, unit, base, max_base, base_unit, units.lookup_unit(unit).kind)


# --- numerals ---------------------------------------------------------------------------------------

NUMBERS = [
    ("153", 153), ("5.5", 5.5), ("1,200", 1200), ("1，200", 1200), ("1,234,567.89", 1234567.89), ("１２３", 123),
    ("１，２００", 1200), ("0", 0), ("-3.5", -3.5), ("+7", 7),
    ("一百五十三", 153), ("两千", 2000), ("十", 10), ("十五", 15), ("二十", 20), ("一十一", 11), ("一百一十", 110),
    ("一千零五", 1005), ("一千零五十", 1050), ("两百", 200), ("二百", 200), ("一万二千", 12000),
    ("一万二", 12000), ("三百五", 350), ("两千三", 2300), ("一亿二", 120_000_000), ("一万零二", 10002),
    ("一万零五百", 10500), ("十万零三", 100003), ("三千万", 30_000_000), ("一亿二千万", 120_000_000),
    ("三千五百万", 35_000_000), ("一亿零五十万", 100_500_000), ("一万亿", 10**12), ("十二万", 120000),
    ("零", 0), ("〇", 0), ("一百〇五", 105), ("百", 100), ("千", 1000), ("万", 10000), ("千亿", 10**11),
    ("百亿", 10**10),
    ("零点五", 0.5), ("三点一四", 3.14), ("零点零五", 0.05), ("十点五", 10.5), ("一百点二五", 100.25),
    ("一点五万", 15000), ("一点二万亿", 1.2e12), ("负五", -5), ("负零点五", -0.5),
    ("1.2万", 12000), ("3千", 3000), ("5万亿", 5e12), ("12万", 120000), ("1亿2千万", 120_000_000),
    ("3万5000", 35000), ("3千5百", 3500), ("1.5亿", 150_000_000),
    ("壹佰贰拾叁", 123), ("叁仟肆佰伍拾陆", 3456), ("壹万贰仟", 12000), ("拾", 10), ("玖佰玖拾玖", 999),
    ("貳拾", 20), ("两萬", 20000), ("一億", 1e8), ("兩千", 2000), ("伍拾萬", 500000), ("柒億", 7e8),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected, rel=1e-12, abs=0)


@pytest.mark.parametrize("text", [
    "二〇二三", "一二三", "一〇五", "五五", "", "   ", "abc", "百分之五点五", "6%", "1,2", "十百", "二十三百",
    "三点", "点五", "1.2.3", "5五", "一万二千万", "12个", "2024年",
])
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_number(text)
    assert f"cannot read a quantity in '{text}'" in str(caught.value)


def chinese_numeral(n: int) -> str:
    """The standard reading of a non-negative integer: 一万零五百, 十万零三, 一亿二千万."""
    if n == 0:
        return "零"
    text = _reading(n)
    return text[1:] if text.startswith("一十") else text


def _reading(n: int) -> str:
    for size, mark in ((10**8, "亿"), (10**4, "万")):
        if n >= size:
            high, low = divmod(n, size)
            gap = "零" if 0 < low < size // 10 else ""
            return _reading(high) + mark + (gap + _reading(low) if low else "")
    out, zero = "", False
    for place, mark in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // place % 10
        if digit:
            out += ("零" if zero else "") + "零一二三四五六七八九"[digit] + mark
            zero = False
        elif out:
            zero = True
    return out


@pytest.mark.parametrize(("n", "text"), [
    (0, "零"), (10, "十"), (15, "十五"), (110, "一百一十"), (1005, "一千零五"), (10500, "一万零五百"),
    (100003, "十万零三"), (120_000_000, "一亿二千万"), (100_500_000, "一亿零五十万"), (10**12, "一万亿"),
])
def test_reference_reading(n: int, text: str) -> None:
    assert chinese_numeral(n) == text


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_chinese_numerals_read_back(n: int) -> None:
    assert parse_number(chinese_numeral(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_arabic_numerals_with_separators_read_back(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"{n:,}".replace(",", "，")) == n


# --- quantities -------------------------------------------------------------------------------------

QUANTITIES = [
    # plain numbers with units as written
    ("477亿元", "=", 477, "亿元", None),
    ("540万元", "=", 540, "万元", None),
    ("1200元", "=", 1200, "元", None),
    ("1.2万亿元", "=", 1.2, "万亿元", None),
    ("3千万元", "=", 3, "千万元", None),
    ("5百亿元", "=", 5, "百亿元", None),
    ("5万亿元", "=", 5, "万亿元", None),
    ("三千万元", "=", 3000, "万元", None),
    ("一亿二千万元", "=", 12000, "万元", None),
    ("五百亿元", "=", 500, "亿元", None),
    ("一点五亿元", "=", 1.5, "亿元", None),
    ("十二万元", "=", 12, "万元", None),
    ("一万二千元", "=", 12000, "元", None),
    ("5亿美元", "=", 5, "亿美元", None),
    ("300万美元", "=", 300, "万美元", None),
    ("20欧元", "=", 20, "欧元", None),
    ("投資1.2萬億元", "=", 1.2, "万亿元", None),
    ("七億元", "=", 7, "亿元", None),
    ("1,200亿元", "=", 1200, "亿元", None),
    ("１２０亿元", "=", 120, "亿元", None),
    ("5万元人民币", "=", 5, "万元", None),
    ("人民币5万元", "=", 5, "万元", None),
    # bare magnitudes mean one of them
    ("百亿元", "=", 100, "亿元", None),
    ("千亿元", "=", 1000, "亿元", None),
    ("十亿元", "=", 10, "亿元", None),
    ("万亿元", "=", 1, "万亿元", None),
    ("千万元", "=", 1000, "万元", None),
    ("亿元以上", ">=", 1, "亿元", None),
    ("突破百亿元", ">", 100, "亿元", None),
    ("突破千亿元", ">", 1000, "亿元", None),
    # financial writing
    ("壹佰贰拾元伍角陆分", "=", 120.56, "元", None),
    ("壹拾元零伍分", "=", 10.05, "元", None),
    ("叁仟元整", "=", 3000, "元", None),
    ("伍拾萬圆", "=", 50, "万元", None),
    ("人民币壹万贰仟叁佰肆拾伍元陆角柒分", "=", 12345.67, "元", None),
    ("壹元零角伍分", "=", 1.05, "元", None),
    ("壹万元整", "=", 1, "万元", None),
    ("壹万元伍角", "=", 10000.5, "元", None),
    ("零元整", "=", 0, "元", None),
    ("¥1,200", "=", 1200, "元", None),
    ("¥ 100", "=", 100, "元", None),
    ("￥5万", "=", 5, "万元", None),
    ("$300", "=", 300, "美元", None),
    # percents and percentage points
    ("6%", "=", 6, "%", None),
    ("6％", "=", 6, "%", None),
    ("5.5%", "=", 5.5, "%", None),
    ("５．５％", "=", 5.5, "%", None),
    ("百分之五点五", "=", 5.5, "%", None),
    ("百分之六", "=", 6, "%", None),
    ("百分之一百", "=", 100, "%", None),
    ("百分之零点五", "=", 0.5, "%", None),
    ("千分之五", "=", 0.5, "%", None),
    ("-2.3%", "=", -2.3, "%", None),
    ("增长-2.3%", "=", -2.3, "%", None),
    ("百分之负二", "=", -2, "%", None),
    ("负2%", "=", -2, "%", None),
    ("2.1个百分点", "=", 2.1, "个百分点", None),
    ("2个百分点", "=", 2, "个百分点", None),
    ("两个百分点", "=", 2, "个百分点", None),
    ("0.5百分点", "=", 0.5, "个百分点", None),
    ("1.5個百分點", "=", 1.5, "个百分点", None),
    # counts
    ("10个", "=", 10, "个", None),
    ("65家", "=", 65, "家", None),
    ("一万二千家", "=", 12000, "家", None),
    ("3万家", "=", 3, "万家", None),
    ("1.2万家", "=", 1.2, "万家", None),
    ("5千家", "=", 5000, "家", None),
    ("十项", "=", 10, "项", None),
    ("44名", "=", 44, "名", None),
    ("1200人次", "=", 1200, "人次", None),
    ("2亿人次", "=", 2, "亿人次", None),
    ("5千瓦", "=", 5, "千瓦", None),
    ("3万千瓦", "=", 3, "万千瓦", None),
    ("12平方公里", "=", 12, "平方公里", None),
    ("500亩", "=", 500, "亩", None),
    ("三項", "=", 3, "项", None),
    # ranks
    ("第五", "=", 5, "位", None),
    ("第5", "=", 5, "位", None),
    ("第5位", "=", 5, "位", None),
    ("第5名", "=", 5, "位", None),
    ("第一", "=", 1, "位", None),
    ("第一百", "=", 100, "位", None),
    ("位列第五", "=", 5, "位", None),
    ("首位", "=", 1, "位", None),
    ("榜首", "=", 1, "位", None),
    ("5位", "=", 5, "位", None),
    ("前十", "<=", 10, "位", None),
    ("前100位", "<=", 100, "位", None),
    ("前10名", "<=", 10, "位", None),
    ("前十强", "<=", 10, "位", None),
    ("进入前三", "<=", 3, "位", None),
    ("百强", "<=", 100, "位", None),
    ("十强", "<=", 10, "位", None),
    ("500强", "<=", 500, "位", None),
    ("不超过5位", "<=", 5, "位", None),
    # comparators
    ("10个以上", ">=", 10, "个", None),
    ("10个及以上", ">=", 10, "个", None),
    ("不低于8%", ">=", 8, "%", None),
    ("至少3家", ">=", 3, "家", None),
    ("不少于5项", ">=", 5, "项", None),
    ("超过90%", ">", 90, "%", None),
    ("突破100亿元", ">", 100, "亿元", None),
    ("过10亿元", ">", 10, "亿元", None),
    ("逾千家", ">", 1000, "家", None),
    ("超10亿元", ">", 10, "亿元", None),
    ("高于0.5个百分点", ">", 0.5, "个百分点", None),
    ("10余家", ">", 10, "家", None),
    ("100多亿元", ">", 100, "亿元", None),
    ("一千多万元", ">", 1000, "万元", None),
    ("5%以内", "<=", 5, "%", None),
    ("5%以下", "<=", 5, "%", None),
    ("不超过5%", "<=", 5, "%", None),
    ("不高于3%", "<=", 3, "%", None),
    ("不到5%", "<", 5, "%", None),
    ("低于3%", "<", 3, "%", None),
    ("少于10家", "<", 10, "家", None),
    ("6%左右", "~", 6, "%", None),
    ("约6%", "~", 6, "%", None),
    ("约5亿美元", "~", 5, "亿美元", None),
    ("近5亿元", "~", 5, "亿元", None),
    ("接近8%", "~", 8, "%", None),
    ("大约200家", "~", 200, "家", None),
    ("6%上下", "~", 6, "%", None),
    ("约6%左右", "~", 6, "%", None),
    ("两位数增长", ">=", 10, "%", None),
    ("双位数增长", ">=", 10, "%", None),
    ("保持两位数增长", ">=", 10, "%", None),
    ("不低於8％", ">=", 8, "%", None),
    ("超過90%", ">", 90, "%", None),
    # verbs around the quantity are ignored
    ("增长6%", "=", 6, "%", None),
    ("同比增长6.5%", "=", 6.5, "%", None),
    ("达到100%", "=", 100, "%", None),
    ("完成投资80亿元", "=", 80, "亿元", None),
    ("实现10亿元", "=", 10, "亿元", None),
    ("新增65家", "=", 65, "家", None),
    ("引进10个", "=", 10, "个", None),
    ("签约10个", "=", 10, "个", None),
    ("力争超过90%", ">", 90, "%", None),
    ("年均增长6%以上", ">=", 6, "%", None),
    (" 477亿元 ", "=", 477, "亿元", None),
    # symbols (display_quantity's output reads back)
    ("≥10 个", ">=", 10, "个", None),
    (">100 亿元", ">", 100, "亿元", None),
    ("≤100 位", "<=", 100, "位", None),
    ("~6%", "~", 6, "%", None),
    # ranges
    ("6%-7%", "range", 6, "%", 7),
    ("6%~7%", "range", 6, "%", 7),
    ("6%～7%", "range", 6, "%", 7),
    ("6%至7%", "range", 6, "%", 7),
    ("6%—7%", "range", 6, "%", 7),
    ("6%–7%", "range", 6, "%", 7),
    ("6-7%", "range", 6, "%", 7),
    ("6到7个百分点", "range", 6, "个百分点", 7),
    ("6至7个百分点", "range", 6, "个百分点", 7),
    ("百分之六至百分之七", "range", 6, "%", 7),
    ("3-5家", "range", 3, "家", 5),
    ("三至五亿元", "range", 3, "亿元", 5),
    ("5亿元至8亿元", "range", 5, "亿元", 8),
    ("5000万-1亿元", "range", 0.5, "亿元", 1),
    ("一千至两千万元", "range", 1000, "万元", 2000),
    ("第5位至第8位", "range", 5, "位", 8),
    ("约6%-7%", "range", 6, "%", 7),
    ("增长6.5%至7%", "range", 6.5, "%", 7),
]


@pytest.mark.parametrize(("text", "comparator", "value", "unit", "value_max"), QUANTITIES)
def test_parse_quantity(text: str, comparator: str, value: float, unit: str, value_max: float | None) -> None:
    assert parse_quantity(text) == quantity(comparator, value, unit, value_max)


def test_quantity_fields() -> None:
    q = parse_quantity("1.2万亿元")
    assert (q.value, q.unit, q.value_base, q.base_unit, q.kind) == (1.2, "万亿元", 1.2e12, "CNY", "money")
    assert parse_quantity("百亿元").value_base == 1e10
    assert parse_quantity("540万元").value_base == 5.4e6
    assert parse_quantity("5亿美元").base_unit == "USD"
    points = parse_quantity("2.1个百分点")
    assert (points.unit, points.base_unit, points.kind) == ("个百分点", "pp", "percent")
    assert parse_quantity("6%").base_unit == "%"
    rank = parse_quantity("第5名")
    assert (rank.unit, rank.base_unit, rank.kind) == ("位", "rank", "rank")
    assert parse_quantity("第5名") != parse_quantity("5名")          # a rank, not five people
    assert parse_quantity("5名").kind == "count"
    span = parse_quantity("6%-7%")
    assert (span.value_max, span.value_max_base) == (7, 7)


UNREADABLE = [
    "", "增长", "二〇二三年", "2024年", "第十二届", "第一个", "一季度", "规模以上", "千亿园区", "突破千亿",
    "10个以上项目", "7%至6%", "6%至7个", "5公尺", "一二三个", "前三季度", "很多", "5%%", "万一", "千万不要",
    "电话13812345678", "工业4.0", "几十家", "数百家", "一成不变", "三五成群", "6-7", "2/1", "三块土地",
]


@pytest.mark.parametrize("text", UNREADABLE)
def test_unreadable_quantities(text: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text)
    assert f"cannot read a quantity in '{text}': " in str(caught.value)


def test_error_says_why() -> None:
    with pytest.raises(QuantityError, match="a year or a code"):
        parse_quantity("二〇二三年")
    with pytest.raises(QuantityError, match="no unit after '5': '公尺' is not a unit"):
        parse_quantity("5公尺")
    with pytest.raises(QuantityError, match="stands alone: after '电话' it is a code or a name"):
        parse_quantity("电话13812345678")
    with pytest.raises(QuantityError, match="'千亿' is a word here"):
        parse_quantity("千亿园区")
    with pytest.raises(QuantityError, match="low to high"):
        parse_quantity("7%至6%")
    assert issubclass(QuantityError, ValueError)


@pytest.mark.parametrize(("args", "message"), [
    (("≈", 5, "%"), "unknown comparator"),
    (("=", 5, "公尺"), "unknown unit"),
    (("range", 5, "%"), "value_max"),
    (("=", 5, "%", 6), "value_max"),
])
def test_make_quantity_rejects(args: tuple, message: str) -> None:
    with pytest.raises(QuantityError, match=message):
        make_quantity(*args)


def test_make_quantity_canonical_units() -> None:
    assert make_quantity("=", 2, "百分点") == parse_quantity("2个百分点")
    assert make_quantity("=", 6, "％") == parse_quantity("6%")


# --- writing ----------------------------------------------------------------------------------------
# format_quantity writes a Quantity as canonical Chinese: the reader must read it back, and find it
# in a sentence. (The tool itself shows quantities with units.display_quantity.)

_WORDS = {"=": "{}", ">=": "{}以上", ">": "超过{}", "<=": "不超过{}", "<": "不到{}", "~": "约{}"}


def _written(value: float, unit: str) -> str:
    return f"第{plain_number(value)}位" if unit == RANK else plain_number(value) + unit


def format_quantity(q: Quantity) -> str:
    """Canonical Chinese text for q: 10个以上, 6%至7%, 前5位."""
    if q.value_max is not None:                  # a range
        return f"{_written(q.value, q.unit)}至{_written(q.value_max, q.unit)}"
    if q.unit == RANK and q.comparator == "<=":
        return f"前{plain_number(q.value)}位"
    return _WORDS[q.comparator].format(_written(q.value, q.unit))


@pytest.mark.parametrize(("text", "canonical"), [
    ("10个以上", "10个以上"), ("超过90%", "超过90%"), ("约6%", "约6%"), ("6%-7%", "6%至7%"), ("477亿元", "477亿元"),
    ("不超过5位", "前5位"), ("前十", "前10位"), ("第五", "第5位"), ("不到5%", "不到5%"), ("5%以内", "不超过5%"),
    ("百亿元", "100亿元"), ("百分之五点五", "5.5%"), ("6.0%", "6%"), ("1.2万亿元", "1.2万亿元"),
    ("第5名以上", "第5位以上"),
])
def test_format_quantity(text: str, canonical: str) -> None:
    assert format_quantity(parse_quantity(text)) == canonical


@pytest.mark.parametrize(("args", "shown"), [
    (("=", 6.0, None, "%"), "6%"), ((">=", 10.0, None, "个"), "≥10 个"), ((">", 100.0, None, "亿元"), ">100 亿元"),
    (("~", 6.0, None, "%"), "~6%"), (("range", 6.0, 7.0, "%"), "6–7%"), (("<=", 100.0, None, "位"), "≤100 位"),
    (("=", 5.5, None, "%"), "5.5%"), (("<", 5, None, "%"), "<5%"), (("range", 5.0, 8.0, "亿元"), "5–8 亿元"),
    (("=", 12000.0, None, "元"), "12000 元"), (("=", 1e16, None, "元"), "10000000000000000 元"),
    (("=", 2.1, None, "个百分点"), "2.1 个百分点"), (("=", -0.0, None, "%"), "0%"), (("=", 0.07, None, "%"), "0.07%"),
])
def test_display_quantity(args: tuple, shown: str) -> None:
    assert display_quantity(*args) == shown


UNIT_SAMPLE = ["%", "个百分点", "元", "万元", "亿元", "千万元", "万亿元", "百亿元", "亿美元", "万美元", "欧元",
               "家", "个", "项", "名", "人次", "万家", "亩", "千瓦", "平方公里", "位"]


@st.composite
def quantities(draw: st.DrawFn) -> Quantity:
    unit = draw(st.sampled_from(UNIT_SAMPLE))
    comparator = draw(st.sampled_from(COMPARATORS))
    value = draw(st.integers(min_value=-10**6, max_value=10**11)) / 100
    value_max = value + draw(st.integers(min_value=0, max_value=10**8)) / 100 if comparator == "range" else None
    return quantity(comparator, value, unit, value_max)


@settings(max_examples=300, deadline=None)
@given(quantities())
def test_format_reads_back(q: Quantity) -> None:
    assert parse_quantity(format_quantity(q)) == q


@settings(max_examples=200, deadline=None)
@given(quantities())
def test_display_reads_back(q: Quantity) -> None:
    assert parse_quantity(display_quantity(q.comparator, q.value, q.value_max, q.unit)) == q


@settings(max_examples=200, deadline=None)
@given(quantities())
def test_formatted_quantity_is_found_in_a_sentence(q: Quantity) -> None:
    written = format_quantity(q)
    sentence = f"今年目标为{written}，其余不变。"
    assert find_quantities(sentence) == [(5, 5 + len(written), q)]


# --- finding quantities in documents ----------------------------------------------------------------

def found(text: str) -> list[tuple[str, str]]:
    """What find_quantities reports, as (span text, compact display)."""
    out = []
    for start, end, q in find_quantities(text):
        out.append((text[start:end], display_quantity(q.comparator, q.value, q.value_max, q.unit)))
    return out


@pytest.mark.parametrize(("text", "expected"), [
    ("力争全年新落地过10亿元项目10个以上", [("过10亿元", ">10 亿元"), ("10个以上", "≥10 个")]),
    ("地区生产总值增长6%，规模以上工业增加值增长8%", [("6%", "6%"), ("8%", "8%")]),
    ("99个省市区三级重点项目年度计划投资80亿元", [("99个", "99 个"), ("80亿元", "80 亿元")]),
    ("力争一季度开工率超过90%、上半年确保开工率达到100%", [("超过90%", ">90%"), ("100%", "100%")]),
    ("“十强”产业到位内资突破百亿元", [("突破百亿元", ">100 亿元")]),
    ("年内投产项目40个以上。", [("40个以上", "≥40 个")]),
    ("全年完成签约引进项目153个，重点推进产业项目94个，总投资477亿元",
     [("153个", "153 个"), ("94个", "94 个"), ("477亿元", "477 亿元")]),
    ("主要指标双位数增长，在全省", [("双位数增长", "≥10%")]),
    ("全年新增机器人企业65家，总数达136家", [("65家", "65 家"), ("136家", "136 家")]),
    ("**高新区虽然位列第五，但相比岳阳绿色化工高新区、平江高新区分列第一、第二的成绩",
     [("第五", "5 位"), ("第一", "1 位"), ("第二", "2 位")]),
    ("确保跻身全国百强高新区行列", [("百强", "≤100 位")]),
    ("全省97家中第15位", [("97家", "97 家"), ("第15位", "15 位")]),
    ("增速高于全市2个百分点", [("2个百分点", "2 个百分点")]),
    ("两年平均增长7.9%", [("7.9%", "7.9%")]),
    ("确保增长6%，力争7%", [("6%", "6%"), ("7%", "7%")]),
    ("同比增长-2.3%", [("-2.3%", "-2.3%")]),
    ("社会消费品零售总额增长6%-7%", [("6%-7%", "6–7%")]),
    ("增长6到7个百分点", [("6到7个百分点", "6–7 个百分点")]),
    ("约5亿美元左右", [("约5亿美元左右", "~5 亿美元")]),
    ("上下游企业100多家", [("100多家", ">100 家")]),
    ("签约10个项目，节约5%", [("10个", "10 个"), ("5%", "5%")]),
    ("3家孵化器通过10项认定", [("3家", "3 家"), ("10项", "10 项")]),
    ("前三季度增长5%，前5个月营收10亿元", [("5%", "5%"), ("10亿元", "10 亿元")]),
    ("目前已有5家，当前十分重要", [("5家", "5 家")]),
    ("进入全国前十", [("前十", "≤10 位")]),
    ("第一季度增长５．５％", [("５．５％", "5.5%")]),
    ("投資1.2萬億元", [("1.2萬億元", "1.2 万亿元")]),
    ("增長百分之六", [("百分之六", "6%")]),
    ("每一名居民", [("一名", "1 名")]),
    ("世界500强企业", [("500强", "≤500 位")]),
    ("不良率控制在千分之五以内", [("千分之五以内", "≤0.5%")]),
    ("奖金人民币壹万元整。", [("壹万元整", "1 万元")]),
    ("十三五期间GDP年均增长6%以上", [("6%以上", "≥6%")]),
])
def test_find_quantities(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "2024年", "2023年12月31日", "2月4日", "发布时间:2024-02-07 16:30:51", "发布日期:2023-12-31 阅览量:4112",
    "违法不良信息举报电话:0631-5191950", "联系电话:+86-0512-53660867", "鲁ICP备06041465号",
    "鲁公网安备 37100302000175号", "备案号:闽ICP备15025815号-1", "着力构建“1310”工作体系",
    "围绕全市\"12345\"整体工作布局", "成功举办第十二届中国创新创业大赛",
    "打造全省第一个机器人产业技术研究院", "2022—2025年", "1-11月", "“十四五”时期", "党的二十大精神", "统一部署",
    "引进5位院士", "一季度开工率", "晋升“千亿园区”", "万家灯火", "规模以上工业", "whcmw2009@126.com", "版本v2.0版",
    "中国共产党成立100周年", "最近5年",
])
def test_find_quantities_ignores(text: str) -> None:
    assert find_quantities(text) == []


def test_find_quantities_offsets_in_a_document() -> None:
    text = (DOCUMENTS / "002_4975ce9e862127e0.txt").read_text(encoding="utf-8")
    hits = find_quantities(text)
    spans = [text[start:end] for start, end, _ in hits]
    for needle in ("过10亿元", "10个以上", "突破百亿元", "超过90%", "100%", "40个以上", "5.5%", "80亿元", "99个"):
        assert needle in spans
    assert all(0 <= start < end <= len(text) for start, end, _ in hits)
    assert [start for start, _, _ in hits] == sorted(start for start, _, _ in hits)
    assert not any(text[start:end].startswith(("2023", "2024", "0631", "37100302")) for start, end, _ in hits)


def test_find_quantities_in_every_document() -> None:
    for path in sorted(DOCUMENTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for start, end, q in find_quantities(text):
            assert parse_quantity(text[start:end]) == q, (path.name, text[start:end])


# --- the start-character skip -------------------------------------------------------------------------
# find_quantities tries only positions that hold a character a quantity can start with. The oracle is
# the same scan with that skip disabled (every position tried); the two must find exactly the same.

EVERY_POSITION = re.compile(".", re.DOTALL)
TRICKY = ("0123456789.,%-~+/负一二两三十百千万亿零点第前首位榜强超过约近不低于至少以上左右"
          "个家亿元美元位数分之年月季度余多¥$　 “”\"的增长成半廿几上块毛角钱占比重下降()含和之间")


def _every_position(monkeypatch: pytest.MonkeyPatch, text: str) -> list:
    with monkeypatch.context() as patched:
        patched.setattr(parser, "_STARTS", EVERY_POSITION)
        return find_quantities(text)


def test_skip_finds_what_every_position_finds_in_every_document(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted(DOCUMENTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        skipped = find_quantities(text)
        assert skipped == _every_position(monkeypatch, text), path.name
        assert skipped


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=40))
def test_skip_finds_what_every_position_finds(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert find_quantities(text) == _every_position(monkeypatch, text)


# --- issue #12: the forms of the vector table ---------------------------------------------------------

@pytest.mark.parametrize("row", quantity_vectors.load(quantity_vectors.TABLE), ids=lambda row: row["text"])
def test_vector_table(row: dict[str, str]) -> None:
    """Every row of tests/vectors/quantities.tsv reads as the table says (its README fixes the conventions)."""
    assert quantity_vectors.failure(row) is None


@pytest.mark.parametrize(("text", "comparator", "value", "unit", "value_max"), [
    ("一千零十", "=", 1010, "", None),              # a number without a unit
    ("16.4亿", "=", 16.4, "亿", None),              # its magnitude is the unit, with no base unit
    ("2万5", "=", 25000, "", None),                 # one digit after a place counts the place below
    ("1万600", "=", 10600, "", None),
    ("四万万", "=", 40000, "万", None),              # the old 亿
    ("廿五万", "=", 25, "万", None),
    ("负增长2%", "=", -2, "%", None),                # a fall word makes the change negative
    ("下降约5%", "~", -5, "%", None),
    ("下降3%-5%", "range", -5, "%", -3),            # and turns a range round
    ("三分之二", "=", 66.6666666666667, "%", None),   # 15 significant digits
    ("二十分之一", "=", 5, "%", None),
    ("百分三十", "=", 30, "%", None),
    ("二至三成", "range", 20, "%", 30),              # the bare low end counts tenths too
    ("三成多", ">", 30, "%", None),
    ("十几万", "range", 11, "万", 19),
    ("三两个", "range", 2, "个", 3),
    ("八千万元~1.2亿元", "range", 0.8, "亿元", 1.2),  # the low end in the high end's unit
    ("介于5%和8%之间", "range", 5, "%", 8),
    ("10家以上（不含）", ">", 10, "家", None),
    ("至少有10家", ">=", 10, "家", None),
    ("GDP307.3亿元", "=", 307.3, "亿元", None),       # letters before the number name the indicator
    ("5G基站1200个", "=", 1200, "个", None),
    ("新落地过10亿元项目10个以上", ">=", 10, "个", None),  # the expression's quantity is the last one
])
def test_issue_12_rules(text: str, comparator: str, value: float, unit: str, value_max: float | None) -> None:
    q = parse_quantity(text)
    assert (q.comparator, q.value, q.value_max, q.unit) == (comparator, pytest.approx(value, rel=1e-12), value_max
                                                            and pytest.approx(value_max), unit)


@pytest.mark.parametrize(("text", "why"), [
    ("电话13812345678", "a number without a unit stands alone"),
    ("几十家", "'几十' gives no number"),
    ("上千家", "'上千' gives no number"),
    ("2024-01-15", "a date or a code, not a range"),
    ("万一", "'万一' is a word here"),
    ("三分之一强", "'强' after the quantity"),          # a start inside a fraction is part of it, not 一强
    ("第十二届", "an ordinal"),
    ("一二三个", "digits follow each other"),          # only two adjacent digits are a range
])
def test_refusals_say_why(text: str, why: str) -> None:
    with pytest.raises(QuantityError, match=re.escape(why)):
        parse_quantity(text)


def test_share_of() -> None:
    assert parse_quantity("占全市GDP的比重达到28.5%").share_of == "全市GDP"
    assert parse_quantity("占比45.6%").share_of == ""              # 占比: the whole is not named
    assert parse_quantity("占地100亩").share_of == ""               # a share is a percent
    [(_, _, q)] = find_quantities("高新技术企业营收占全区的七成以上。")
    assert (q.comparator, q.value, q.unit, q.share_of) == (">=", 70, "%", "全区")


@pytest.mark.parametrize(("text", "expected"), [
    ("全年实现GDP307.3亿元，同比下降3.2%", [("307.3亿元", "307.3 亿元"), ("3.2%", "-3.2%")]),
    ("开工率超1/4，完成九成，占全省三分之一", [("超1/4", ">25%"), ("九成", "90%"), ("三分之一", "33.3333333333333%")]),
    ("引进三五家龙头企业，新增十几个项目", [("三五家", "3–5 家"), ("十几个", "11–19 个")]),
    ("每份三块五，十块钱三份，三块五毛钱", [("三块五", "3.5 元"), ("十块钱", "10 元"), ("三块五毛钱", "3.5 元")]),
])
def test_find_quantities_reads_issue_12_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "1200", "16.4亿", "3万", "一千零十", "2024/01/15", "三五成群", "一成不变", "几十家企业", "数百家", "上千家企业",
    "金三角", "得分95分", "出让土地3块", "三块五一斤", "一分为二", "十分重要", "万一", "十四五规划", "另一半",
    "工业4.0",
])
def test_find_quantities_stays_conservative(text: str) -> None:
    """Only numbers with a unit are quantities in a passage; bare numbers, magnitudes and idioms are not."""
    assert find_quantities(text) == []


def test_rounded_by_parser() -> None:
    assert parser.rounded_by_parser(parse_quantity("三分之一").value)
    assert not parser.rounded_by_parser(parse_quantity("1/8").value)
    assert not parser.rounded_by_parser(33.33)
