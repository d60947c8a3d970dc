"""Periods as facts state them: a year, a quarter, a half, a month, or a span of whole years.

Every rule about periods lives here: the syntax (`parse_period`), the order (by end, then start), which
periods overlap, which compare (`mismatch`: a quarter does not compare with a year), and where a
period sits inside its year (`Period.slot`, so 2024-Q1 lines up with 2023-Q1). A new kind of period is
a new branch of `parse_period` and, if it has one, a new granularity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PERIOD = re.compile(
    r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<month>0[1-9]|1[0-2])|(?P<end>\d{4})))?$"
)


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: a year, a quarter, a half, a month, or a span of whole years."""

    end: tuple[int, int]
    start: tuple[int, int]
    text: str = field(compare=False)

    @property
    def granularity(self) -> str:
        """year, half, quarter, month or span: periods of different granularity do not compare."""
        months = (self.end[0] - self.start[0]) * 12 + self.end[1] - self.start[1] + 1
        return {12: "year", 6: "half", 3: "quarter", 1: "month"}.get(months, "span")

    @property
    def year(self) -> int:
        """The year the period ends in: a 2021-2025 target is due in 2025."""
        return self.end[0]

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share a month: a quarter and its year do, two quarters do not."""
        return self.start <= other.end and other.start <= self.end

    def slot(self) -> str:
        """Where the period sits inside its year, so periods of two years line up: '' for a year,
        'Q1', 'H2' or '09' for a part of one, 'N-year span' for a span."""
        if self.granularity == "year":
            return ""
        if self.granularity == "span":
            return f"{self.end[0] - self.start[0] + 1}-year span"
        return self.text[5:]


def mismatch(a: Period, b: Period) -> str:
    """Why the two periods' figures do not compare ('a quarter against a year'), or '' when they do."""
    return "" if a.granularity == b.granularity else f"a {a.granularity} against a {b.granularity}"


class PeriodError(ValueError):
    pass


def parse_period(text: str) -> Period:
    """Parse '2024', '2024-Q1', '2024-H2', '2024-09' or '2021-2025'."""
    match = _PERIOD.match(str(text).strip())
    if not match:
        raise PeriodError(
            f"{text!r} is not a period; write a year '2024', a quarter '2024-Q1', a half '2024-H1', "
            "a month '2024-09' or a span of years '2021-2025'"
        )
    year = int(match["year"])
    if match["quarter"]:
        quarter = int(match["quarter"])
        return Period((year, quarter * 3), (year, quarter * 3 - 2), match.string)
    if match["half"]:
        half = int(match["half"])
        return Period((year, half * 6), (year, half * 6 - 5), match.string)
    if match["month"]:
        month = int(match["month"])
        return Period((year, month), (year, month), match.string)
    if match["end"]:
        end = int(match["end"])
        if end <= year:
            raise PeriodError(f"{text!r}: a span must end after it starts, like '2021-2025'")
        return Period((end, 12), (year, 1), match.string)
    return Period((year, 12), (year, 1), match.string)
