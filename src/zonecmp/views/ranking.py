"""Ranking the zones on one metric: who aims highest, who reported most.

Only numbers on one scale are ranked. `on_one_scale` picks the largest group of facts that share a
base unit, a period length (years with years, quarters with quarters, January–September with
January–September, totals as of a day with totals) and qualifiers (rank scope, relative base, share
base, multi-year average); the others are listed after the ranked ones, each
with the reason it is left out, and text facts (第一方阵) come last. The ranked facts are ordered by
their base value (a range by its midpoint), largest first, except ranks, where a smaller number is
a higher place. Equal numbers share a rank and the next rank skips (1, 2, 2, 4), whatever their
comparators (≥12 个 and 12 个 tie); the comparator stays in the value column. A zone whose sources
disagree keeps each value, marked with CONFLICT_MARK. A zone whose source says it states no figure
(a not-stated record) comes last, `not stated`, with that source as its reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pandas as pd

from ..dataset.loader import Dataset
from ..dataset.model import facts_of
from ..dataset.periods import parse_period
from ..dataset.registries import resolve_metric
from ..words import reason, say, word
from .cells import CONFLICT_MARK, NOT_STATED, cells, details
from .comparison import incomparable
from .select import Filters, check_kind, filter_facts, not_stated_matching

COLUMNS = ("rank", "zone", "zone_name", "period", "detail", "value", "value_base", "base_unit", "reason", "id")
_SMALLEST_FIRST = {"rank": "a smaller number is a higher place"}  # how a title says it, by unit kind
_BASIS = ("base_unit", "_granularity", "relative_to", "share_of", "rank_scope", "average_years")


def metric_facts(dataset: Dataset, metric: str, filters: Filters, kind: str) -> pd.DataFrame:
    """The facts of one metric and one kind (target or actual) that pass the year, period and zone filters."""
    check_kind(kind)
    return filter_facts(dataset, replace(filters, metrics=(resolve_metric(dataset.metrics, metric),), kinds=(kind,)))


def on_one_scale(facts: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The facts with `number` (the base value; a range's midpoint) and `reason`: '' for the facts on
    the common scale, else why a fact is left off it (qualitative, other units, other period length,
    other qualifiers)."""
    facts = facts.reset_index(drop=True)
    numeric = facts["text"] == ""
    keyed = facts.assign(_granularity=[parse_period(p).granularity for p in facts["period"]])
    basis = [tuple("" if pd.isna(v) else v for v in row) for row in keyed[list(_BASIS)].itertuples(index=False)]
    counts = Counter(b for b, is_number in zip(basis, numeric) if is_number)
    common = max(counts, key=counts.get) if counts else None  # on a tie, the one listed first
    qualifiers = details(facts.assign(tier=""), lang, with_period=False)
    model = basis.index(common) if common else None
    records = facts_of(facts)
    reasons = []
    for index, fact in enumerate(records):
        if not numeric[index]:
            reasons.append("qualitative")
        elif basis[index] == common:
            reasons.append("")
        else:
            reasons.append(incomparable(fact, records[model]) or
                           f"different qualifiers: {qualifiers[index] or 'none'} against {qualifiers[model] or 'none'}")
    midpoint = facts["value_base"].where(facts["comparator"] != "range",
                                         (facts["value_base"] + facts["value_max_base"]) / 2)
    return facts.assign(number=midpoint.where(numeric), reason=reasons)


def rank(dataset: Dataset, metric: str, filters: Filters = Filters(), kind: str = "target",
         lang: str = "en") -> pd.DataFrame:
    """The zones ordered by their value of METRIC: ranked facts first (rank 1, 2, 2, 4 ...), then the
    facts left off the scale with the reason, then the qualitative ones. `value` reads as the document
    states it, `value_base` is the number ranked, in `base_unit`."""
    facts = on_one_scale(metric_facts(dataset, metric, filters, kind), lang)
    ascending = smaller_first(dataset, metric)
    ranked = facts[facts["reason"] == ""].sort_values("number", ascending=ascending, kind="stable")
    others = facts[facts["reason"] != ""]
    others = others.sort_values("reason", key=lambda r: r == "qualitative", kind="stable")
    ordered = pd.concat([ranked.assign(rank=ranked["number"].rank(method="min", ascending=ascending)),
                         others.assign(rank=float("nan"))])
    marks = [f" {CONFLICT_MARK}" if c else "" for c in ordered["conflict"]]
    stated = pd.DataFrame({
        "rank": ordered["rank"].astype(float),
        "zone": ordered["zone"],
        "zone_name": [dataset.zones[z].name_in(lang) for z in ordered["zone"]],
        "period": ordered["period"],
        "detail": details(ordered, lang, with_period=False),
        "value": [c + m for c, m in zip(cells(ordered, lang), marks)],
        "value_base": ordered["number"],
        "base_unit": ordered["base_unit"],
        "reason": ordered["reason"],
        "id": ordered["id"],
    }, columns=list(COLUMNS))
    silent = _not_stated_rows(dataset, metric, filters, kind, lang)
    parts = [part for part in (stated, silent) if len(part)] or [stated]  # an empty part would sway the dtypes
    return pd.concat(parts, ignore_index=True)


def _not_stated_rows(dataset: Dataset, metric: str, filters: Filters, kind: str, lang: str) -> pd.DataFrame:
    """The zones whose source says it states no figure of the metric: last, unranked, `not stated`
    with the source, so that a zone missing from the ranking is one no source covers."""
    chosen = replace(filters, metrics=(resolve_metric(dataset.metrics, metric),), kinds=(kind,))
    records = not_stated_matching(dataset, chosen)
    return pd.DataFrame({
        "rank": [float("nan")] * len(records), "zone": [r.zone for r in records],
        "zone_name": [dataset.zones[r.zone].name_in(lang) for r in records], "period": [r.period for r in records],
        "detail": [""] * len(records), "value": [word(NOT_STATED, lang)] * len(records),
        "value_base": [float("nan")] * len(records), "base_unit": [""] * len(records),
        "reason": [f"not stated in {r.source}" for r in records], "id": [r.id for r in records],
    }, columns=list(COLUMNS)).astype({"rank": float, "value_base": float})


def smaller_first(dataset: Dataset, metric: str) -> bool:
    """Whether a smaller number ranks higher: the metric's direction says (第1位 is first)."""
    return dataset.metrics[resolve_metric(dataset.metrics, metric)].lower_is_better


def readable(frame: pd.DataFrame, dataset: Dataset, lang: str = "en") -> pd.DataFrame:
    """The ranking for people: place, zone (its short label), period, detail, the value as stated, and
    why unranked (in `lang`)."""
    people = frame[["rank", "zone", "period", "detail", "value", "reason"]]
    return people.assign(zone=[dataset.zones[z].label(lang) for z in people["zone"]],
                         reason=[reason(r, lang) for r in people["reason"]])


def title(dataset: Dataset, metric: str, kind: str, when: str, lang: str = "en", *,
          order: str = "") -> str:
    """'Rank among the province's zones, actuals 2024: a smaller number is a higher place'; `when` is
    Filters.when()."""
    chosen = dataset.metrics[resolve_metric(dataset.metrics, metric)]
    order = order or (_SMALLEST_FIRST.get(chosen.unit_kind, "smallest first") if chosen.lower_is_better
                      else "largest first")
    return say("{label}, {kinds} {years}: {order}", lang, label=chosen.label(lang), kinds=word(f"{kind}s", lang),
               years=when, order=word(order, lang))
