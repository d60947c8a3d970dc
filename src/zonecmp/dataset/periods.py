"""Periods as facts state them: a year, a quarter, a half, a month, a run of months, a span of whole
years, or a day a running total stands at.

Every rule about periods lives here: the syntax (`parse_period`, and `months_text`/`as_of_text` for
the extractor), which written periods are one (`written_periods`: 2024-H1 and 2024-01..06), the
order (by end, then start), which periods overlap, which compare (`mismatch`: a quarter does not
compare with a year, January–September does not compare with a year, a total as of a date does not
compare with a flow over a period), and where a period sits inside its year (`Period.slot`, so
2024-Q1 lines up with 2023-Q1 and 2024-01..09 with 2023-01..09). A new kind of
period is a new branch of `parse_period` and, if it has one, a new granularity.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

_PERIOD = re.compile(
    r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<month>0[1-9]|1[0-2])"
    r"(?:\.\.(?P<to>0[1-9]|1[0-2])|-(?P<day>\d{2}))?|(?P<end>\d{4})))?$"
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_LENGTHS = {12: "year", 6: "half", 3: "quarter", 1: "month"}
SYNTAX = ("write a year '2024', a quarter '2024-Q1', a half '2024-H1', a month '2024-09', a run of months "
          "'2024-01..09', a span of years '2021-2025' or a date '2024-09-30' for a total as of that day")


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: a flow over its months (start to end), or, when `day` is set, a total as
    of that day of the end month (截至9月末: a stock, not a flow)."""

    end: tuple[int, int]
    start: tuple[int, int]
    text: str = field(compare=False)
    day: int = 0

    @property
    def granularity(self) -> str:
        """year, half, quarter, month, 'N months', span or 'as of': only periods of one granularity compare.
        A run of months is as long as its months: 2024-01..06 is a half, as 2024-H1 is."""
        if self.day:
            return "as of"
        if self.start[0] != self.end[0]:
            return "span"
        months = self.end[1] - self.start[1] + 1
        return _LENGTHS.get(months, f"{months} months")

    @property
    def year(self) -> int:
        """The year the period ends in: a 2021-2025 target is due in 2025, 2024-01..09 and 2024-09-30 are 2024's."""
        return self.end[0]

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share a month (a quarter and its year do, two quarters do not); a
        total as of a day shares the months around that day, and only that day with another total."""
        return self._first() <= other._last() and other._first() <= self._last()

    def _first(self) -> tuple[int, int, int]:
        """The first (year, month, day) covered: a flow starts before any day of its first month."""
        return (*self.start, self.day)

    def _last(self) -> tuple[int, int, int]:
        """The last (year, month, day) covered: a flow ends after every day of its last month."""
        return (*self.end, self.day or 99)

    def begun_by(self, year: int, month: int, day: int) -> bool:
        """Whether the period had begun on that day (a total as of a day: whether the day had come)."""
        return self._first() <= (year, month, day) if self.day else self.start <= (year, month)

    def slot(self) -> str:
        """Where the period sits inside its year, so periods of two years line up: '' for a year,
        'Q1', 'H2', '09' or '01..09' for a part of one (a run of months that is a quarter or a half
        is named as one: 01..06 is H1), 'as of 09-30' for a total, 'N-year span' for a span."""
        granularity = self.granularity
        if granularity == "year":
            return ""
        if granularity == "span":
            return f"{self.end[0] - self.start[0] + 1}-year span"
        if self.day:
            return f"as of {self.text[5:]}"
        size = {"quarter": 3, "half": 6}.get(granularity, 0)
        if size and self.start[1] % size == 1:
            return f"{granularity[0].upper()}{self.end[1] // size}"
        return self.text[5:]

    def length(self) -> str:
        """How a reason names the period's length: 'a quarter', 'January–September', 'a total as of 2024-09-30'."""
        if self.day:
            return f"a total as of {self.text}"
        if ".." in self.text:
            return months_label(self.start[1], self.end[1])
        return f"a {self.granularity}"


def mismatch(a: Period, b: Period) -> str:
    """Why the two periods' figures do not compare ('a quarter against a year', 'January–September
    against a year'), or '' when they do: the same length of flow (H1 and 01..06), or two totals."""
    return "" if a.granularity == b.granularity else f"{a.length()} against {b.length()}"


def written_periods(texts: Iterable[str], periods: set[Period]) -> list[str]:
    """Those of the period texts facts write that name one of the periods: the same months, however
    written (2024-H1 and 2024-01..06 are one half), or the same day for a total as of a day."""
    return [text for text in dict.fromkeys(texts) if parse_period(text) in periods]


class PeriodError(ValueError):
    pass


@functools.lru_cache(maxsize=4096)  # a dataset writes a few dozen periods, each read once per fact
def parse_period(text: str) -> Period:
    """Parse '2024', '2024-Q1', '2024-H2', '2024-09', '2024-01..09', '2021-2025' or '2024-09-30'."""
    match = _PERIOD.match(str(text).strip())
    if not match:
        raise PeriodError(f"{text!r} is not a period; {SYNTAX}")
    year, written = int(match["year"]), match.string
    if match["quarter"]:
        quarter = int(match["quarter"])
        return Period((year, quarter * 3), (year, quarter * 3 - 2), written)
    if match["half"]:
        half = int(match["half"])
        return Period((year, half * 6), (year, half * 6 - 5), written)
    if match["to"]:
        return _run_of_months(year, int(match["month"]), int(match["to"]), written)
    if match["day"]:
        return _as_of(year, int(match["month"]), int(match["day"]), written)
    if match["month"]:
        month = int(match["month"])
        return Period((year, month), (year, month), written)
    if match["end"]:
        end = int(match["end"])
        if end <= year:
            raise PeriodError(f"{text!r}: a span must end after it starts, like '2021-2025'")
        return Period((end, 12), (year, 1), written)
    return Period((year, 12), (year, 1), written)


def _run_of_months(year: int, first: int, last: int, text: str) -> Period:
    """2024-01..09: January to September, one figure for the months together (1至9月, 前三季度)."""
    if last <= first:
        raise PeriodError(f"{text!r}: a run of months must end after it starts, like '2024-01..09'")
    if (first, last) == (1, 12):
        raise PeriodError(f"{text!r}: January to December is the year; write '{year}'")
    return Period((year, last), (year, first), text)


def _as_of(year: int, month: int, day: int, text: str) -> Period:
    """2024-09-30: a total as it stands on that day (截至9月末累计获批34家), not a flow over a period."""
    try:
        date(year, month, day)
    except ValueError:
        raise PeriodError(f"{text!r} is not a day of the calendar; a total as of a day is written '2024-09-30'") \
            from None
    return Period((year, month), (year, month), text, day)


def months_label(first: int, last: int) -> str:
    """A run of months in words, as reasons and the extractor's comments say it: 'January–September'."""
    return f"{_MONTHS[first - 1]}–{_MONTHS[last - 1]}"


def months_text(year: int, first: int, last: int) -> str:
    """The period of months first to last (first < last) of a year, as a fact writes it: '2024-01..09';
    all twelve are the year, '2024'."""
    return str(year) if (first, last) == (1, 12) else f"{year}-{first:02d}..{last:02d}"


def as_of_text(year: int, month: int, day: int = 0) -> str:
    """The period of a total as of a day, as a fact writes it. No day means the month's end (9月末:
    09-30), and so does a day the month lacks (9月31日), so a draft never holds a period the loader refuses."""
    last = calendar.monthrange(year, month)[1]
    return f"{year}-{month:02d}-{day if 0 < day <= last else last:02d}"


def id_text(text: str) -> str:
    """A period as a fact id writes it, in the id's letters (2024-01..09 → 2024-01-to-09)."""
    return text.lower().replace("..", "-to-")
