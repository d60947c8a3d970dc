"""Querying the facts: resolve names, filter, pivot side by side, and diff two zone-periods.

Every function takes a Dataset (or its facts frame) and returns a new pandas DataFrame; nothing here
prints. The CLI and the Python API call the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..dataset.loader import Dataset
from ..dataset.model import KINDS, PeriodError, parse_period
from ..dataset.units import display_quantity
from ..errors import UsageError, did_you_mean

CONFLICT_MARK = "[conflict]"
# One fact: a row of the facts frame, as a Series or as a plain record (dict).
Fact = pd.Series | Mapping[str, Any]


def resolve_zone(dataset: Dataset, name: str) -> str:
    """The zone id for an id, Chinese name, short name or alias; UsageError with suggestions."""
    wanted = name.strip()
    if wanted in dataset.zones:
        return wanted
    lowered = wanted.lower()
    matches = {
        zone.id for zone in dataset.zones.values()
        if lowered in (zone.name.lower(), zone.name_en.lower(), zone.short_name.lower(),
                       *(a.lower() for a in zone.aliases))
    }
    if len(matches) == 1:
        return matches.pop()
    if len(matches) > 1:
        raise UsageError(f"zone {name!r} is ambiguous: it names {', '.join(sorted(matches))}; use the id")
    names = [*dataset.zones, *(a for z in dataset.zones.values() for a in (z.name, *z.aliases))]
    raise UsageError(f"unknown zone {name!r}{did_you_mean(wanted, names)}; `zonecmp zones` lists them")


def resolve_metric(dataset: Dataset, name: str) -> str:
    """The metric id for an id, Chinese or English name, or alias."""
    wanted = name.strip()
    if wanted in dataset.metrics:
        return wanted
    lowered = wanted.lower()
    for metric in dataset.metrics.values():
        if lowered in (metric.name.lower(), metric.name_en.lower(), *(a.lower() for a in metric.aliases)):
            return metric.id
    names = [*dataset.metrics, *(m.name for m in dataset.metrics.values())]
    raise UsageError(f"unknown metric {name!r}{did_you_mean(wanted, names)}; `zonecmp metrics` lists them")


@dataclass(frozen=True)
class Filters:
    """The filters every query command shares; empty means 'all'."""

    years: tuple[int, ...] = ()
    zones: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


def filter_facts(dataset: Dataset, filters: Filters = Filters()) -> pd.DataFrame:
    """The facts matching the filters, in the dataset's order (zones and metrics as their registries
    list them, then year, period, kind, tier and id: see loader.in_registry_order).

    A year selects the periods inside it (2024, 2024-Q1, 2024-H1) and the spans ending in it: a
    2021-2025 target is due in 2025.
    """
    for kind in filters.kinds:
        if kind not in KINDS:
            raise UsageError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    facts = dataset.facts
    wanted = {
        "year": filters.years,
        "zone": [resolve_zone(dataset, z) for z in filters.zones],
        "metric": [resolve_metric(dataset, m) for m in filters.metrics],
        "kind": filters.kinds,
    }
    masks = [facts[column].isin(values).to_numpy() for column, values in wanted.items() if len(values)]
    if not masks:
        return facts  # already in order; pandas' copy-on-write keeps the dataset safe from callers
    return facts[np.logical_and.reduce(masks)].reset_index(drop=True)


def cells(facts: pd.DataFrame, lang: str = "en") -> pd.Series:
    """How each fact reads in a table: '6%', '≥10 个', '>100 亿元', '量稳质升', '5.5% (est.)'."""
    estimate_mark = " (预计)" if lang == "zh" else " (est.)"
    columns = facts[["comparator", "value", "value_max", "unit", "text", "estimate"]]
    # None, not NaN, for a missing number: NaN never equals itself, so it could not be a key.
    keys = list(columns.astype(object).where(columns.notna(), None).itertuples(index=False, name=None))
    readings = {}  # a hundred thousand facts state a few thousand distinct quantities: format each once
    for key in set(keys):
        comparator, value, value_max, unit, text, estimate = key
        cell = text if text else display_quantity(comparator, value, value_max, unit)
        readings[key] = cell + estimate_mark if estimate else cell
    return pd.Series([readings[key] for key in keys], index=facts.index, dtype=object)


def details(facts: pd.DataFrame, lang: str = "en", *, with_period: bool) -> pd.Series:
    """The qualifiers that make a row more than its metric: sub-year period, tier, relative base, scope."""
    zh = lang == "zh"
    labels = {
        "floor": "确保" if zh else "floor", "stretch": "力争" if zh else "stretch",
    }
    qualified = ((facts["tier"] != "") | (facts["relative_to"] != "") | (facts["share_of"] != "")
                 | (facts["rank_scope"] != "") | facts["average_years"].notna())
    if with_period:
        qualified |= facts["period"] != facts["year"].astype(str)
    texts = [""] * len(facts)
    positions = np.flatnonzero(qualified.to_numpy())  # most facts have no qualifier: only these are read
    chosen = facts.iloc[positions]
    for position, period, year, tier, relative_to, share_of, rank_scope, rank_size, average_years in zip(
            positions, chosen["period"], chosen["year"], chosen["tier"], chosen["relative_to"], chosen["share_of"],
            chosen["rank_scope"], chosen["rank_size"], chosen["average_years"]):
        parts = []
        if with_period and period != str(year):
            parts.append(period)
        if tier:
            parts.append(labels[tier])
        if relative_to:
            parts.append(f"较{relative_to}" if zh else f"vs {relative_to}")
        if share_of:
            parts.append(f"占{share_of}" if zh else f"share of {share_of}")
        if rank_scope:
            size = "" if pd.isna(rank_size) else f"/{rank_size:g}"
            parts.append(f"{rank_scope}{size}")
        if not pd.isna(average_years):
            parts.append(f"{average_years:g}年平均" if zh else f"{average_years:g}-yr avg")
        texts[position] = " · ".join(parts)
    return pd.Series(texts, index=facts.index, dtype=object)


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


@dataclass(frozen=True)
class Side:
    """One side of a diff: a zone in a year (all its periods) or in one exact period."""

    zone: str
    period: str
    exact: bool


def parse_side(dataset: Dataset, text: str) -> Side:
    """Read ZONE@PERIOD, e.g. weihai@2024 or tangshan@2024-Q1."""
    zone, sep, period = text.partition("@")
    if not sep or not zone or not period:
        raise UsageError(f"{text!r} is not ZONE@PERIOD; write it like weihai@2024 or tangshan@2024-H1")
    try:
        parsed = parse_period(period)
    except PeriodError as error:
        raise UsageError(f"{text!r}: {error}") from None
    return Side(resolve_zone(dataset, zone), parsed.text, exact=parsed.granularity != "year")


def _side_groups(dataset: Dataset, side: Side, filters: Filters, kind: str,
                 lang: str) -> dict[tuple[str, str], list[dict]]:
    """One side's facts as records (with their `_cell`), grouped by metric and detail (slot · qualifiers)."""
    facts = filter_facts(dataset, Filters((), (side.zone,), filters.metrics, (kind,)))
    facts = facts[facts["period"] == side.period] if side.exact else facts[facts["year"] == int(side.period)]
    slots = [_slot(p, side.exact) for p in facts["period"]]
    facts = facts.assign(
        _detail=[" · ".join(p for p in (s, d) if p) for s, d in zip(slots, details(facts, lang, with_period=False))],
        _cell=cells(facts, lang))
    groups: dict[tuple[str, str], list[dict]] = {}
    for record in facts.to_dict("records"):
        groups.setdefault((record["metric"], record["_detail"]), []).append(record)
    return groups


def _slot(period: str, exact: bool) -> str:
    """Where a period sits inside its year, so 2024-Q1 lines up with 2023-Q1."""
    if exact:
        return ""
    parsed = parse_period(period)
    if parsed.granularity == "year":
        return ""
    if parsed.granularity == "span":
        return f"{parsed.end[0] - parsed.start[0] + 1}-year span"
    return period[5:]


DIFF_COLUMNS = ("metric", "metric_name", "detail", "left", "right", "left_value", "right_value", "change",
                "change_unit", "change_pct", "verdict", "reason")


def diff(dataset: Dataset, left: str, right: str, *, kind: str = "target", filters: Filters = Filters(),
         lang: str = "en") -> pd.DataFrame:
    """Per metric, how RIGHT differs from LEFT: raised, lowered, same, changed, new, dropped, or not
    comparable with the reason (percent against percentage points, a quarter against a year, units)."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    left_side, right_side = parse_side(dataset, left), parse_side(dataset, right)
    # Each side's facts as plain records grouped by (metric, detail): a diff compares a few dozen
    # facts, where pandas' per-operation cost would dominate.
    left_groups, right_groups = (_side_groups(dataset, side, filters, kind, lang) for side in (left_side, right_side))
    metric_order = {m: i for i, m in enumerate(dataset.metrics)}
    keys = sorted(dict.fromkeys([*left_groups, *right_groups]), key=lambda k: (metric_order[k[0]], k[1]))
    rows = []
    for metric, detail in keys:
        rows.append({"metric": metric, "metric_name": dataset.metrics[metric].label(lang), "detail": detail,
                     **_compare_rows(left_groups.get((metric, detail), []),
                                     right_groups.get((metric, detail), []))})
    return pd.DataFrame(rows, columns=list(DIFF_COLUMNS))


def readable_diff(frame: pd.DataFrame) -> pd.DataFrame:
    """The diff for people: the change written with its sign and unit (+0.5 pp, -20 亿元 (-20%))."""
    def change(row: pd.Series) -> str:
        return signed_change(row["change"], row["change_unit"], row["change_pct"])

    readable = frame.assign(change=frame.apply(change, axis=1) if len(frame) else "")
    return readable[["metric_name", "detail", "left", "right", "change", "verdict", "reason"]].rename(
        columns={"metric_name": "metric"})


def signed_change(change: float | None, unit: str, pct: float | None) -> str:
    """A change written with its sign and unit, and its relative size where there is one: +0.5 pp,
    -20 亿元 (-20%); '' for no change."""
    if change is None or pd.isna(change):
        return ""
    return f"{change:+g} {unit}" + (f" ({pct:+g}%)" if pct is not None and not pd.isna(pct) else "")


def incomparable(a: Fact, b: Fact) -> str:
    """Why the numbers of two facts do not compare, or '': periods of different length ('a quarter
    against a year'), percent against percentage points, different units. Text facts pass: their
    wording is for the caller to judge."""
    granularity_a, granularity_b = parse_period(a["period"]).granularity, parse_period(b["period"]).granularity
    if granularity_a != granularity_b:
        return f"a {granularity_a} against a {granularity_b}"
    if a["text"] or b["text"] or a["base_unit"] == b["base_unit"]:
        return ""
    if {a["base_unit"], b["base_unit"]} == {"%", "pp"}:
        return "percent against percentage points"
    return f"different units: {a['unit']} against {b['unit']}"


def change_between(a: Fact, b: Fact) -> dict:
    """From fact a's number to fact b's (same base unit): left_value, right_value, change, change_unit
    and change_pct. In their written unit when both share it (+20 亿元), else in the base unit (CNY, 家);
    percents change in percentage points, with no relative change; a range counts as its midpoint."""
    field = "value" if a["unit"] == b["unit"] else "value_base"
    left_value, right_value = _midpoint(a, field), _midpoint(b, field)
    change = right_value - left_value
    unit = "pp" if a["base_unit"] in ("%", "pp") else (a["unit"] if field == "value" else a["base_unit"])
    return {"left_value": left_value, "right_value": right_value, "change": round(change, 10), "change_unit": unit,
            "change_pct": None if unit == "pp" or left_value == 0 else round(change / abs(left_value) * 100, 2)}


def _compare_rows(left: list[dict], right: list[dict]) -> dict:
    """The diff columns for one metric: both sides as stated, the change, and the verdict."""
    row = {"left": " | ".join(dict.fromkeys(r["_cell"] for r in left)),
           "right": " | ".join(dict.fromkeys(r["_cell"] for r in right)), "left_value": None,
           "right_value": None, "change": None, "change_unit": "", "change_pct": None, "reason": ""}
    if not left:
        return {**row, "verdict": "new"}
    if not right:
        return {**row, "verdict": "dropped"}
    if any(r["conflict"] for r in left) or any(r["conflict"] for r in right):
        return {**row, "verdict": "not comparable", "reason": "sources disagree on one side; see `zonecmp facts`"}
    pair = _one_each(left, right)
    if pair is None:
        return {**row, "verdict": "not comparable", "reason": "several facts on one side; see `zonecmp facts`"}
    a, b = pair
    reason = incomparable(a, b)
    if reason:
        return {**row, "verdict": "not comparable", "reason": reason}
    if a["text"] or b["text"]:
        return {**row, **_wording_verdict(a, b)}
    return {**row, **_number_verdict(a, b)}


def _one_each(left: list[dict], right: list[dict]) -> tuple[dict, dict] | None:
    """The fact of each side to compare, since a side may state one thing twice; None if that is not one each."""
    if len(left) > 1 or len(right) > 1:  # e.g. 前十 and 第一方阵 for one rank: compare the numbers
        left, right = [r for r in left if not r["text"]], [r for r in right if not r["text"]]
        if len(left) != 1 or len(right) != 1:
            return None
    return left[0], right[0]


def _wording_verdict(a: dict, b: dict) -> dict:
    """The verdict when a side is a text fact: words have no size, so they are the same or changed."""
    same = a["text"] == b["text"] and (a["text"] or a["value_base"] == b["value_base"])
    return {"verdict": "same" if same else "changed", "reason": "" if same else "qualitative: compare the wording"}


def _number_verdict(a: dict, b: dict) -> dict:
    """The change from a's number to b's, with its verdict and reason: a smaller rank number is a higher place."""
    columns = change_between(a, b)
    change, rank = columns["change"], a["base_unit"] == "rank"
    reason = "a range compares by its midpoint" if "range" in (a["comparator"], b["comparator"]) else ""
    if change > 0:
        verdict = "lowered" if rank else "raised"
    elif change < 0:
        verdict = "raised" if rank else "lowered"
    elif a["comparator"] != b["comparator"]:
        verdict, reason = "changed", f"same number, comparator {a['comparator']} → {b['comparator']}"
    else:
        verdict = "same"
    if rank and verdict in ("raised", "lowered"):
        reason = "a smaller rank number is a higher place"
    return {**columns, "reason": reason, "verdict": verdict}


def _midpoint(fact: Fact, field: str) -> float:
    if fact["comparator"] == "range":
        return (fact[field] + fact[field.replace("value", "value_max")]) / 2
    return float(fact[field])


def registry_frame(records: Iterable[object], columns: Sequence[str]) -> pd.DataFrame:
    """A registry (zones, metrics, sources) as a frame; list fields joined with '; '."""
    rows = []
    for record in records:
        row = {}
        for column in columns:
            value = getattr(record, column)
            row[column] = "; ".join(value) if isinstance(value, tuple) else value
        rows.append(row)
    return pd.DataFrame(rows, columns=list(columns))


def fact_details(dataset: Dataset, fact_id: str, lang: str = "en") -> pd.DataFrame:
    """One fact as field/value rows: its claim, its quote in context, and its source's metadata."""
    from ..dataset.evidence import DocumentError, read_document, sentence_around

    facts = dataset.facts
    match = facts[facts["id"] == fact_id]
    if match.empty:
        raise UsageError(f"no fact has the id {fact_id!r}{did_you_mean(fact_id, facts['id'])}; "
                         "`zonecmp facts` lists the ids")
    fact = match.iloc[0]
    source = dataset.sources[fact["source"]]
    try:
        context = sentence_around(read_document(source), fact["quote"]) or "(the quote is not in the document)"
    except DocumentError as error:
        context = f"({error})"
    zone, metric = dataset.zones[fact["zone"]], dataset.metrics[fact["metric"]]
    rows = [
        ("id", fact_id),
        ("zone", f"{zone.id} · {zone.name} · {zone.name_en}"),
        ("metric", f"{metric.id} · {metric.name} · {metric.name_en}"),
        ("period", fact["period"]),
        ("kind", fact["kind"] + (" (estimate)" if fact["estimate"] else "")),
        ("tier", fact["tier"]),
        ("stated", cells(match, lang).iloc[0]),
        ("value_base", "" if pd.isna(fact["value_base"]) else f"{fact['value_base']:g} {fact['base_unit']}"),
        ("detail", details(match, lang, with_period=False).iloc[0]),
        ("quote", fact["quote"]),
        ("context", context),
        ("note", fact["note"]),
        ("source", f"{source.id}: {source.title}"),
        ("publisher", source.publisher),
        ("published", source.published + (f" (event {source.event_date})" if source.event_date else "")),
        ("document", source.document),
        ("url", source.url),
        ("defined at", f"{fact['file']}:{fact['line']}"),
        ("conflict", "yes: another source gives a different value" if fact["conflict"] else ""),
    ]
    return pd.DataFrame([r for r in rows if r[1]], columns=["field", "value"])


QUANTITY_COLUMNS = ("expression", "comparator", "value", "value_max", "unit", "value_base", "value_max_base",
                    "base_unit", "error")


def quantity_frame(expressions: Iterable[str]) -> pd.DataFrame:
    """One row per expression as the quantity parser reads it; an unreadable one gets an error row.
    share_of (占全市32% is a share of 全市) comes after the original columns, so scripts that read them keep working."""
    from ..dataset.quantities import QuantityError, parse_quantity

    columns = [*QUANTITY_COLUMNS, "share_of"]
    rows = []
    for text in expressions:
        try:
            q = parse_quantity(text)
            rows.append({"expression": text, "comparator": q.comparator, "value": q.value, "value_max": q.value_max,
                         "unit": q.unit, "value_base": q.value_base, "value_max_base": q.value_max_base,
                         "base_unit": q.base_unit, "error": "", "share_of": q.share_of})
        except QuantityError as error:
            rows.append({"expression": text, "comparator": "", "unit": "", "base_unit": "", "error": str(error)})
    frame = pd.DataFrame(rows, columns=columns)
    numeric = ["value", "value_max", "value_base", "value_max_base"]
    frame[numeric] = frame[numeric].astype("float64")
    return frame.fillna({c: "" for c in columns if c not in numeric})
