"""Selecting facts: the filters every query command shares, checked, and the matching rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..dataset.loader import Dataset
from ..dataset.model import KINDS, NotStated
from ..dataset.periods import Period, PeriodError, parse_period, written_periods
from ..dataset.registries import resolve_metric, resolve_zone
from ..errors import UsageError
from ..table import Table
from ..words import listed, years

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Filters:
    """The filters every query command shares; empty means 'all'. A period is written as facts
    write it (2024-H1), and selects the facts of the same months however they write them."""

    years: tuple[int, ...] = ()
    zones: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()

    def when(self, lang: str = "en") -> str:
        """The years and periods asked for, as titles name them: '2024', '2024, 2024-H1', 'all years';
        in Chinese '2024年', '2024年、2024-H1' (words.years)."""
        if not self.periods:
            return years(self.years, lang)
        return listed([years(self.years, lang)] * bool(self.years) + list(self.periods), lang)


def check_year(year: int) -> int:
    """The year, if it is written in four digits; UsageError otherwise (24 is not 2024)."""
    if not 1000 <= year <= 9999:
        raise UsageError(f"--year {year}: write the year in four digits, like 2024")
    return year


def parse_year(text: str) -> int:
    """A year as --year gives it; a period there (2024-H1) is pointed to --period."""
    try:
        return check_year(int(text))
    except ValueError:
        pass
    try:
        parse_period(text)
    except PeriodError:
        raise UsageError(f"--year {text!r}: write the year in four digits, like 2024") from None
    raise UsageError(f"--year {text}: that is a period, not a year; ask for it with --period {text}")


def parse_periods(texts: tuple[str, ...]) -> set[Period]:
    """The periods asked for; UsageError, with the syntax, for one that is not a period."""
    try:
        return {parse_period(text) for text in texts}
    except PeriodError as error:
        raise UsageError(f"--period {error}") from None


def check_kind(kind: str) -> str:
    """The kind, if it is one (target, actual); UsageError otherwise."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    return kind


def zone_ids(dataset: Dataset, names: tuple[str, ...]) -> list[str]:
    """The ids of the zones named, in the order named, each once (高区 and weihai name one zone)."""
    return list(dict.fromkeys(resolve_zone(dataset.zones, name) for name in names))


def filter_facts(dataset: Dataset, filters: Filters = Filters(), columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The facts matching the filters, in the dataset's order (zones and metrics as their registries
    list them, then year, period, kind, tier and id: see loader.in_registry_order), except that zones
    named in the filters come in the order they were named: `compare zhengzhou tangshan` puts
    zhengzhou first, in every view and format.

    A year selects the periods that end in it: those inside it (2024, 2024-Q1, 2024-H1, 2024-01..09,
    a total as of 2024-09-30) and the spans ending in it: a 2021-2025 target is due in 2025. A
    period selects the facts of that period (periods.written_periods). A view that reads only some
    columns names them, and gets only those: the others are not made into text.
    """
    positions = _positions(dataset, filters)
    if positions is None:
        every = dataset.store.frame()  # already in order; pandas' copy-on-write keeps the dataset safe from callers
        return every if columns is None else every[[c for c in every.columns if c in columns]]
    return dataset.store.rows(positions, columns)  # filtered on the store's codes: only these rows become text


def matching(dataset: Dataset, filters: Filters = Filters(), columns: Sequence[str] | None = None) -> Table:
    """The facts filter_facts selects, in its order, as a table.Table: without pandas, for the
    queries a script runs in a loop (`facts`, `diff`, `targets`, `actuals` in a machine format)."""
    return dataset.store.table(_positions(dataset, filters), columns)


def _positions(dataset: Dataset, filters: Filters) -> np.ndarray | None:
    """The row positions of the facts the filters select, in filter_facts' order; None for every fact."""
    for kind in filters.kinds:
        check_kind(kind)
    for year in filters.years:
        check_year(year)
    store = dataset.store
    zones = zone_ids(dataset, filters.zones)
    wanted = {
        "year": filters.years,
        "zone": zones,
        "metric": [resolve_metric(dataset.metrics, m) for m in filters.metrics],
        "kind": filters.kinds,
    }
    wanted = {column: values for column, values in wanted.items() if len(values)}
    if filters.periods:  # asked for, so a period no fact writes selects nothing
        wanted["period"] = written_periods(store.distinct("period"), parse_periods(filters.periods))
    if not wanted:
        return None
    positions = np.flatnonzero(np.logical_and.reduce([store.isin(column, values) for column, values in wanted.items()]))
    # The named zones in the order given; within a zone, the dataset's order. One zone: nothing to sort.
    return store.ordered(positions, "zone", zones) if len(zones) > 1 else positions


def not_stated_matching(dataset: Dataset, filters: Filters = Filters()) -> list[NotStated]:
    """The not-stated records (Dataset.not_stated) that the filters select, as filter_facts selects
    facts: a year the periods ending in it, a period the same months however written, and the zones
    named in the order named; otherwise in the dataset's order of zones, then year, metric, period, kind."""
    zones = zone_ids(dataset, filters.zones)
    metrics = {resolve_metric(dataset.metrics, m) for m in filters.metrics}
    periods = set(written_periods({r.period for r in dataset.not_stated}, parse_periods(filters.periods)))
    chosen = [r for r in dataset.not_stated
              if (not filters.years or r.year in filters.years) and (not zones or r.zone in zones)
              and (not metrics or r.metric in metrics) and (not filters.kinds or r.kind in filters.kinds)
              and (not filters.periods or r.period in periods)]
    zone_order = {z: i for i, z in enumerate(zones or dataset.zones)}
    metric_order = {m: i for i, m in enumerate(dataset.metrics)}
    return sorted(chosen, key=lambda r: (zone_order[r.zone], r.year, metric_order[r.metric], r.period,
                                         KINDS.index(r.kind), r.id))
