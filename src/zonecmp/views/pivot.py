"""Side by side: one row per metric (and detail), one column per zone, or per zone and year."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..dataset.loader import Dataset
from ..errors import UsageError
from .cells import CONFLICT_MARK, cells, details
from .select import Filters, filter_facts


def side_by_side(dataset: Dataset, facts: pd.DataFrame, lang: str = "en", *, kind_rows: bool = False,
                 labels: bool = False) -> pd.DataFrame:
    """One row per metric (and detail), one column per zone, or per zone and year when several years show.

    Columns are named by zone id (`weihai`, or `weihai@2024` with several years) so scripts can rely
    on them; `labels=True` names them for people instead (威海高区 2024). Cells hold the fact as the
    document states it; two sources that disagree share a cell, both shown, with a conflict mark.
    """
    several_years = facts["year"].nunique() > 1

    def column(zone: str, year: int) -> str:
        if labels:
            return dataset.zones[zone].label(lang) + (f" {year}" if several_years else "")
        return f"{zone}@{year}" if several_years else zone

    # One pass over the facts in plain Python: the table has a few rows per metric, and pandas'
    # groupby and unstack cost more per call (10 ms for the bundled data) and per string key (0.5 s
    # for 50,000 facts) than the loop. Each cell keeps its distinct statements in order.
    statements: dict[tuple, dict[str, dict[str, None]]] = {}
    disputed: set[tuple] = set()
    columns: dict[str, None] = {}
    kinds = facts["kind"] if kind_rows else [""] * len(facts)
    for metric, detail, kind, zone, year, cell, conflict in zip(
            facts["metric"], details(facts, lang, with_period=True), kinds, facts["zone"], facts["year"],
            cells(facts, lang), facts["conflict"]):
        name = column(zone, year)
        columns.setdefault(name)
        row = (metric, detail, kind)
        statements.setdefault(row, {}).setdefault(name, {}).setdefault(cell)
        if conflict:
            disputed.add((row, name))
    metric_order = {m: i for i, m in enumerate(dataset.metrics)}
    position = {name: i for i, name in enumerate(columns)}
    table = []
    for row in sorted(statements, key=lambda r: (metric_order[r[0]], r[1], r[2])):
        metric, detail, kind = row
        texts = [""] * len(columns)  # a row has cells in a few columns: only those are written
        for name, said in statements[row].items():
            texts[position[name]] = " | ".join(said) + (f" {CONFLICT_MARK}" if (row, name) in disputed else "")
        table.append([metric, dataset.metrics[metric].label(lang), detail] + ([kind] if kind_rows else []) + texts)
    head = ["metric", "metric_name", "detail"] + (["kind"] if kind_rows else [])
    result = pd.DataFrame(table, columns=head + list(columns), dtype="str")
    return result.drop(columns="metric").rename(columns={"metric_name": "metric"}) if labels else result


def compare(dataset: Dataset, zones: Sequence[str], filters: Filters = Filters(), lang: str = "en", *,
            labels: bool = False) -> pd.DataFrame:
    """Targets and actuals of the named zones side by side."""
    if not zones:
        raise UsageError("name at least one zone to compare, like `zonecmp compare tangshan weihai`")
    facts = filter_facts(dataset, Filters(filters.years, tuple(zones), filters.metrics, filters.kinds))
    return side_by_side(dataset, facts, lang, kind_rows=True, labels=labels)
