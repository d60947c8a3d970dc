"""Units as Chinese documents write them, their conversion to base units, and how a number in its
unit reads in a table.

A fact keeps its number in the unit the document uses (477 亿元) so a reader can find it in the quote;
comparisons use the base unit (4.77e10 CNY) so 477 亿元 and 540 万元 compare correctly. Money is
never converted between currencies: 亿美元 stays in USD.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# The kinds a metric can measure. A bare number's unit has the kind "number", which no metric measures.
UNIT_KINDS = ("percent", "money", "count", "rank", "text")

# Magnitude words that may stand before a unit, longest first so 万亿 wins over 亿.
MAGNITUDES: dict[str, float] = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}

CURRENCIES: dict[str, str] = {"元": "CNY", "美元": "USD", "欧元": "EUR", "港元": "HKD", "日元": "JPY"}

# Counter words and measures: a count keeps its counter as its base unit (10 家 and 10 个 are not
# the same thing, and the metric says what is counted).
COUNTERS = (
    "个", "家", "项", "件", "名", "户", "所", "座", "批", "人", "人次", "台", "套", "条", "次",
    "处", "栋", "辆", "架", "艘", "株", "只", "张", "部", "本", "篇", "场", "届", "支", "款",
    "种", "类", "间", "层", "亩", "吨", "公里", "千米", "米", "平方米", "平方公里", "千瓦", "兆瓦",
    "标准箱", "床", "园", "区", "链", "公顷", "平方千米", "立方米", "千瓦时", "公斤", "千克", "微克/立方米",
)

NUMBER = ""  # a number without a unit: 1200, 一千零十; a bare magnitude (16.4亿) is a unit of this kind
PERCENT = "%"
PERCENTAGE_POINTS = "个百分点"
RANK = "位"


@dataclass(frozen=True)
class Unit:
    """A unit as written, with what it measures and how to reach its base unit."""

    written: str
    kind: str
    base: str
    factor: float

    def base_value(self, value: float) -> float:
        """A value in this unit, in the base unit."""
        if self.factor == 1:  # most units: nothing to convert, and check converts every quote's number
            return float(value)
        # Decimal arithmetic keeps 1.2 万亿 at exactly 1.2e12 instead of 1200000000000.0002.
        return float(Decimal(repr(float(value))) * Decimal(int(self.factor)))


class UnknownUnitError(ValueError):
    """Raised for a unit zonecmp cannot convert; the message lists what it can."""


def _build_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {
        PERCENT: Unit(PERCENT, "percent", "%", 1.0),
        PERCENTAGE_POINTS: Unit(PERCENTAGE_POINTS, "percent", "pp", 1.0),
        "百分点": Unit("百分点", "percent", "pp", 1.0),
        RANK: Unit(RANK, "rank", "rank", 1.0),
    }
    for currency, code in CURRENCIES.items():
        units[currency] = Unit(currency, "money", code, 1.0)
        for magnitude, factor in MAGNITUDES.items():
            units[magnitude + currency] = Unit(magnitude + currency, "money", code, factor)
    # A bare number and a bare magnitude (16.4亿 is 16.4 亿) have no base unit: they are no metric's unit.
    units[NUMBER] = Unit(NUMBER, "number", "", 1.0)
    for magnitude, factor in MAGNITUDES.items():
        units[magnitude] = Unit(magnitude, "number", "", factor)
    for counter in COUNTERS:
        units[counter] = Unit(counter, "count", counter, 1.0)
        for magnitude in ("万", "亿"):
            units[magnitude + counter] = Unit(magnitude + counter, "count", counter, MAGNITUDES[magnitude])
    return units


UNITS: dict[str, Unit] = _build_units()


def normalise_unit(written: str) -> str:
    """The canonical spelling of a unit: full-width percent signs become '%'."""
    written = written.strip()
    return PERCENT if written in ("%", "％", "百分比") else written


def lookup_unit(written: str) -> Unit:
    """The Unit for a unit as written; UnknownUnitError names the known units of that shape."""
    unit = UNITS.get(normalise_unit(written))
    if unit is None:
        raise UnknownUnitError(f"unknown unit {written!r}")
    return unit


def to_base(value: float, written_unit: str) -> tuple[float, str]:
    """Convert a value in a written unit to (value in base unit, base unit)."""
    unit = lookup_unit(written_unit)
    return unit.base_value(value), unit.base


def units_of_kind(kind: str) -> list[str]:
    """Every written unit that measures the given kind, for messages and docs."""
    return [u.written for u in UNITS.values() if u.kind == kind]


_SYMBOLS = {"=": "", ">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "~"}


def plain_number(value: float) -> str:
    """A number without a trailing .0, exponent or thousands separators."""
    return format((Decimal(repr(float(value))) + 0).normalize(), "f")


def display_quantity(comparator: str, value: float, value_max: float | None, unit: str) -> str:
    """Compact text for tables: 6%, ≥10 个, >100 亿元, ~6%, 6–7%, ≤100 位, 16.4亿. The quantity parser reads it back."""
    gap = "" if unit in (PERCENT, "", None) or unit in MAGNITUDES else " "
    if comparator == "range" and value_max is not None:
        return f"{plain_number(value)}–{plain_number(value_max)}{gap}{unit}"
    return f"{_SYMBOLS[comparator]}{plain_number(value)}{gap}{unit or ''}"
