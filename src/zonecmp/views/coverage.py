"""Coverage: what the data holds, zone by period, so a user sees where a view will find facts.

Per zone and period: how many targets and actuals, and how many of the targets `attainment` sets
beside an actual (`pairs`: its pairing, reused, not restated; the verdict may still be "not
comparable"), and how many targets and actuals its sources say they do not state (`not_stated`:
model.NotStated), so that a gap the sources explain is told from one no source covers. A period
is counted however its facts write it: 2024-H1 and 2024-01..06 are one half, one column, named by
both forms.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ..dataset.loader import Dataset
from ..dataset.periods import Period, parse_period
from ..words import word
from .attainment import attainment
from .cells import NOT_STATED
from .select import Filters, filter_facts, not_stated_matching

COLUMNS = ("zone", "period", "targets", "actuals", "pairs", "not_stated", "written_as")
_BOUND = "\u00a0"  # a no-break space: a terminal table wraps a cell between counts, never inside one (tables.py)


def coverage(dataset: Dataset, filters: Filters = Filters()) -> pd.DataFrame:
    """One row per zone and period that has facts: zones in the order filter_facts gives them,
    periods in time order (dataset/periods.py: by end, then start). `period` is one form a script
    can pass to --period (the shortest the facts write: 2024-H1), `written_as` every form
    (2024-01..06 = 2024-H1)."""
    facts = filter_facts(dataset, filters)
    counts: dict[tuple[str, Period], Counter[str]] = {}
    written: dict[Period, set[str]] = {}
    for zone, text, kind in zip(facts["zone"], facts["period"], facts["kind"]):
        period = parse_period(text)
        counts.setdefault((zone, period), Counter())[kind] += 1
        written.setdefault(period, set()).add(text)
    silent = not_stated_matching(dataset, filters)
    for record in silent:
        period = parse_period(record.period)
        counts.setdefault((record.zone, period), Counter())["not stated"] += 1
        written.setdefault(period, set()).add(record.period)
    assessed = attainment(dataset, filters)
    paired = assessed[assessed["verdict"] != "not stated"][["zone", "period", "target_id"]].drop_duplicates()
    pairs = Counter((zone, parse_period(text)) for zone, text in zip(paired["zone"], paired["period"]))
    zone_order = {zone: i for i, zone in enumerate(dict.fromkeys([*facts["zone"], *(r.zone for r in silent)]))}
    rows = [{"zone": zone, "period": min(written[period], key=lambda text: (len(text), text)),
             "targets": kinds["target"], "actuals": kinds["actual"], "pairs": pairs[zone, period],
             "not_stated": kinds["not stated"], "written_as": " = ".join(sorted(written[period]))}
            for (zone, period), kinds in sorted(counts.items(), key=lambda item: (zone_order[item[0][0]], item[0][1]))]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def readable(frame: pd.DataFrame, dataset: Dataset, lang: str = "en") -> pd.DataFrame:
    """The coverage for people: one row per zone, one column per period in time order, each cell
    `3 t · 5 a` (targets, actuals), `· 2 paired` where attainment pairs some and `· 1 not stated`
    where sources say they state one; blank where none."""
    # A column is named by every form of its period ('2024-01..06 = 2024-H1'), in time order.
    order = {label: parse_period(period) for period, label in zip(frame["period"], frame["written_as"])}
    periods = sorted(order, key=order.__getitem__)
    cells: dict[str, dict[str, str]] = {}
    for zone, _, targets, actuals, pairs, silent, period in frame[list(COLUMNS)].itertuples(index=False):
        counts = [f"{targets}{_BOUND}t", f"{actuals}{_BOUND}a", *([f"{pairs}{_BOUND}paired"] if pairs else []),
                  *([f"{silent}{_BOUND}{word(NOT_STATED, lang).replace(' ', _BOUND)}"] if silent else [])]
        cell = " · ".join(counts)
        cells.setdefault(dataset.zones[zone].label(lang), {})[period] = cell
    return pd.DataFrame([{"zone": zone, **{p: row.get(p, "") for p in periods}} for zone, row in cells.items()],
                        columns=["zone", *periods])
