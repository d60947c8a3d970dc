"""Whether two facts' numbers compare, and the change from one to the other: shared by diff,
attainment and ranking, so a 'not comparable' means the same thing in each."""

from __future__ import annotations

from ..dataset.model import Fact
from ..dataset.periods import mismatch, parse_period


def incomparable(a: Fact, b: Fact) -> str:
    """Why the numbers of two facts do not compare, or '': periods of different length ('a quarter
    against a year'), percent against percentage points, different units. Text facts pass: their
    wording is for the caller to judge."""
    periods = mismatch(parse_period(a.period), parse_period(b.period))
    if periods:
        return periods
    if a.text or b.text or a.base_unit == b.base_unit:
        return ""
    if {a.base_unit, b.base_unit} == {"%", "pp"}:
        return "percent against percentage points"
    return f"different units: {a.unit} against {b.unit}"


def change_between(a: Fact, b: Fact) -> dict:
    """From fact a's number to fact b's (same base unit): left_value, right_value, change, change_unit
    and change_pct. In their written unit when both share it (+20 亿元), else in the base unit (CNY, 家);
    percents change in percentage points, with no relative change; a range counts as its midpoint."""
    in_written_unit = a.unit == b.unit
    left_value, right_value = midpoint(a, in_written_unit), midpoint(b, in_written_unit)
    change = right_value - left_value
    unit = "pp" if a.base_unit in ("%", "pp") else (a.unit if in_written_unit else a.base_unit)
    return {"left_value": left_value, "right_value": right_value, "change": round(change, 10), "change_unit": unit,
            "change_pct": None if unit == "pp" or left_value == 0 else round(change / abs(left_value) * 100, 2)}


def midpoint(fact: Fact, in_written_unit: bool = False) -> float:
    """The fact's number in its base unit (or as written), a range by its midpoint."""
    low, high = (fact.value, fact.value_max) if in_written_unit else (fact.value_base, fact.value_max_base)
    return (low + high) / 2 if fact.comparator == "range" else float(low)
