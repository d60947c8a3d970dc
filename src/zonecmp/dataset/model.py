"""The domain model: zones, metrics, sources, and the columns of a fact (periods: periods.py).

Zones, metrics and sources are few and live as small dataclasses; facts can number a million, so
they live as rows of one pandas DataFrame whose columns are FACT_COLUMNS (the fields of Fact), in
that order, and a row-wise rule reads a row as a Fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import pandas as pd

    from ..table import Table

KINDS = ("target", "actual")
COMPARATORS = ("=", ">=", ">", "<=", "<", "~", "range")
TIERS = ("floor", "stretch")
LEVELS = ("national", "provincial", "unknown")
DIRECTIONS = ("higher", "lower")  # which way a metric's number is better



class Fact(NamedTuple):
    """One fact, as the loader builds it and every row-wise rule reads it (facts_of turns frame rows
    into these). Its fields are the columns of the tidy facts table, in output order: scripts rely
    on the names, so add, never rename. A NamedTuple, not a dataclass: a million of them are built
    on a cold load, and a tuple is the smallest record Python has."""

    id: str
    zone: str
    zone_name: str
    zone_name_en: str
    period: str
    year: int
    kind: str
    estimate: bool
    tier: str
    metric: str
    metric_name: str
    metric_name_en: str
    comparator: str
    value: float | None
    value_max: float | None
    unit: str
    value_base: float | None
    value_max_base: float | None
    base_unit: str
    text: str
    relative_to: str
    share_of: str
    rank_scope: str
    rank_size: float | None
    average_years: float | None
    quote: str
    note: str
    source: str
    published: str
    file: str
    line: int
    conflict: bool = False  # set once every fact is loaded (loader.mark_conflicts)
    url: str = ""  # the source's address, so a row of the tidy table leads to its page without a join


FACT_COLUMNS = Fact._fields
NUMERIC_COLUMNS = ("year", "value", "value_max", "value_base", "value_max_base", "rank_size", "average_years", "line")

def facts_of(frame: pd.DataFrame | Table) -> list[Fact]:
    """The rows of a facts frame (or table.Table) as Fact records, for rules that read one fact at a time; a missing
    number is None, not NaN (NaN never equals itself, so it could not be part of a key). Read a
    column at a time: a million facts take about a second."""
    columns = []
    for name in FACT_COLUMNS:
        values = frame[name].tolist()
        if name in NUMERIC_COLUMNS:
            values = [None if value != value else value for value in values]  # NaN is the one value unequal to itself
        columns.append(values)
    return list(map(Fact._make, zip(*columns)))


class NotStated(NamedTuple):
    """A source's word that it gives no target (or no result) for a metric of a zone and period: a
    work report that says 不设具体增长目标, or lists the year's targets and leaves one out. Not a fact
    (it has no value, and a source may not both state and not state a thing), so it is kept beside
    the facts frame, on Dataset.not_stated, and every view tells it from a cell no source covers."""

    id: str
    zone: str
    period: str
    year: int
    kind: str
    metric: str
    quote: str  # the sentence that shows it, verbatim; '' where the source is silent
    note: str
    source: str
    published: str
    file: str  # relative to its data directory, as a fact's
    line: int


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
    path: str = ""  # where the record is defined, for messages about it
    line: int = 0
    reference: bool = False  # from a registry/ list: may go unused, and a later data directory may redefine it

    def name_in(self, lang: str) -> str:
        """The zone's name, for a column that names it beside its id: English, or the short Chinese name."""
        return self.name_en if lang == "en" else self.label(lang)

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
    direction: str = "higher"  # "lower" where a smaller number is better: a rank (第1位), unemployment
    path: str = ""  # where the record is defined, for messages about it
    line: int = 0
    reference: bool = False  # from a registry/ list: may go unused, and a later data directory may redefine it

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name

    @property
    def lower_is_better(self) -> bool:
        """Whether a smaller number is the better one, which every view reads: a target of 第5位 is
        met by 第3位, a rank lowered from 5 to 3 is raised, and the first place ranks first."""
        return self.direction == "lower"

    @property
    def smaller_is_better(self) -> str:
        """The words a view explains a lower-is-better metric with: for a rank, in places."""
        return "a smaller rank number is a higher place" if self.unit_kind == "rank" else "a smaller number is better"


def default_direction(unit_kind: str) -> str:
    """The direction a metric has when metrics.yaml does not say: ranks are better smaller."""
    return "lower" if unit_kind == "rank" else "higher"


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
    line: int = 0  # the line of its `document:`, for messages about the document
    start: int = 0  # where `source:` starts in its file: a duplicate source id is reported there
