"""Diff two zone-periods: per metric, how RIGHT differs from LEFT, like git diff LEFT RIGHT."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..dataset.loader import Dataset
from ..dataset.model import Fact, Metric, NotStated, facts_of
from ..dataset.periods import PeriodError, parse_period
from ..dataset.registries import resolve_zone
from ..errors import UsageError
from ..table import Table
from ..words import listed, reason, say, word
from .cells import NOT_STATED, cell_of, detail_of, signed_change
from .comparison import change_between, incomparable
from .select import Filters, check_kind, matching, not_stated_matching

if TYPE_CHECKING:
    import pandas as pd


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
    return Side(resolve_zone(dataset.zones, zone), parsed.text, exact=parsed.granularity != "year")


# A fact of one side, with its cell as the table shows it.
Stated = tuple[Fact, str]


def _side_filters(side: Side, filters: Filters, kind: str) -> Filters:
    """What one side selects: an exact side its period as written or as the same months (2024-H1:
    2024-01..06 too), a year side every period of the year."""
    when = Filters(periods=(side.period,)) if side.exact else Filters(years=(int(side.period),))
    return replace(when, zones=(side.zone,), metrics=filters.metrics, kinds=(kind,))


def _side_groups(dataset: Dataset, side: Side, filters: Filters, kind: str,
                 lang: str) -> dict[tuple[str, str], list[Stated]]:
    """One side's facts with their cells, grouped by metric and detail (slot · qualifiers)."""
    groups: dict[tuple[str, str], list[Stated]] = {}
    for fact in facts_of(matching(dataset, _side_filters(side, filters, kind))):
        slot = "" if side.exact else parse_period(fact.period).slot()
        detail = " · ".join(part for part in (slot, detail_of(fact, lang, with_period=False)) if part)
        groups.setdefault((fact.metric, detail), []).append((fact, cell_of(fact, lang)))
    return groups


def _side_silences(dataset: Dataset, side: Side, filters: Filters,
                   kind: str) -> dict[tuple[str, str], list[NotStated]]:
    """One side's not-stated records, grouped as its facts are (a record has no qualifiers: its slot)."""
    groups: dict[tuple[str, str], list[NotStated]] = {}
    for record in not_stated_matching(dataset, _side_filters(side, filters, kind)):
        slot = "" if side.exact else parse_period(record.period).slot()
        groups.setdefault((record.metric, slot), []).append(record)
    return groups


DIFF_COLUMNS = ("metric", "metric_name", "detail", "left", "right", "left_value", "right_value", "change",
                "change_unit", "change_pct", "verdict", "reason")


def diff(dataset: Dataset, left: str, right: str, *, kind: str = "target", filters: Filters = Filters(),
         lang: str = "en") -> pd.DataFrame:
    """The diff (`changes`) as a DataFrame, for notebooks."""
    return changes(dataset, left, right, kind=kind, filters=filters, lang=lang).frame()


def changes(dataset: Dataset, left: str, right: str, *, kind: str = "target", filters: Filters = Filters(),
            lang: str = "en") -> Table:
    """Per metric, how RIGHT differs from LEFT: raised, lowered, same, changed, new, dropped, or not
    comparable with the reason (percent against percentage points, a quarter against a year, units);
    withdrawn where RIGHT's source says it states nothing for what LEFT states, now stated the other
    way round (a not-stated record: model.NotStated)."""
    check_kind(kind)
    left_side, right_side = parse_side(dataset, left), parse_side(dataset, right)
    # Each side's facts as Fact records grouped by (metric, detail): a diff compares a few dozen
    # facts, where pandas' per-operation cost (and the cost of importing it) would dominate.
    left_groups, right_groups = (_side_groups(dataset, side, filters, kind, lang) for side in (left_side, right_side))
    left_silent, right_silent = (_side_silences(dataset, side, filters, kind) for side in (left_side, right_side))
    metric_order = {m: i for i, m in enumerate(dataset.metrics)}
    keys = sorted(dict.fromkeys([*left_groups, *right_groups, *left_silent, *right_silent]),
                  key=lambda k: (metric_order[k[0]], k[1]))
    rows = []
    for key in keys:
        metric, detail = key
        silent = (left_silent.get(key, []), right_silent.get(key, []))
        rows.append({"metric": metric, "metric_name": dataset.metrics[metric].label(lang), "detail": detail,
                     **_compare_rows(left_groups.get(key, []), right_groups.get(key, []), dataset.metrics[metric],
                                     silent, lang)})
    return Table.of_rows(rows, DIFF_COLUMNS)


def empty_sides(dataset: Dataset, left: str, right: str, *, kind: str = "target",
                filters: Filters = Filters(), lang: str = "en") -> list[str]:
    """A note for each side with no facts of the kind at all, naming the periods its zone does have,
    so that a diff where everything is "new" says why (weihai@2019: no targets); in `lang`."""
    kinds = word(f"{kind}s", lang)
    notes = []
    for text in (left, right):
        side = parse_side(dataset, text)
        if _side_groups(dataset, side, filters, kind, "en") or _side_silences(dataset, side, filters, kind):
            continue
        facts = matching(dataset, Filters((), (side.zone,), filters.metrics, (kind,)), ["period"])
        periods = sorted(dict.fromkeys(facts["period"].tolist()), key=parse_period)
        named = {"side": text, "kinds": kinds, "zone": side.zone}
        note = (say("{side} has no {kinds}; {zone} has {kinds} for {periods}", lang, **named,
                    periods=listed(periods, lang)) if periods
                else say("{side} has no {kinds}; {zone} has no {kinds} at all", lang, **named))
        notes.append(say("note: {note}", lang, note=note))
    return notes


def readable_diff(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The diff for people: the change written with its sign and unit (+0.5 pp, -20 亿元 (-20%)), the
    verdict and reason in `lang`."""
    def change(row: pd.Series) -> str:
        return signed_change(row["change"], row["change_unit"], row["change_pct"])

    readable = frame.assign(change=frame.apply(change, axis=1) if len(frame) else "",
                            verdict=[word(v, lang) for v in frame["verdict"]],
                            reason=[reason(r, lang) for r in frame["reason"]])
    return readable[["metric_name", "detail", "left", "right", "change", "verdict", "reason"]].rename(
        columns={"metric_name": "metric"})


def _compare_rows(left: list[Stated], right: list[Stated], metric: Metric,
                  silent: tuple[Sequence[NotStated], Sequence[NotStated]] = ((), ()), lang: str = "en") -> dict:
    """The diff columns for one metric: both sides as stated (or not stated), the change, and the verdict."""
    left_silent, right_silent = silent

    def side(stated: list[Stated], records: Sequence[NotStated]) -> str:
        return " | ".join(dict.fromkeys([cell for _, cell in stated] + [word(NOT_STATED, lang)] * bool(records)))

    row = {"left": side(left, left_silent), "right": side(right, right_silent), "left_value": None,
           "right_value": None, "change": None, "change_unit": "", "change_pct": None, "reason": ""}
    if not left and not left_silent:
        return {**row, "verdict": "new"}
    if not right and not right_silent:
        return {**row, "verdict": "dropped"}
    if left_silent or right_silent:
        return {**row, **_silence_verdict(bool(left), bool(right), left_silent, right_silent)}
    if any(fact.conflict for fact, _ in (*left, *right)):
        return {**row, "verdict": "not comparable", "reason": "sources disagree on one side; see `zonecmp facts`"}
    pair = _one_each([fact for fact, _ in left], [fact for fact, _ in right])
    if pair is None:
        return {**row, "verdict": "not comparable", "reason": "several facts on one side; see `zonecmp facts`"}
    a, b = pair
    reason = incomparable(a, b)
    if reason:
        return {**row, "verdict": "not comparable", "reason": reason}
    if a.text or b.text:
        return {**row, **_wording_verdict(a, b)}
    return {**row, **_number_verdict(a, b, metric)}


def _silence_verdict(left_stated: bool, right_stated: bool, left_silent: Sequence[NotStated],
                     right_silent: Sequence[NotStated]) -> dict:
    """The verdict where a side's source says it states nothing: withdrawn (stated, then not), now
    stated (the other way round), same (not stated on both sides), or not comparable where one side's
    sources both state it and say they do not."""
    def sources(records: Sequence[NotStated]) -> str:
        return ", ".join(dict.fromkeys(record.source for record in records))

    if (left_stated and left_silent) or (right_stated and right_silent):
        return {"verdict": "not comparable", "reason": "one source states it, another does not; see `zonecmp show`"}
    if left_stated:
        return {"verdict": "withdrawn", "reason": f"not stated in {sources(right_silent)}"}
    if right_stated:
        return {"verdict": "now stated", "reason": f"not stated before, in {sources(left_silent)}"}
    return {"verdict": "same"}


def _one_each(left: list[Fact], right: list[Fact]) -> tuple[Fact, Fact] | None:
    """The fact of each side to compare, since a side may state one thing twice; None if that is not one each."""
    if len(left) > 1 or len(right) > 1:  # e.g. 前十 and 第一方阵 for one rank: compare the numbers
        left, right = [f for f in left if not f.text], [f for f in right if not f.text]
        if len(left) != 1 or len(right) != 1:
            return None
    return left[0], right[0]


def _wording_verdict(a: Fact, b: Fact) -> dict:
    """The verdict when a side is a text fact: words have no size, so they are the same or changed."""
    same = a.text == b.text and (a.text or a.value_base == b.value_base)
    return {"verdict": "same" if same else "changed", "reason": "" if same else "qualitative: compare the wording"}


def _number_verdict(a: Fact, b: Fact, metric: Metric) -> dict:
    """The change from a's number to b's, with its verdict and reason: where the metric's smaller
    number is better (a rank), a smaller number is a raised target."""
    columns = change_between(a, b)
    change, lower = columns["change"], metric.lower_is_better
    reason = "a range compares by its midpoint" if "range" in (a.comparator, b.comparator) else ""
    if change > 0:
        verdict = "lowered" if lower else "raised"
    elif change < 0:
        verdict = "raised" if lower else "lowered"
    elif a.comparator != b.comparator:
        verdict, reason = "changed", f"same number, comparator {a.comparator} → {b.comparator}"
    else:
        verdict = "same"
    if lower and verdict in ("raised", "lowered"):
        reason = metric.smaller_is_better
    return {**columns, "reason": reason, "verdict": verdict}
