"""The domain model: zones, metrics, sources, periods, and the columns of a fact.

Zones, metrics and sources are few and live as small dataclasses; facts can number a million, so
they live as rows of one pandas DataFrame whose columns are FACT_COLUMNS, in that order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KINDS = ("target", "actual")
COMPARATORS = ("=", ">=", ">", "<=", "<", "~", "range")
TIERS = ("floor", "stretch")
LEVELS = ("national", "provincial", "unknown")

# The columns of the tidy facts table, in output order. Scripts rely on these names: add, never rename.
FACT_COLUMNS = (
    "id", "zone", "zone_name", "zone_name_en", "period", "year", "kind", "estimate", "tier",
    "metric", "metric_name", "metric_name_en", "comparator", "value", "value_max", "unit",
    "value_base", "value_max_base", "base_unit", "text", "relative_to", "share_of", "rank_scope",
    "rank_size", "average_years", "quote", "note", "source", "published", "file", "line", "conflict",
)
NUMERIC_COLUMNS = ("year", "value", "value_max", "value_base", "value_max_base", "rank_size", "average_years", "line")

# What makes two facts claims about the same thing: if they differ in value, they conflict.
CLAIM_KEY = ("zone", "period", "kind", "estimate", "tier", "metric", "relative_to", "share_of",
             "rank_scope", "average_years")


@dataclass(frozen=True)
class Zone:
    id: str
    name: str
    name_en: str
    province: str
    level: str
    short_name: str = ""
    city: str = ""
    aliases: tuple[str, ...] = ()
    identity: str = "confirmed"
    note: str = ""

    def label(self, lang: str) -> str:
        """A name short enough for a table header: the English name, or the shortest Chinese one."""
        if lang == "en":
            return self.id  # English names run to six words; the ASCII id reads as a short one
        # Bare "高区" or "高新区" says nothing in a table of several zones: four characters at least.
        candidates = [n for n in (self.short_name, *self.aliases) if len(n) >= 4]
        return min(candidates, key=len) if candidates else self.name


@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    name_en: str
    unit_kind: str
    definition: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    published: str
    document: str
    zones: tuple[str, ...]
    path: str
    data_dir: str
    event_date: str = ""
    url: str = ""
    note: str = ""
    line: int = 0  # where `source:` starts in its file, for messages about the source as a whole


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
