"""What each command does, as a function from its arguments to a Result the renderer writes.

The CLI (cli.py) only maps options to these arguments; the views (views/) compute the frames. So a
new command is a function here and a few lines in cli.py; nothing here prints or reads the command line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .dataset.loader import Dataset
from .errors import EXIT_ERROR, EXIT_FOUND, UsageError
from .render import Result
from .views.select import Filters
from .words import listed, say, word

if TYPE_CHECKING:
    import pandas as pd

    from .table import Table


def side_by_side(dataset: Dataset, kind: str, filters: Filters, lang: str, *, labels: bool,
                 long: bool = False) -> Result:
    """`targets` and `actuals`: the facts of one kind, one row per metric, one column per zone; or
    with `long`, one row per fact (views.pivot.long_form)."""
    from .views.pivot import SIDE_BY_SIDE_COLUMNS, long_form, side_by_side_table
    from .views.select import filter_facts, matching, not_stated_matching

    chosen = replace(filters, kinds=(kind,))
    silent = not_stated_matching(dataset, chosen)
    if long:
        view = long_form(dataset, filter_facts(dataset, chosen), lang, labels=labels, not_stated=silent)
    else:  # a table.Table from the store's codes: no pandas for a script
        view = side_by_side_table(dataset, matching(dataset, chosen, SIDE_BY_SIDE_COLUMNS), lang, labels=labels,
                                  not_stated=silent)
    return Result(view,
                  title=say("{kinds}, {years}", lang, kinds=word(f"{kind.capitalize()}s", lang),
                            years=filters.when(lang)),
                  empty_note=say("no {kinds} match these filters", lang, kinds=word(f"{kind}s", lang)), lang=lang)


def compare(dataset: Dataset, zones: Sequence[str], filters: Filters, lang: str, *, labels: bool,
            long: bool = False) -> Result:
    """Targets and actuals of the named zones side by side, or one row per fact with `long`."""
    from .views.pivot import compare as pivot

    return Result(pivot(dataset, zones, filters, lang, labels=labels, long=long),
                  title=say("Compare {zones}", lang, zones=listed(zones, lang)),
                  empty_note=say("these zones have no facts that match", lang), lang=lang)


def diff(dataset: Dataset, left: str, right: str, kind: str, filters: Filters, lang: str, *, labels: bool,
         exit_code: bool) -> Result:
    """How RIGHT differs from LEFT; with exit_code, exit 1 when anything differs (like git diff)."""
    from .views import diff as diffs

    table = diffs.changes(dataset, left, right, kind=kind, filters=filters, lang=lang)
    differs = exit_code and bool((table["verdict"] != "same").any())
    notes = diffs.empty_sides(dataset, left, right, kind=kind, filters=filters, lang=lang)
    kinds = word(f"{kind}s", lang)
    return Result(diffs.readable_diff(table.frame(), lang) if labels else table,
                  title=say("{left} → {right} ({kinds})", lang, left=left, right=right, kinds=kinds),
                  empty_note=say("neither side has {kinds}", lang, kinds=kinds), messages=tuple(notes),
                  exit_code=EXIT_FOUND if differs else 0, lang=lang)


def facts(dataset: Dataset, filters: Filters, lang: str, *, labels: bool, workbook: bool = False) -> Result:
    """The tidy table; for people, the columns that tell the facts apart; in a workbook, followed by
    a sheet of the sources the facts cite. For a script (CSV, TSV, JSON), a table.Table: no pandas."""
    from .views.cells import cells, tier_label
    from .views.select import filter_facts, matching

    sheets = ()
    if not labels and not workbook:
        frame: Table | pd.DataFrame = matching(dataset, filters)  # what a script reads, built without pandas
    else:
        frame = filter_facts(dataset, filters)
    if workbook:
        from .views.registry import registry_frame

        sources = registry_frame(dataset, "sources")
        sheets = (("sources", sources[sources["id"].isin(frame["source"])].reset_index(drop=True)),)
    if labels:
        names = [dataset.metrics[m].label(lang) for m in frame["metric"]]
        frame = frame.assign(metric_name=names, value=cells(frame, lang), kind=[word(k, lang) for k in frame["kind"]],
                             tier=[tier_label(t, lang) for t in frame["tier"]])[
            ["id", "zone", "period", "kind", "tier", "metric_name", "value", "quote"]]
    return Result(frame, title=word("Facts", lang), empty_note=say("no facts match these filters", lang),
                  sheets=sheets, lang=lang)


def registry(dataset: Dataset, kind: str, lang: str, *, labels: bool) -> Result:
    """`zones`, `metrics`, `sources`: one row per record."""
    from .views.registry import registry_frame

    return Result(registry_frame(dataset, kind, labels=labels), title=word(kind.capitalize(), lang), lang=lang)


def show(dataset: Dataset, fact_id: str, lang: str, *, labels: bool) -> Result:
    """One fact with its quote in context and its source; for people, its fields named in `lang`."""
    from .views.show import fact_details

    return Result(fact_details(dataset, fact_id, lang, labels=labels), title=fact_id, lang=lang)


def check(dataset: Dataset, fmt: str | None, *, strict: bool, use_cache: bool) -> Result:
    """Every fact against its document; exit 1 when an error is found. The problems a partial load
    found (a draft's nulls) go to stderr, as any command's loading problems do, and end with exit 2;
    the quotes of the facts that have them are checked all the same."""
    from .dataset import cache
    from .dataset.evidence import as_errors, check_dataset
    from .render import check_report

    problems = cache.findings(dataset, check_dataset, use_cache=use_cache)
    if strict:
        problems = as_errors(problems)
    failed = EXIT_ERROR if dataset.problems else EXIT_FOUND if any(p.severity == "error" for p in problems) else 0
    checked = len(dataset.facts) + len(dataset.incomplete)
    return Result(text=check_report(problems, checked, fmt, dataset.problems, len(dataset.not_stated)),
                  messages=tuple(map(str, dataset.problems)), exit_code=failed)


def quantity(texts: Sequence[str]) -> Result:
    """The parser's reading of each expression; exit 1 when one cannot be read."""
    from .views.quantity import quantity_frame

    frame = quantity_frame(texts)
    unreadable = (frame["error"] != "").any()
    return Result(frame, title="Quantities", empty_note="no expressions given",
                  exit_code=EXIT_FOUND if unreadable else 0)


def attainment(dataset: Dataset, filters: Filters, lang: str, tolerance: Sequence[str], *, summary: bool,
               labels: bool) -> Result:
    """Targets against actuals with verdicts; or, with summary, the targets met per zone. A table on
    the terminal is followed by the summary."""
    from .views import attainment as attained

    chosen = attained.Tolerance.parse(tolerance)
    frame = attained.attainment(dataset, filters, lang, chosen)
    chosen_years, no_pairs = filters.when(lang), say(attained.NO_PAIRS, lang)
    if summary:
        return Result(attained.summarise(frame, dataset, lang, labels=labels),
                      title=say("Targets met per zone, {years}", lang, years=chosen_years), empty_note=no_pairs,
                      lang=lang)
    aside = None if frame.empty else Result(attained.summarise(frame, dataset, lang, labels=True),
                                            title=say("Targets met per zone", lang), lang=lang)
    return Result(attained.readable(frame, dataset, lang) if labels else frame,
                  title=say(attained.TITLE, lang, years=chosen_years, points=f"{chosen.points:g}",
                            percent=f"{chosen.percent:g}"),
                  empty_note=no_pairs, aside=aside, lang=lang)


COVERAGE_TITLE = "Coverage, {years}: t targets, a actuals; paired: targets attainment sets beside an actual"


def coverage(dataset: Dataset, filters: Filters, lang: str, *, labels: bool) -> Result:
    """Per zone and period, the targets, the actuals and the targets attainment pairs with an actual;
    for people, one row per zone and one column per period."""
    from .views import coverage as covered

    frame = covered.coverage(dataset, filters)
    return Result(covered.readable(frame, dataset, lang) if labels else frame,
                  title=say(COVERAGE_TITLE, lang, years=filters.when(lang)),
                  empty_note=say("no facts match these filters", lang), lang=lang)


def rank(dataset: Dataset, metric: str, filters: Filters, kind: str, lang: str, *, labels: bool) -> Result:
    """The zones ordered by one metric."""
    from .views import ranking

    frame = ranking.rank(dataset, metric, filters, kind, lang)
    return Result(ranking.readable(frame, dataset, lang) if labels else frame,
                  title=ranking.title(dataset, metric, kind, filters.when(lang), lang),
                  empty_note=say("no {kinds} of {metric} match these filters", lang, kinds=word(f"{kind}s", lang),
                                 metric=metric), lang=lang)


def chart(dataset: Dataset, metric: str, filters: Filters, kind: str, lang: str) -> Result:
    """A bar per zone (or per period) of one metric; its data in the machine formats."""
    from .views import chart as charts

    frame = charts.chart_data(dataset, metric, filters, kind, lang)
    return Result(frame, title=charts.chart_title(dataset, metric, kind, filters.when(lang), frame, lang),
                  empty_note=say("no {kinds} of {metric} match these filters", lang, kinds=word(f"{kind}s", lang),
                                 metric=metric), drawing=charts.draw, lang=lang)


def phrases(dataset: Dataset, own: Sequence[str], filters: Filters, by: str, lang: str, *, sentences: bool,
            chart: bool, labels: bool) -> Result:
    """The tracked phrases (or the user's own) counted in the kept documents: per document, per
    phrase with its first use, side by side per zone or year, or with `sentences` each occurrence;
    with `chart`, as bars (the chart's data in the machine formats)."""
    from .views import chart as charts
    from .views import phrases as tracked

    by = tracked.check_by(by, sentences=sentences)
    chosen = tracked.chosen_phrases(own)
    docs, warnings = tracked.documents(dataset, filters)
    if sentences:
        frame = tracked.per_hit(dataset, docs, chosen, lang, labels=labels)
    elif by == "document":
        frame = tracked.per_document(dataset, docs, chosen, lang, labels=labels)
    elif by == "phrase":
        frame = tracked.per_phrase(docs, chosen)
    else:
        frame = tracked.side_by_side(dataset, docs, chosen, by, filters, lang, labels=labels)
    return Result(tracked.chart_data(frame, by) if chart else frame,
                  title=tracked.title(by, chosen, filters, sentences=sentences),
                  empty_note=f"none of the phrases occurs in the {len(docs)} documents that match",
                  messages=tuple(warnings), drawing=charts.draw if chart else None)


def extract(dataset: Dataset, document: Path, *, zone: str | None, published: str | None, into: Path | None,
            output: Path | None) -> Result:
    """A draft source file for a raw page: on stdout (or --output), or stored with its page in --into."""
    from .extraction.command import extract_document, report_lines

    if into is not None and output is not None:
        raise UsageError("give --into DIR or --output FILE, not both (--into writes DIR/sources/<id>.yaml)")
    done = extract_document(document, zone=zone, published=published, dataset=dataset, into=into)
    # A draft still being filled in does not stop the next page, but what it holds must not go unsaid.
    pending = ([f"Warning: the data directories have {len(dataset.problems)} problems still to fix (a draft's "
                "nulls?); their facts were left aside: `zonecmp check` lists them"] if dataset.problems else [])
    return Result(text=None if into is not None else done.draft.text,
                  messages=(*pending, *report_lines(done, into)))
