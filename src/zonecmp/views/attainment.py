"""Attainment: did a zone hit its targets? Each target beside the actual for the same thing, with a verdict.

Pairing. A target meets the actuals of the same zone, metric and qualifiers (relative_to, share_of,
rank_scope, average_years) for the same period: a 2024 target the 2024 actual, a 2024-Q1 target the
2024-Q1 actual, a 2024-01..09 target the 2024-01..09 actual (or any period of the same months: H1
and 01..06 are one half), a total as of 2024-12-31 the total as of that day. A span target
(2021-2025) meets the actual for the span or, failing that, for the span's last year (a level to
reach "by 2025"). A target and an actual whose periods overlap but
differ in length (a quarter and its year) pair as "not comparable: a quarter against a year";
January–September and its year as "not comparable: January–September against a year".
Actuals: a final figure replaces an estimate (预计) of the same period; numbers are preferred to
wording when the target is a number; actuals that still disagree are "not comparable".

Reading a target: the comparator decides which actual numbers meet it.
- `=` is a floor (a zone that promises 6% growth and reports 6.5% has met it); a rank is the other
  way round, since a smaller number is a higher place (第1位 is met only by first place).
- `>=`, `>`, `<=`, `<` literally; `range` within [low, high] inclusive;
- `~` (左右, 约) within a tolerance: ±0.5 percentage points for percents, ±5% of the target otherwise;
  `Tolerance.parse` reads other values (`1pp`, `10%`). The output states it per row.
An actual that is itself a bound (≥10%) meets a target only if every number it allows does, misses
only if none does, and is otherwise "not comparable"; an approximate actual (约6%) counts as its number.
Targets that two sources state differently are each assessed, and marked with CONFLICT_MARK.
A target its source says it does not set (a not-stated record: model.NotStated) is listed beside the
actual of its period, and a target beside its period's not-stated actual, both with the verdict
"not stated" and the source in the reason: left out of the assessment, and out of the summary's targets
where it is the target that is not stated.
Verdicts: met, missed, met (estimate), missed (estimate), not comparable (with the reason), not stated. The gap is
actual minus target (a range: its midpoint), in percentage points between percents, else in the unit
and relative to the target.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from ..dataset.loader import Dataset
from ..dataset.model import Fact, NotStated, facts_of
from ..dataset.periods import mismatch, parse_period
from ..dataset.units import display_quantity
from ..errors import UsageError
from ..words import reason, say, word
from .cells import CONFLICT_MARK, NOT_STATED, cell_of, details, signed_change, tier_label
from .comparison import change_between, incomparable
from .select import Filters, filter_facts, not_stated_matching, zone_ids

COLUMNS = ("zone", "metric", "metric_name", "period", "tier", "detail", "target", "actual", "actual_period",
           "met_if", "tolerance", "verdict", "gap", "gap_unit", "gap_pct", "reason", "target_id", "actual_id")
SUMMARY_COLUMNS = ("zone", "met_of_assessed", "targets", "assessed", "met", "missed", "estimated", "not_comparable")
QUALIFIERS = ("relative_to", "share_of", "rank_scope", "average_years")
NO_PAIRS = "no zone has both a target and an actual for the same metric and period"
TITLE = ("Targets against actuals, {years}: a target with no comparator is a floor (a rank: a ceiling); ~ within "
         "±{points} pp for percents, ±{percent}% of the target otherwise")  # a words.say template


@dataclass(frozen=True)
class Tolerance:
    """How near an actual must come to a `~` target: absolute for percents, relative otherwise."""

    points: float = 0.5      # percentage points, for facts in % or pp
    percent: float = 5.0     # percent of the target, for money, counts and ranks

    @classmethod
    def parse(cls, texts: Iterable[str]) -> Tolerance:
        """Read `0.5pp` (percents) and `5%` (everything else); each text sets one of the two."""
        tolerance = cls()
        for text in texts:
            match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(pp|%)\s*", text)
            if match is None:
                raise UsageError(f"--tolerance {text!r}: write percentage points for percent metrics, like 1pp, "
                                 "or a percent of the target for the others, like 10%")
            amount = float(match[1])
            tolerance = cls(amount, tolerance.percent) if match[2] == "pp" else cls(tolerance.points, amount)
        return tolerance

    def around(self, value: float, base_unit: str) -> tuple[float, str]:
        """The half-width of the band around a `~` target, in the target's unit, and how it reads."""
        if base_unit in ("%", "pp"):
            return self.points, f"±{self.points:g} pp"
        return abs(value) * self.percent / 100, f"±{self.percent:g}%"


@dataclass(frozen=True)
class _Interval:
    """The numbers a target accepts, or an actual allows; ends may be open and infinite."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def within(self, other: _Interval) -> bool:
        low_ok = self.low > other.low or (self.low == other.low and (self.low_open or not other.low_open))
        high_ok = self.high < other.high or (self.high == other.high and (self.high_open or not other.high_open))
        return low_ok and high_ok

    def apart(self, other: _Interval) -> bool:
        def below(a: _Interval, b: _Interval) -> bool:
            return a.high < b.low or (a.high == b.low and (a.high_open or b.low_open))
        return below(self, other) or below(other, self)


_INF = math.inf


def _bound(comparator: str, value: float, value_max: float) -> _Interval:
    """The numbers a comparator and value allow: ≥10 is [10, ∞), 6–7 is [6, 7], 10 is [10, 10]."""
    return {
        ">=": _Interval(value, _INF, high_open=True), ">": _Interval(value, _INF, True, True),
        "<=": _Interval(-_INF, value, low_open=True), "<": _Interval(-_INF, value, True, True),
        "range": _Interval(value, value_max),
    }.get(comparator, _Interval(value, value))


def _accepted(target: Fact, tolerance: Tolerance, lower_is_better: bool,
              in_base_unit: bool = True) -> tuple[_Interval, str]:
    """What meets the target, in its base unit or as written, and the tolerance applied ('' if none).
    A bare target is a floor, or a ceiling where a smaller number is better (第5位 is met by 第3位)."""
    value, value_max = (target.value_base, target.value_max_base) if in_base_unit else (target.value, target.value_max)
    comparator = target.comparator
    if comparator == "=":
        comparator = "<=" if lower_is_better else ">="
    if comparator == "~":
        half, stated = tolerance.around(value, target.base_unit)
        return _Interval(round(value - half, 9), round(value + half, 9)), stated
    return _bound(comparator, value, value_max), ""


def _met_if(target: Fact, tolerance: Tolerance, lower_is_better: bool) -> str:
    """The accepted numbers as the document's unit writes them: ≥6%, ≤10 位, 7.5–8.5%, >1000 亿元."""
    if target.text:
        return ""
    accepted, _ = _accepted(target, tolerance, lower_is_better, in_base_unit=False)
    unit = target.unit
    if accepted.low == -_INF:
        return display_quantity("<" if accepted.high_open else "<=", accepted.high, None, unit)
    if accepted.high == _INF:
        return display_quantity(">" if accepted.low_open else ">=", accepted.low, None, unit)
    if accepted.low == accepted.high:
        return display_quantity("=", accepted.low, None, unit)
    return display_quantity("range", accepted.low, accepted.high, unit)


def _verdict(target: Fact, actual: Fact, tolerance: Tolerance, lower_is_better: bool) -> tuple[str, str]:
    """(verdict, reason) for one target and the one actual it is assessed against."""
    # The pairing has settled the periods (a span meets its last year): compare units only.
    reason = incomparable(target, actual._replace(period=target.period))
    if reason:
        return "not comparable", reason
    if target.text:
        return "not comparable", "qualitative target: compare the wording"
    if actual.text:
        return "not comparable", "qualitative actual: compare the wording"
    accepted, _ = _accepted(target, tolerance, lower_is_better)
    reported = _bound(actual.comparator, actual.value_base, actual.value_max_base)
    if reported.within(accepted):
        verdict = "met"
    elif reported.apart(accepted):
        verdict = "missed"
    else:
        return "not comparable", f"the actual is only a bound ({cell_of(actual)})"
    return (f"{verdict} (estimate)" if actual.estimate else verdict), ""


def _qualifiers(fact: Fact) -> tuple[object, ...]:
    """What a target and its actuals share besides the period: zone, metric and qualifiers."""
    return (fact.zone, fact.metric, *(getattr(fact, q) for q in QUALIFIERS))


def _candidates(target: Fact | NotStated, actuals: list[Fact]) -> list[tuple[list[Fact], str]]:
    """The actual facts a target is assessed against, grouped by period, each with a period reason."""
    period = parse_period(target.period)
    exact = [a for a in actuals if parse_period(a.period) == period]
    if exact:  # the same months, as either form writes them: a 2024-H1 target meets a 2024-01..06 actual
        return [(exact, "")]
    if period.granularity == "span":
        return [([a for a in actuals if a.period == str(period.year)], "")]
    groups = []
    for other_text in sorted({a.period for a in actuals}):
        other = parse_period(other_text)
        if other.granularity != "span" and other.overlaps(period):
            groups.append(([a for a in actuals if a.period == other_text], mismatch(period, other)))
    return groups


def _choose(target: Fact, actuals: list[Fact]) -> tuple[list[Fact], str]:
    """The actuals that speak for the period: finals over estimates, numbers over wording; a reason
    when those left still disagree."""
    actuals = [a for a in actuals if not a.estimate] or actuals
    numbers = [a for a in actuals if not a.text]
    if not target.text and numbers:
        actuals = numbers
    if len({(a.comparator, a.value_base, a.value_max_base, a.base_unit, a.text) for a in actuals}) > 1:
        return actuals, "sources disagree on the actual"
    return actuals, ""


def attainment(dataset: Dataset, filters: Filters = Filters(), lang: str = "en",
               tolerance: Tolerance = Tolerance()) -> pd.DataFrame:
    """One row per target that has an actual to be judged by: both as stated, what meets the target
    (`met_if`), the tolerance used, the verdict, the gap and the reason when not comparable.

    The filters select targets (a year selects targets due in it); kinds in them are ignored.
    """
    targets = filter_facts(dataset, replace(filters, kinds=("target",)))
    actuals: dict[tuple[object, ...], list[Fact]] = {}
    for actual in facts_of(filter_facts(dataset, replace(filters, years=(), periods=(), kinds=("actual",)))):
        actuals.setdefault(_qualifiers(actual), []).append(actual)
    silent_actuals: dict[tuple[str, str, object], list[NotStated]] = {}
    for record in not_stated_matching(dataset, replace(filters, years=(), periods=(), kinds=("actual",))):
        silent_actuals.setdefault((record.zone, record.metric, parse_period(record.period)), []).append(record)
    rows = []
    for target, detail in zip(facts_of(targets), details(targets.assign(tier=""), lang, with_period=False)):
        paired = False
        for group, period_reason in _candidates(target, actuals.get(_qualifiers(target), [])):
            if group:
                shown, reason = _choose(target, group)
                rows.append(_row(dataset, target, shown, period_reason or reason, detail, lang, tolerance))
                paired = True
        silent = silent_actuals.get((target.zone, target.metric, parse_period(target.period)), [])
        if silent and not paired:
            rows.append(_not_stated_row(dataset, target, "actual", silent, lang, detail=detail, tier=target.tier,
                                        target=cell_of(target, lang), actual=word(NOT_STATED, lang),
                                        actual_period=silent[0].period, target_id=target.id,
                                        actual_id="; ".join(r.id for r in silent)))
    silent_targets = not_stated_matching(dataset, replace(filters, kinds=("target",)))
    for record in silent_targets:  # a not-stated record has no qualifiers: its actuals are the unqualified ones
        unqualified = actuals.get((record.zone, record.metric, "", "", "", None), [])
        for group, period_reason in _candidates(record, unqualified):
            finals = [a for a in group if not a.estimate] or group
            if finals and not period_reason:
                rows.append(_not_stated_row(dataset, record, "target", [record], lang, target=word(NOT_STATED, lang),
                                            actual=" | ".join(dict.fromkeys(cell_of(a, lang) for a in finals)),
                                            actual_period=finals[0].period, target_id=record.id,
                                            actual_id="; ".join(a.id for a in finals)))
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return _in_target_order(frame, dataset, filters) if silent_targets else frame


def _not_stated_row(dataset: Dataset, fact: Fact | NotStated, missing: str, silent: list[NotStated], lang: str,
                    *, detail: str = "", tier: str = "", **shown: str) -> dict:
    """A row left out of the assessment because its `missing` side (target or actual) is not stated,
    the sources that say so in the reason; `shown` holds the cells and ids of both sides."""
    return {
        "zone": fact.zone, "metric": fact.metric, "metric_name": dataset.metrics[fact.metric].label(lang),
        "period": fact.period, "tier": tier, "detail": detail, "met_if": "", "tolerance": "",
        "verdict": "not stated", "gap": None, "gap_unit": "", "gap_pct": None,
        "reason": f"{', '.join(dict.fromkeys(r.source for r in silent))} states no {missing}", **shown,
    }


def _in_target_order(frame: pd.DataFrame, dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """The rows as the targets come (zone, year, metric; filter_facts), with the not-stated targets'
    rows in their places: a stable sort, so rows of one zone, year and metric keep their order."""
    zones = {z: i for i, z in enumerate(zone_ids(dataset, filters.zones) or dataset.zones)}
    metrics = {m: i for i, m in enumerate(dataset.metrics)}
    order = [(zones[zone], parse_period(period).year, metrics[metric])
             for zone, period, metric in zip(frame["zone"], frame["period"], frame["metric"])]
    positions = sorted(range(len(order)), key=order.__getitem__)
    return frame.iloc[positions].reset_index(drop=True)


def _row(dataset: Dataset, target: Fact, actuals: list[Fact], reason: str, detail: str, lang: str,
         tolerance: Tolerance) -> dict:
    metric = dataset.metrics[target.metric]
    disputed = reason.startswith("sources disagree")
    actual = actuals[0]
    row = {
        "zone": target.zone, "metric": target.metric, "metric_name": metric.label(lang),
        "period": target.period, "tier": target.tier, "detail": detail,
        "target": cell_of(target, lang) + (f" {CONFLICT_MARK}" if target.conflict else ""),
        "actual": " | ".join(dict.fromkeys(cell_of(a, lang) for a in actuals)) + (f" {CONFLICT_MARK}" if disputed
                                                                                   else ""),
        "actual_period": actual.period, "met_if": _met_if(target, tolerance, metric.lower_is_better),
        "tolerance": "" if target.text else _accepted(target, tolerance, metric.lower_is_better, False)[1],
        "gap": None, "gap_unit": "", "gap_pct": None, "reason": reason,
        "target_id": target.id, "actual_id": "; ".join(a.id for a in actuals),
    }
    if reason:
        return {**row, "verdict": "not comparable"}
    verdict, reason = _verdict(target, actual, tolerance, metric.lower_is_better)
    row.update(verdict=verdict, reason=reason)
    if verdict != "not comparable":
        gap = change_between(target, actual)  # a rank's gap is in places: a relative change means nothing
        row.update(gap=gap["change"], gap_unit=gap["change_unit"],
                   gap_pct=None if target.base_unit == "rank" else gap["change_pct"])
    return row


def summarise(frame: pd.DataFrame, dataset: Dataset, lang: str = "en", *, labels: bool = False) -> pd.DataFrame:
    """Per zone: 'N of M met', targets listed, assessed (met or missed), met, missed, how many of those
    verdicts rest on estimates, and not comparable. `labels=True` names the zones, and says 'N of M',
    for people in `lang`. A target that is not stated is no target: its row is not counted."""
    rows = []
    frame = frame[~frame["target_id"].isin({record.id for record in dataset.not_stated})]
    for zone, group in frame.groupby("zone", sort=False):
        verdicts = group["verdict"]
        met = int(verdicts.str.startswith("met").sum())
        missed = int(verdicts.str.startswith("missed").sum())
        rows.append({
            "zone": dataset.zones[zone].label(lang) if labels else zone,
            "met_of_assessed": say("{met} of {assessed}", lang if labels else "en", met=met, assessed=met + missed),
            "targets": len(group), "assessed": met + missed, "met": met, "missed": missed,
            "estimated": int(verdicts.str.endswith("(estimate)").sum()),
            "not_comparable": int((verdicts == "not comparable").sum()),
        })
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def readable(frame: pd.DataFrame, dataset: Dataset, lang: str = "en") -> pd.DataFrame:
    """The attainment table for people, in seven columns: the period with tier and qualifiers, the
    target with the band a ~ target allows, the actual with its period where it differs, the verdict
    with its reason (both in `lang`), and the gap written with its sign."""
    return pd.DataFrame({
        "zone": [dataset.zones[z].label(lang) for z in frame["zone"]],
        "metric": frame["metric_name"],
        "period": [" · ".join(p for p in (period, tier_label(tier, lang), detail) if p)
                   for period, tier, detail in zip(frame["period"], frame["tier"], frame["detail"])],
        "target": [f"{t} ({m})" if tol else t
                   for t, m, tol in zip(frame["target"], frame["met_if"], frame["tolerance"])],
        "actual": [a if ap == p else f"{a} ({ap})" for a, ap, p in zip(frame["actual"], frame["actual_period"],
                                                                        frame["period"])],
        "verdict": [say("{verdict}: {reason}", lang, verdict=word(v, lang), reason=reason(r, lang)) if r
                    else word(v, lang) for v, r in zip(frame["verdict"], frame["reason"])],
        "gap": list(map(signed_change, frame["gap"], frame["gap_unit"], frame["gap_pct"])),
    }, columns=["zone", "metric", "period", "target", "actual", "verdict", "gap"])
