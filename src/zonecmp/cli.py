"""The command line: parse options, call one library function, render its frame.

Nothing heavy is imported at module level, so `zonecmp --help` and shell completion never load
pandas; each command imports what it needs when it runs.
"""

from __future__ import annotations

import copy
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__
from .errors import EXIT_ERROR, EXIT_FOUND, EXIT_INTERRUPTED, EXIT_OK, ZonecmpError
from .terminal import visible

if TYPE_CHECKING:
    from .dataset.loader import Dataset
    from .render import OutputOptions
    from .views.query import Filters

app = typer.Typer(
    help="Compare what China's high-tech zones (高新区) promise and what they report.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Options shared by every command, declared once.
DataOpt = Annotated[list[Path] | None, typer.Option(
    "--data", "-d", metavar="DIR",
    help="A data directory to add to the bundled dataset (repeatable; env ZONECMP_DATA).", file_okay=False)]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Read the YAML files again instead of the cache.")]
LangOpt = Annotated[str | None, typer.Option(
    "--lang", metavar="LANG", help="Display names: zh or en (default: from the locale).")]
FormatOpt = Annotated[str | None, typer.Option(
    "--format", "-f", metavar="FORMAT",
    help="table, csv, tsv, json, jsonl or markdown (default: table on a terminal, csv otherwise).")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", help="Write to this file instead of stdout.", dir_okay=False)]
BomOpt = Annotated[bool, typer.Option("--bom", help="Start CSV/TSV with a UTF-8 byte-order mark, for Excel.")]
RawOpt = Annotated[bool, typer.Option(
    "--raw", help="Do not neutralise text cells that start like spreadsheet formulas.")]
YearOpt = Annotated[list[int] | None, typer.Option(
    "--year", "-y", metavar="YEAR", help="Periods in this year, and spans ending in it (repeatable).")]
ZoneOpt = Annotated[list[str] | None, typer.Option(
    "--zone", "-z", metavar="ZONE", help="Zone id, Chinese name or alias (repeatable).")]
MetricOpt = Annotated[list[str] | None, typer.Option(
    "--metric", "-m", metavar="METRIC", help="Metric id, name or alias (repeatable).")]
KindOpt = Annotated[list[str] | None, typer.Option(
    "--kind", "-k", metavar="KIND", help="target or actual (repeatable).")]


def _lang(lang: str | None) -> str:
    if lang:
        if lang not in ("zh", "en"):
            raise typer.BadParameter("use zh or en", param_hint="--lang")
        return lang
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "zh" if locale.lower().startswith("zh") else "en"


def _dataset(data: list[Path] | None, no_cache: bool) -> Dataset:
    from .dataset.cache import load
    from .dataset.loader import data_dirs_from
    from .progress import load_progress

    with load_progress() as progress:
        return load(data_dirs_from(data), use_cache=not no_cache, progress=progress)


def _output(fmt: str | None, output: Path | None, bom: bool, raw: bool) -> OutputOptions:
    from .render import OutputOptions

    options = OutputOptions(fmt, output, bom, raw)
    options.resolved_format()
    return options


def _filters(year: list[int] | None, zone: list[str] | None, metric: list[str] | None,
             kind: list[str] | None) -> Filters:
    from .views.query import Filters

    return Filters(tuple(year or ()), tuple(zone or ()), tuple(metric or ()), tuple(kind or ()))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zonecmp {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Compare what China's high-tech zones (高新区) promise and what they report.

    Example: zonecmp targets --year 2024
    """


def _pivot(kind: str, data, no_cache, lang, year, zone, metric, fmt, output, bom, raw) -> None:
    from .render import emit
    from .views.query import filter_facts, side_by_side

    options = _output(fmt, output, bom, raw)
    dataset = _dataset(data, no_cache)
    facts = filter_facts(dataset, _filters(year, zone, metric, [kind]))
    years = ", ".join(map(str, year or ())) or "all years"
    frame = side_by_side(dataset, facts, _lang(lang), labels=options.for_people())
    emit(frame, options, title=f"{kind.capitalize()}s, {years}",
         empty_note=f"no {kind}s match these filters")


def _pivot_command(kind: str, summary: str, example: str) -> None:
    """Register `targets` or `actuals`: the same view of facts of one kind."""

    def command(
        year: YearOpt = None, zone: ZoneOpt = None, metric: MetricOpt = None, fmt: FormatOpt = None,
        output: OutputOpt = None, bom: BomOpt = False, raw: RawOpt = False, data: DataOpt = None,
        no_cache: NoCacheOpt = False, lang: LangOpt = None,
    ) -> None:
        _pivot(kind, data, no_cache, lang, year, zone, metric, fmt, output, bom, raw)

    command.__doc__ = f"{summary}\n\n    Example: {example}\n    "
    app.command(name=kind + "s")(command)


_pivot_command("target", "Targets side by side: one row per metric, one column per zone.",
               "zonecmp targets --year 2024")
_pivot_command("actual", "Reported results side by side: one row per metric, one column per zone.",
               "zonecmp actuals --year 2023")


@app.command()
def compare(
    zones: Annotated[list[str], typer.Argument(help="Zones to put side by side.")],
    year: YearOpt = None, metric: MetricOpt = None, kind: KindOpt = None, fmt: FormatOpt = None,
    output: OutputOpt = None, bom: BomOpt = False, raw: RawOpt = False, data: DataOpt = None,
    no_cache: NoCacheOpt = False, lang: LangOpt = None,
) -> None:
    """Targets and actuals of the named zones side by side.

    Example: zonecmp compare tangshan weihai huaian
    """
    from .render import emit
    from .views import query

    options = _output(fmt, output, bom, raw)
    dataset = _dataset(data, no_cache)
    frame = query.compare(dataset, zones, _filters(year, None, metric, kind), _lang(lang),
                          labels=options.for_people())
    emit(frame, options, title="Compare " + ", ".join(zones), empty_note="these zones have no facts that match")


@app.command()
def diff(
    left: Annotated[str, typer.Argument(help="ZONE@PERIOD, e.g. weihai@2024.")],
    right: Annotated[str, typer.Argument(help="ZONE@PERIOD, e.g. tangshan@2023.")],
    kind: Annotated[str, typer.Option("--kind", "-k", help="target or actual.")] = "target",
    metric: MetricOpt = None,
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Exit 1 when there are differences, like git diff.")] = False,
    fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, raw: RawOpt = False,
    data: DataOpt = None, no_cache: NoCacheOpt = False, lang: LangOpt = None,
) -> None:
    """How RIGHT differs from LEFT, metric by metric: raised, lowered, same, new, dropped, not comparable.

    Example: zonecmp diff weihai@2024 tangshan@2024
    """
    from .render import emit
    from .views import query

    options = _output(fmt, output, bom, raw)
    dataset = _dataset(data, no_cache)
    frame = query.diff(dataset, left, right, kind=kind, filters=_filters(None, None, metric, None), lang=_lang(lang))
    shown = query.readable_diff(frame) if options.for_people() else frame
    emit(shown, options, title=f"{left} → {right} ({kind}s)", empty_note=f"neither side has {kind}s")
    if exit_code and (frame["verdict"] != "same").any():
        raise typer.Exit(EXIT_FOUND)


@app.command()
def facts(
    year: YearOpt = None, zone: ZoneOpt = None, metric: MetricOpt = None, kind: KindOpt = None,
    fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, raw: RawOpt = False,
    data: DataOpt = None, no_cache: NoCacheOpt = False, lang: LangOpt = None,
) -> None:
    """The tidy table: one row per fact, every field (a shorter view on a terminal table).

    Example: zonecmp facts --zone weihai --format csv > weihai.csv
    """
    from .render import emit
    from .views.query import cells, filter_facts

    options = _output(fmt, output, bom, raw)
    dataset = _dataset(data, no_cache)
    frame = filter_facts(dataset, _filters(year, zone, metric, kind))
    if options.for_people():
        names = [dataset.metrics[m].label(_lang(lang)) for m in frame["metric"]]
        frame = frame.assign(metric_name=names, value=cells(frame, _lang(lang)))[
            ["id", "zone", "period", "kind", "tier", "metric_name", "value", "quote"]]
    emit(frame, options, title="Facts", empty_note="no facts match these filters")


def _registry(kind: str, data, no_cache, fmt, output, bom, raw) -> None:
    from .render import emit
    from .views.query import registry_frame

    columns = {
        "zones": ("id", "name", "short_name", "name_en", "province", "city", "level", "aliases", "identity", "note"),
        "metrics": ("id", "name", "name_en", "unit_kind", "aliases", "definition"),
        "sources": ("id", "title", "publisher", "published", "event_date", "zones", "document", "url", "note"),
    }[kind]
    for_people = {  # a terminal shows what tells the records apart; csv and json carry every field
        "zones": ("id", "name", "province", "city", "level", "identity"),
        "metrics": ("id", "name", "name_en", "unit_kind"),
        "sources": ("id", "published", "zones", "title"),
    }[kind]
    options = _output(fmt, output, bom, raw)
    dataset = _dataset(data, no_cache)
    shown = for_people if options.for_people() else columns
    emit(registry_frame(getattr(dataset, kind).values(), shown), options, title=kind.capitalize())


@app.command()
def zones(fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, raw: RawOpt = False,
          data: DataOpt = None, no_cache: NoCacheOpt = False) -> None:
    """The zones: ids, official names, province, level, aliases.

    Example: zonecmp zones --format json
    """
    _registry("zones", data, no_cache, fmt, output, bom, raw)


@app.command()
def metrics(fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, raw: RawOpt = False,
            data: DataOpt = None, no_cache: NoCacheOpt = False) -> None:
    """The metrics: ids, Chinese and English names, unit kind, aliases, definition.

    Example: zonecmp metrics
    """
    _registry("metrics", data, no_cache, fmt, output, bom, raw)


@app.command()
def sources(fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, raw: RawOpt = False,
            data: DataOpt = None, no_cache: NoCacheOpt = False) -> None:
    """The source documents: title, publisher, dates, zones, document file.

    Example: zonecmp sources
    """
    _registry("sources", data, no_cache, fmt, output, bom, raw)


@app.command()
def show(
    fact_id: Annotated[str, typer.Argument(help="A fact id, as `zonecmp facts` lists them.")],
    fmt: FormatOpt = None, output: OutputOpt = None, data: DataOpt = None, no_cache: NoCacheOpt = False,
    lang: LangOpt = None,
) -> None:
    """One fact with its quote, the sentence around it in the document, and its source.

    Example: zonecmp show weihai-2024-gdp-growth
    """
    from .render import emit
    from .views.query import fact_details

    options = _output(fmt, output, False, False)
    emit(fact_details(_dataset(data, no_cache), fact_id, _lang(lang)), options, title=fact_id)


@app.command()
def check(
    strict: Annotated[bool, typer.Option("--strict", help="Count warnings (conflicts, unused ids) as errors.")] = False,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="text (default) or json.")] = None,
    output: OutputOpt = None, data: DataOpt = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Read the YAML files and check every fact again instead of using the cache.")] = False,
) -> None:
    """Check every fact against its document: quote verbatim, number, unit and comparator as stated.

    Exit 0 when clean, 1 when problems are found, 2 when the data cannot be read.
    Example: zonecmp check --data my-data --strict
    """
    from .dataset import cache
    from .dataset.evidence import as_errors, check_dataset
    from .render import check_report, write_output

    dataset = _dataset(data, no_cache)
    findings = cache.findings(dataset, check_dataset, use_cache=not no_cache)
    if strict:
        findings = as_errors(findings)
    write_output(check_report(findings, len(dataset.facts), fmt), output)
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(EXIT_FOUND)


@app.command()
def quantity(
    expressions: Annotated[list[str] | None, typer.Argument(
        help="Expressions like 10个以上; none: one per line on stdin.")] = None,
    fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, raw: RawOpt = False,
) -> None:
    """Read Chinese quantities: comparator, value, unit, and the value in base units.

    An unreadable expression gives an error row, and exit 1 at the end.
    Example: zonecmp quantity 477亿元 超过90% 10个以上
    """
    from .render import emit
    from .views.query import quantity_frame

    options = _output(fmt, output, bom, raw)
    texts = expressions if expressions else [line.strip() for line in sys.stdin if line.strip()]
    frame = quantity_frame(texts)
    emit(frame, options, title="Quantities", empty_note="no expressions given")
    if (frame["error"] != "").any():
        raise typer.Exit(EXIT_FOUND)


# `attainment`, `rank` and `chart`: did the zones hit their targets, who aims highest, and a picture of it.
OneKindOpt = Annotated[str, typer.Option("--kind", "-k", metavar="KIND", help="target or actual.")]


@app.command()
def attainment(
    year: YearOpt = None, zone: ZoneOpt = None, metric: MetricOpt = None,
    tolerance: Annotated[list[str] | None, typer.Option(
        "--tolerance", "-t", metavar="TOLERANCE", help="How near a ~ (左右, 约) target counts as met: Npp for "
        "percents (default 0.5pp), N% of the target for the rest (default 5%); repeatable.")] = None,
    summary: Annotated[bool, typer.Option(
        "--summary", help="One row per zone instead: targets met of those assessed.")] = False,
    fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, raw: RawOpt = False,
    data: DataOpt = None, no_cache: NoCacheOpt = False, lang: LangOpt = None,
) -> None:
    """Did the zones hit their targets? Each target beside the actual for its period, with a verdict and the gap.

    Verdicts: met, missed, met (estimate), missed (estimate), not comparable (with the reason). A target
    with no comparator is a floor (a rank: a ceiling, as a smaller number is a higher place); ~ is met
    within the tolerance; a floor (确保) and a stretch (力争) target each get their own verdict.

    Example: zonecmp attainment --year 2024 --tolerance 1pp
    """
    from .render import emit
    from .views import attainment as attained

    options = _output(fmt, output, bom, raw)
    dataset = _dataset(data, no_cache)
    chosen = attained.Tolerance.parse(tolerance or ())
    frame = attained.attainment(dataset, _filters(year, zone, metric, None), _lang(lang), chosen)
    years = ", ".join(map(str, year or ())) or "all years"
    if summary:
        emit(attained.summarise(frame, dataset, _lang(lang), labels=options.for_people()), options,
             title=f"Targets met per zone, {years}", empty_note=attained.NO_PAIRS)
        return
    emit(attained.readable(frame, dataset, _lang(lang)) if options.for_people() else frame, options,
         title=f"Targets against actuals, {years}: {attained.RULE}; ~ within {chosen.describe()}",
         empty_note=attained.NO_PAIRS)
    if options.resolved_format() == "table" and options.output is None and not frame.empty:
        emit(attained.summarise(frame, dataset, _lang(lang), labels=True), options, title="Targets met per zone")


MetricArg = Annotated[str, typer.Argument(help="Metric id, name or alias.")]


@app.command()
def rank(metric: MetricArg, year: YearOpt = None, zone: ZoneOpt = None, kind: OneKindOpt = "target",
         fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, raw: RawOpt = False,
         data: DataOpt = None, no_cache: NoCacheOpt = False, lang: LangOpt = None) -> None:
    """Zones ordered by one metric (ranks: first place first); ties share a place, the unranked follow with the reason.

    Example: zonecmp rank provincial_rank --kind actual
    """
    _one_metric("rank", metric, year, zone, kind, fmt, output, bom, raw, data, no_cache, lang)


@app.command()
def chart(metric: MetricArg, year: YearOpt = None, zone: ZoneOpt = None, kind: OneKindOpt = "target",
          fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, raw: RawOpt = False,
          data: DataOpt = None, no_cache: NoCacheOpt = False, lang: LangOpt = None) -> None:
    """A bar chart of one metric: a bar per zone, or per period for one zone; --format csv gives the chart's data.

    Example: zonecmp chart key_projects_total_investment --kind actual --format csv
    """
    _one_metric("chart", metric, year, zone, kind, fmt, output, bom, raw, data, no_cache, lang)


def _one_metric(view: str, metric, year, zone, kind, fmt, output, bom, raw, data, no_cache, lang) -> None:
    """`rank` and `chart`: the zones on one metric, as a ranked table or as bars."""
    from .render import emit
    from .views import ranking

    options = _output(fmt, output, bom, raw)
    dataset = _dataset(data, no_cache)
    filters, lang, years = _filters(year, zone, None, None), _lang(lang), tuple(year or ())
    note = f"no {kind}s of {metric} match these filters"
    if view == "chart":
        from .views import chart as charts

        frame = charts.chart_data(dataset, metric, filters, kind, lang)
        emit(frame, options, title=charts.chart_title(dataset, metric, kind, years, frame, lang), empty_note=note,
             drawing=charts.draw)
        return
    frame = ranking.rank(dataset, metric, filters, kind, lang)
    emit(ranking.readable(frame) if options.for_people() else frame, options,
         title=ranking.title(dataset, metric, kind, years, lang), empty_note=note)


@app.command()
def extract(
    document: Annotated[Path, typer.Argument(
        help="A saved page as text: UTF-8 or GB18030/GBK, simplified or traditional.")],
    zone: Annotated[str | None, typer.Option(
        "--zone", "-z", help="The zone it is about: id, name or alias (default: guessed).")] = None,
    published: Annotated[str | None, typer.Option(
        "--published", metavar="DATE", help="Publication date YYYY-MM-DD (default: read from the page).")] = None,
    into: Annotated[Path | None, typer.Option(
        "--into", metavar="DIR", file_okay=False,
        help="Store the document in DIR/documents/ and the draft in DIR/sources/<id>.yaml; never overwrites.")] = None,
    output: OutputOpt = None, data: DataOpt = None, no_cache: NoCacheOpt = False,
) -> None:
    """Draft a source file from a raw document: its metadata and one candidate fact per numeric claim.

    Example: zonecmp extract page.txt --zone weihai --into my-data
    """
    from .errors import UsageError
    from .extraction.draft import extract_document, report_lines
    from .render import write_output

    if into is not None and output is not None:
        raise UsageError("give --into DIR or --output FILE, not both (--into writes DIR/sources/<id>.yaml)")
    done = extract_document(document, zone=zone, published=published, dataset=_dataset(data, no_cache), into=into)
    if into is None:
        write_output(done.draft.text, output)
    for line in report_lines(done, into):
        _say(line)


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command being run, when the first argument names one.

    Typer builds every command's options from its signature before it runs any: about 10 ms for
    all of them, paid by every call in a shell loop. Running one needs only its own. `zonecmp`,
    `zonecmp --help` (and any option before the command) and shell completion get the whole app.
    """
    if not args or os.environ.get("_ZONECMP_COMPLETE"):
        return app
    wanted = [info for info in app.registered_commands
              if (info.name or typer.main.get_command_name(info.callback.__name__)) == args[0]]
    if len(wanted) != 1:
        return app  # a misspelt command: the whole app, to suggest the right one
    single = copy.copy(app)
    single.registered_commands = wanted
    return single


def _say(line: str) -> None:
    """One line on stderr, where text from data files can never act on the terminal (terminal.visible)."""
    print(visible(line), file=sys.stderr)


def main() -> None:
    """Run the CLI; user errors print their lines and exit 2, Ctrl-C exits 130, never a traceback."""
    from typer.exceptions import TyperException

    # zonecmp does no linear algebra, but importing numpy starts one OpenBLAS thread per core, which
    # spin while they wait: on 2 cores 24 ms of wall time and 120 ms of CPU time on every call. One
    # thread starts none. Only the command line does this, and a user's own setting wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        code = _app_for(sys.argv[1:])(standalone_mode=False)
        code = code if isinstance(code, int) else EXIT_OK
        if code == EXIT_INTERRUPTED:  # Typer turns Ctrl-C into Exit(130) and returns its code, silently
            print("Interrupted.", file=sys.stderr)
    except typer.Exit as done:
        code = done.exit_code
    except TyperException as error:  # bad options and arguments: the usage line and what is wrong
        shown = io.StringIO()
        error.show(file=shown)
        for line in shown.getvalue().splitlines():
            _say(line)
        code = EXIT_ERROR
    except ZonecmpError as error:
        for line in error.lines:
            _say(error.prefix + line)
        code = error.exit_code
    except (KeyboardInterrupt, typer.Abort):
        print("Interrupted.", file=sys.stderr)
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (head, less) has gone: stop quietly, and keep Python from complaining at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    sys.exit(code)
