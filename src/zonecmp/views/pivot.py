"""Side by side: one row per metric (and detail), one column per zone, or per zone and year; or, for
spreadsheets, the long form: one row per fact, its number in a column of its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..dataset.loader import Dataset
from ..dataset.model import NotStated
from ..errors import UsageError
from ..table import Table, Text
from ..words import word
from .cells import CELL_COLUMNS, CONFLICT_MARK, NOT_STATED, cell_texts, cells, detail_texts, details
from .select import Filters, filter_facts, not_stated_matching

if TYPE_CHECKING:
    import pandas as pd

# What side_by_side reads of the facts, so filter_facts need decode no other column.
SIDE_BY_SIDE_COLUMNS = ("metric", "kind", "zone", "conflict", *CELL_COLUMNS)


def side_by_side(dataset: Dataset, facts: pd.DataFrame, lang: str = "en", *, kind_rows: bool = False,
                 labels: bool = False, not_stated: Sequence[NotStated] = ()) -> pd.DataFrame:
    """The side-by-side view (`side_by_side_table`) as a DataFrame, for notebooks."""
    return side_by_side_table(dataset, facts, lang, kind_rows=kind_rows, labels=labels,
                              not_stated=not_stated).frame().astype("str")


def side_by_side_table(dataset: Dataset, facts: pd.DataFrame | Table, lang: str = "en", *, kind_rows: bool = False,
                       labels: bool = False, not_stated: Sequence[NotStated] = ()) -> Table:
    """One row per metric (and detail), one column per zone, or per zone and year when several years show.

    Columns are named by zone id (`weihai`, or `weihai@2024` with several years) so scripts can rely
    on them; `labels=True` names them for people instead (威海高区 2024). Cells hold the fact as the
    document states it; two sources that disagree share a cell, both shown, with a conflict mark. A
    source's record that it states nothing there (`not_stated`) reads `not stated`, so that an empty
    cell keeps its one meaning: no source covers it.
    """
    several_years = len({*facts["year"].tolist(), *(r.year for r in not_stated)}) > 1

    def column(zone: str, year: int) -> str:
        if labels:
            return dataset.zones[zone].label(lang) + (f" {year}" if several_years else "")
        return f"{zone}@{year}" if several_years else zone

    # One pass over the facts in plain Python: the table has a few rows per metric, and pandas'
    # groupby and unstack cost more per call (10 ms for the bundled data) and per string key (0.5 s
    # for 50,000 facts) than the loop. Each cell keeps its distinct statements in order.
    statements: dict[tuple, dict[str, dict[str, None]]] = {}
    disputed: set[tuple] = set()
    columns: dict[str, tuple[str, int]] = {}
    kinds = [word(k, lang) if labels else k for k in facts["kind"].tolist()] if kind_rows else [""] * len(facts)
    # As lists: iterating a str column yields its cells one pandas call each.
    for metric, detail, kind, zone, year, cell, conflict in zip(
            facts["metric"].tolist(), detail_texts(facts, lang, with_period=True), kinds, facts["zone"].tolist(),
            facts["year"].tolist(), cell_texts(facts, lang), facts["conflict"].tolist()):
        name = column(zone, year)
        columns.setdefault(name, (zone, year))
        row = (metric, detail, kind)
        statements.setdefault(row, {}).setdefault(name, {}).setdefault(cell)
        if conflict:
            disputed.add((row, name))
    for record in not_stated:
        name = column(record.zone, record.year)
        columns.setdefault(name, (record.zone, record.year))
        kind = (word(record.kind, lang) if labels else record.kind) if kind_rows else ""
        row = (record.metric, "" if record.period == str(record.year) else record.period, kind)
        statements.setdefault(row, {}).setdefault(name, {}).setdefault(word(NOT_STATED, lang))
    # The facts came zone by zone, each in time order: a zone or year only a not-stated record has joins them so.
    zone_order = {zone: i for i, zone in enumerate(dict.fromkeys(zone for zone, _ in columns.values()))}
    columns = dict(sorted(columns.items(), key=lambda item: (zone_order[item[1][0]], item[1][1])))
    metric_order = {m: i for i, m in enumerate(dataset.metrics)}
    position = {name: i for i, name in enumerate(columns)}
    table = []
    for row in sorted(statements, key=lambda r: (metric_order[r[0]], r[1], r[2])):
        metric, detail, kind = row
        texts = [""] * len(columns)  # a row has cells in a few columns: only those are written
        for name, said in statements[row].items():
            texts[position[name]] = " | ".join(said) + (f" {CONFLICT_MARK}" if (row, name) in disputed else "")
        table.append([metric, dataset.metrics[metric].label(lang), detail] + ([kind] if kind_rows else []) + texts)
    # For people, the metric's name stands in its id's place.
    head = (["metric"] if labels else ["metric", "metric_name"]) + ["detail"] + (["kind"] if kind_rows else [])
    cells_by_column = list(zip(*table)) if table else [()] * (3 + kind_rows + len(columns))
    kept = cells_by_column[1:] if labels else cells_by_column  # for people, no metric id
    return Table(head + list(columns), [Text.of(texts) for texts in kept], len(table))


# The long form's columns: a contract for scripts, as the facts' are (add, never rename).
LONG_COLUMNS = ("metric", "metric_name", "detail", "kind", "zone", "period", "comparator", "value", "value_max",
                "unit", "estimate", "stated", "fact_id", "conflict")


def long_form(dataset: Dataset, facts: pd.DataFrame, lang: str = "en", *, kind_rows: bool = False,
              labels: bool = False, not_stated: Sequence[NotStated] = ()) -> pd.DataFrame:
    """The facts of a side-by-side view one per row, in its row order (metric, detail, kind), for a
    spreadsheet to sum, chart or pivot: `value` (and `value_max`, a range's high end) is the number in
    `unit`, the base unit every fact of a metric shares (CNY for money, % for percents, the counter
    word), whatever unit the document wrote; `stated` is the cell as the side-by-side shows it
    (≥10 个, 量稳质升), `fact_id` leads to `zonecmp show`. A fact with no number has no value, and
    neither has a not-stated record: its row's `stated` is `not stated`, its `fact_id` the record's id.
    For people (`labels`): names instead of ids, a conflict marked in `stated`, kind only with `kind_rows`."""
    import pandas as pd

    names = {m: metric.label(lang) for m, metric in dataset.metrics.items()}
    order = {m: i for i, m in enumerate(dataset.metrics)}
    frame = pd.DataFrame({
        "metric": facts["metric"], "metric_name": facts["metric"].map(names),
        "detail": details(facts, lang, with_period=False), "kind": facts["kind"], "zone": facts["zone"],
        "period": facts["period"], "comparator": facts["comparator"], "value": facts["value_base"],
        "value_max": facts["value_max_base"], "unit": facts["base_unit"], "estimate": facts["estimate"],
        "stated": cells(facts, lang), "fact_id": facts["id"], "conflict": facts["conflict"],
        "_order": facts["metric"].map(order)}, columns=[*LONG_COLUMNS, "_order"])
    if not_stated:
        silent = pd.DataFrame({
            "metric": [r.metric for r in not_stated], "metric_name": [names[r.metric] for r in not_stated],
            "detail": "", "kind": [r.kind for r in not_stated], "zone": [r.zone for r in not_stated],
            "period": [r.period for r in not_stated], "comparator": "", "value": float("nan"),
            "value_max": float("nan"), "unit": "", "estimate": False, "stated": word(NOT_STATED, lang),
            "fact_id": [r.id for r in not_stated], "conflict": False,
            "_order": [order[r.metric] for r in not_stated]}, columns=[*LONG_COLUMNS, "_order"])
        silent = silent.astype({"value": "float64", "value_max": "float64"})  # no number, as a number column
        frame = pd.concat([frame, silent], ignore_index=True) if len(frame) else silent
    frame = frame.sort_values(["_order", "detail", "kind"], kind="stable").drop(columns="_order")
    frame = frame.reset_index(drop=True).astype({"metric_name": "str", "detail": "str", "stated": "str"})
    if not labels:
        return frame
    zones = {z: zone.label(lang) for z, zone in dataset.zones.items()}
    marked = frame["stated"].where(~frame["conflict"], frame["stated"] + f" {CONFLICT_MARK}")
    frame = frame.assign(metric=frame["metric_name"], zone=frame["zone"].map(zones), stated=marked,
                         kind=[word(k, lang) for k in frame["kind"]])
    return frame[["metric", "detail", *(["kind"] if kind_rows else []), "zone", "period", "stated", "value",
                  "value_max", "unit", "fact_id"]]


def compare(dataset: Dataset, zones: Sequence[str], filters: Filters = Filters(), lang: str = "en", *,
            labels: bool = False, long: bool = False) -> pd.DataFrame:
    """Targets and actuals of the named zones side by side (or in the long form)."""
    if not zones:
        raise UsageError("name at least one zone to compare, like `zonecmp compare tangshan weihai`")
    chosen = replace(filters, zones=tuple(zones))
    facts = filter_facts(dataset, chosen, None if long else SIDE_BY_SIDE_COLUMNS)
    view = long_form if long else side_by_side
    return view(dataset, facts, lang, kind_rows=True, labels=labels, not_stated=not_stated_matching(dataset, chosen))
