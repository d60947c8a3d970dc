"""The command line: map options to one function of commands.py, and hand its Result to the renderer.

Options shared by commands are declared once (`Shared`, added to a command's signature by
`command`), and nothing heavy is imported at module level, so `zonecmp --help` and shell completion
never load pandas; each command imports what it needs when it runs.
"""

from __future__ import annotations

import functools
import inspect
import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__
from .errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, StdoutError, UsageError, ZonecmpError
from .terminal import visible

if TYPE_CHECKING:
    from .dataset.loader import Dataset
    from .render import OutputOptions, Result
    from .views.select import Filters

app = typer.Typer(
    help="Compare what China's high-tech zones (高新区) promise and what they report.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Options, each declared once.
DataOpt = Annotated[list[Path] | None, typer.Option(
    "--data", "-d", metavar="DIR",
    help="A data directory to add to the bundled dataset (repeatable; env ZONECMP_DATA).", file_okay=False)]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Read the YAML files again instead of the cache.")]
LangOpt = Annotated[str | None, typer.Option(
    "--lang", metavar="LANG", help="zh or en: names, and a table's headers, title, verdicts and notes "
    "(default: from the locale); CSV and JSON columns stay English.")]
FormatOpt = Annotated[str | None, typer.Option(
    "--format", "-f", metavar="FORMAT",
    help="table, csv, tsv, json, jsonl, markdown or xlsx (a workbook, to --output; default: table on a terminal, "
    "xlsx for --output *.xlsx, csv otherwise).")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", help="Write to this file instead of stdout.", dir_okay=False)]
BomOpt = Annotated[bool, typer.Option("--bom", help="Start CSV/TSV with a UTF-8 byte-order mark, for Excel.")]
RawOpt = Annotated[bool, typer.Option(
    "--raw", help="Do not neutralise text cells that start like spreadsheet formulas.")]
# A year is read by views/select.parse_year, so that `--year 2024-H1` can point to --period.
YearOpt = Annotated[list[str] | None, typer.Option(
    "--year", "-y", metavar="YEAR", help="Periods in this year, and spans ending in it (repeatable).")]
PeriodOpt = Annotated[list[str] | None, typer.Option(
    "--period", "-p", metavar="PERIOD", help="Facts of this period: 2024-H1 (also written 2024-01..06), "
    "2024-Q1, 2024-01..09, 2021-2025, 2024-09-30 (repeatable).")]
ZoneOpt = Annotated[list[str] | None, typer.Option(
    "--zone", "-z", metavar="ZONE", help="Zone id, Chinese name or alias (repeatable).")]
MetricOpt = Annotated[list[str] | None, typer.Option(
    "--metric", "-m", metavar="METRIC", help="Metric id, name or alias (repeatable).")]
KindOpt = Annotated[list[str] | None, typer.Option(
    "--kind", "-k", metavar="KIND", help="target or actual (repeatable).")]


LongOpt = Annotated[bool, typer.Option(
    "--long", help="One row per fact, its number in a column of its own (value, unit: the base unit), with its "
    "comparator and fact id: for spreadsheets and charts.")]
OneKindOpt = Annotated[str, typer.Option("--kind", "-k", metavar="KIND", help="target or actual.")]
MetricArg = Annotated[str, typer.Argument(help="Metric id, name or alias.")]


@dataclass(frozen=True)
class Shared:
    """The options most commands share: where the data comes from, the language, and the output."""

    fmt: str | None = None
    output: Path | None = None
    bom: bool = False
    raw: bool = False
    data: list[Path] | None = None
    no_cache: bool = False
    lang: str | None = None

    def output_options(self) -> OutputOptions:
        """The output options, checked (an unknown --format fails before any data is read)."""
        from .render import OutputOptions

        options = OutputOptions(self.fmt, self.output, self.bom, self.raw)
        options.resolved_format()
        return options

    def for_people(self) -> bool:
        return self.output_options().for_people()

    def workbook(self) -> bool:
        """Whether the output is an xlsx workbook, which may hold more than one sheet."""
        return self.output_options().resolved_format() == "xlsx"

    def dataset(self, *, partial: bool = False) -> Dataset:
        """The bundled data and --data directories, from the cache when it is valid; `partial` keeps
        the facts a complete load refuses, with their problems (for check)."""
        from .dataset.cache import load
        from .dataset.loader import data_dirs_from, holds_no_data
        from .progress import load_progress

        directories = data_dirs_from(self.data)
        for directory in directories[1:]:
            if holds_no_data(directory):
                _say(f"note: {directory} holds no zones.yaml, metrics.yaml or sources/: it adds nothing to the data")
        with load_progress() as progress:
            return load(directories, use_cache=not self.no_cache, progress=progress, partial=partial)

    def language(self) -> str:
        """--lang, else zh when the locale is Chinese, else en."""
        if self.lang:
            if self.lang not in ("zh", "en"):
                raise typer.BadParameter("use zh or en", param_hint="--lang")
            return self.lang
        locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
        return "zh" if locale.lower().startswith("zh") else "en"


# Each group of shared options, as (parameter, option type, default), in the order --help lists them.
_GROUPS = {
    "output": (("fmt", FormatOpt, None), ("output", OutputOpt, None)),
    "cells": (("bom", BomOpt, False), ("raw", RawOpt, False)),
    "data": (("data", DataOpt, None), ("no_cache", NoCacheOpt, False)),
    "lang": (("lang", LangOpt, None),),
}


_SHARED_FIELDS = frozenset(Shared.__dataclass_fields__)


def _evaluated(parameter: inspect.Parameter, function: Callable[..., object]) -> inspect.Parameter:
    """The parameter with its annotation evaluated, as Typer reads it: this module's annotations are
    strings (`from __future__ import annotations`), and the return type (Result) exists only for type
    checkers, so only parameters are evaluated."""
    annotation = parameter.annotation
    if isinstance(annotation, str):
        annotation = eval(annotation, function.__globals__)  # our own source text, never data
    return parameter.replace(annotation=annotation)


def command(*groups: str, name: str | None = None) -> Callable[[Callable[..., Result]], Callable[..., None]]:
    """Register a command whose function takes its own options and `shared: Shared`, and returns a
    Result. The options of the named groups (output, cells, data, lang) are added to its signature,
    after its own; one it declares itself with its own help (check's --no-cache) is passed to it and
    fills `shared` too. The Result goes to the renderer, and its exit status ends the run."""
    def register(function: Callable[..., Result]) -> Callable[..., None]:
        own = [_evaluated(p, function) for p in inspect.signature(function).parameters.values() if p.name != "shared"]
        taken = {p.name for p in own}
        added = [inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
                 for group in groups for key, kind, default in _GROUPS[group] if key not in taken]

        @functools.wraps(function)
        def run(**values: object) -> None:
            from .render import show

            shared = Shared(**{key: values[key] for key in values if key in _SHARED_FIELDS})
            for parameter in added:
                del values[parameter.name]
            options = shared.output_options()
            status = show(function(**values, shared=shared), options, name=name or function.__name__)
            if status:
                raise typer.Exit(status)

        run.__signature__ = inspect.Signature([*own, *added])  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in (*own, *added)}
        app.command(name=name)(run)
        return run
    return register


def _filters(year: list[str] | None = None, zone: list[str] | None = None, metric: list[str] | None = None,
             kind: list[str] | None = None, period: list[str] | None = None) -> Filters:
    from .views.select import Filters, parse_year

    return Filters(tuple(map(parse_year, year or ())), tuple(zone or ()), tuple(metric or ()), tuple(kind or ()),
                   tuple(period or ()))


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


def _side_by_side_command(kind: str, summary: str, example: str) -> None:
    """Register `targets` or `actuals`: the same view of facts of one kind."""

    def side_by_side(year: YearOpt = None, period: PeriodOpt = None, zone: ZoneOpt = None, metric: MetricOpt = None,
                     long: LongOpt = False, *, shared: Shared) -> Result:
        from . import commands

        return commands.side_by_side(shared.dataset(), kind, _filters(year, zone, metric, period=period),
                                     shared.language(),
                                     labels=shared.for_people(), long=long)

    side_by_side.__doc__ = f"{summary}\n\n    Example: {example}\n    "
    command("output", "cells", "data", "lang", name=kind + "s")(side_by_side)


_side_by_side_command("target", "Targets side by side: one row per metric, one column per zone.",
                      "zonecmp targets --year 2024")
_side_by_side_command("actual", "Reported results side by side: one row per metric, one column per zone.",
                      "zonecmp actuals --year 2023")


@command("output", "cells", "data", "lang")
def compare(zones: Annotated[list[str], typer.Argument(help="Zones to put side by side.")],
            year: YearOpt = None, period: PeriodOpt = None, metric: MetricOpt = None, kind: KindOpt = None,
            long: LongOpt = False, *, shared: Shared) -> Result:
    """Targets and actuals of the named zones side by side.

    Example: zonecmp compare tangshan weihai huaian
    """
    from . import commands

    return commands.compare(shared.dataset(), zones, _filters(year, None, metric, kind, period),
                            shared.language(), labels=shared.for_people(), long=long)


@command("output", "cells", "data", "lang")
def diff(
    left: Annotated[str, typer.Argument(help="ZONE@PERIOD, e.g. weihai@2024.")],
    right: Annotated[str, typer.Argument(help="ZONE@PERIOD, e.g. tangshan@2023.")],
    kind: Annotated[str, typer.Option("--kind", "-k", help="target or actual.")] = "target",
    metric: MetricOpt = None,
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Exit 1 when there are differences, like git diff.")] = False,
    *, shared: Shared,
) -> Result:
    """How RIGHT differs from LEFT, metric by metric: raised, lowered, same, new, dropped, not comparable.

    Example: zonecmp diff weihai@2024 tangshan@2024
    """
    from . import commands

    return commands.diff(shared.dataset(), left, right, kind, _filters(None, None, metric), shared.language(),
                         labels=shared.for_people(), exit_code=exit_code)


@command("output", "cells", "data", "lang")
def facts(year: YearOpt = None, period: PeriodOpt = None, zone: ZoneOpt = None, metric: MetricOpt = None,
          kind: KindOpt = None, *, shared: Shared) -> Result:
    """The tidy table: one row per fact, every field (a shorter view on a terminal table).

    Example: zonecmp facts --zone weihai --format csv > weihai.csv
    """
    from . import commands

    return commands.facts(shared.dataset(), _filters(year, zone, metric, kind, period), shared.language(),
                          labels=shared.for_people(), workbook=shared.workbook())


def _registry_command(kind: str, summary: str) -> None:
    """Register `zones`, `metrics` or `sources`: a registry, one row per record."""

    def registry(*, shared: Shared) -> Result:
        from . import commands

        return commands.registry(shared.dataset(), kind, shared.language(), labels=shared.for_people())

    registry.__doc__ = f"{summary}\n\n    Example: zonecmp {kind}{' --format json' if kind == 'zones' else ''}\n    "
    command("output", "cells", "data", "lang", name=kind)(registry)


_registry_command("zones", "The zones: ids, official names, province, level, aliases.")
_registry_command("metrics", "The metrics: ids, Chinese and English names, unit kind, aliases, definition.")
_registry_command("sources", "The source documents: title, publisher, dates, zones, document file.")


@command("output", "data", "lang")
def show(fact_id: Annotated[str, typer.Argument(help="A fact id, as `zonecmp facts` lists them.")], *,
         shared: Shared) -> Result:
    """One fact with its quote, the sentence around it in the document, and its source.

    Example: zonecmp show weihai-2024-gdp-growth
    """
    from . import commands

    return commands.show(shared.dataset(), fact_id, shared.language(), labels=shared.for_people())


@command("data")
def check(
    strict: Annotated[bool, typer.Option("--strict", help="Count warnings (conflicts, unused ids) as errors.")] = False,
    report: Annotated[str | None, typer.Option("--format", "-f", help="text (default) or json.")] = None,
    output: OutputOpt = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Read the YAML files and check every fact again instead of using the cache.")] = False,
    *, shared: Shared,
) -> Result:
    """Check every fact against its document: quote verbatim, number, unit and comparator as stated.

    A draft with fields still to fill is checked too: its problems are listed, and the quotes of its
    facts checked all the same. Exit 0 when clean, 1 when problems are found, 2 when the data has
    problems that keep it from loading.
    Example: zonecmp check --data my-data --strict
    """
    from . import commands

    return commands.check(shared.dataset(partial=True), report, strict=strict, use_cache=not no_cache)


@command("output", "cells")
def quantity(
    expressions: Annotated[list[str] | None, typer.Argument(
        help="Expressions like 10个以上; none: one per line on stdin.")] = None,
    *, shared: Shared,
) -> Result:
    """Read Chinese quantities: comparator, value, unit, and the value in base units.

    An unreadable expression gives an error row, and exit 1 at the end.
    Example: zonecmp quantity 477亿元 超过90% 10个以上
    """
    from . import commands

    return commands.quantity(expressions if expressions else [line.strip() for line in sys.stdin if line.strip()])


@command("output", "cells", "data", "lang")
def attainment(
    year: YearOpt = None, period: PeriodOpt = None, zone: ZoneOpt = None, metric: MetricOpt = None,
    tolerance: Annotated[list[str] | None, typer.Option(
        "--tolerance", "-t", metavar="TOLERANCE", help="How near a ~ (左右, 约) target counts as met: Npp for "
        "percents (default 0.5pp), N% of the target for the rest (default 5%); repeatable.")] = None,
    summary: Annotated[bool, typer.Option(
        "--summary", help="One row per zone instead: targets met of those assessed.")] = False,
    *, shared: Shared,
) -> Result:
    """Did the zones hit their targets? Each target beside the actual for its period, with a verdict and the gap.

    Verdicts: met, missed, met (estimate), missed (estimate), not comparable (with the reason). A target
    with no comparator is a floor (a rank: a ceiling, as a smaller number is a higher place); ~ is met
    within the tolerance; a floor (确保) and a stretch (力争) target each get their own verdict.

    Example: zonecmp attainment --year 2024 --tolerance 1pp
    """
    from . import commands

    return commands.attainment(shared.dataset(), _filters(year, zone, metric, period=period),
                               shared.language(), tolerance or (), summary=summary, labels=shared.for_people())


@command("output", "cells", "data", "lang")
def coverage(year: YearOpt = None, period: PeriodOpt = None, zone: ZoneOpt = None, metric: MetricOpt = None, *,
             shared: Shared) -> Result:
    """What the data holds: per zone and period, the targets, the actuals, and the targets attainment pairs.

    Example: zonecmp coverage --zone weihai --zone tangshan
    """
    from . import commands

    return commands.coverage(shared.dataset(), _filters(year, zone, metric, period=period), shared.language(),
                             labels=shared.for_people())


@command("output", "cells", "data", "lang")
def rank(metric: MetricArg, year: YearOpt = None, period: PeriodOpt = None, zone: ZoneOpt = None,
         kind: OneKindOpt = "target", *, shared: Shared) -> Result:
    """Zones ordered by one metric (ranks: first place first); ties share a place, the unranked follow with the reason.

    Example: zonecmp rank provincial_rank --kind actual
    """
    from . import commands

    return commands.rank(shared.dataset(), metric, _filters(year, zone, period=period), kind, shared.language(),
                         labels=shared.for_people())


@command("output", "cells", "data", "lang")
def chart(metric: MetricArg, year: YearOpt = None, period: PeriodOpt = None, zone: ZoneOpt = None,
          kind: OneKindOpt = "target", *, shared: Shared) -> Result:
    """A bar chart of one metric: a bar per zone, or per period for one zone; --format csv gives the chart's data.

    Example: zonecmp chart key_projects_total_investment --kind actual --format csv
    """
    from . import commands

    return commands.chart(shared.dataset(), metric, _filters(year, zone, period=period), kind,
                          shared.language())


@command("output", "cells", "data", "lang")
def phrases(
    phrase: Annotated[list[str] | None, typer.Option(
        "--phrase", metavar="TEXT", help="Count this phrase instead of the bundled list (repeatable).")] = None,
    year: Annotated[list[int] | None, typer.Option(
        "--year", "-y", metavar="YEAR", help="Documents published in this year (repeatable).")] = None,
    zone: Annotated[list[str] | None, typer.Option(
        "--zone", "-z", metavar="ZONE", help="Documents whose source lists this zone (repeatable).")] = None,
    by: Annotated[str, typer.Option(
        "--by", metavar="FORM", help="document (a row per document and phrase), phrase (totals and first "
        "use), zone or year (phrases side by side).")] = "document",
    sentences: Annotated[bool, typer.Option(
        "--show", help="Each occurrence with its sentence, as the document writes it.")] = False,
    chart: Annotated[bool, typer.Option(
        "--chart", help="Bars: with --by phrase one per phrase; with one --phrase and --by zone or year, one "
        "per zone or year.")] = False,
    *, shared: Shared,
) -> Result:
    """Count policy phrases (新质生产力, 高质量发展 ...) in every kept document, dated by its source's published year.

    Example: zonecmp phrases --by year
    """
    from . import commands

    return commands.phrases(shared.dataset(), phrase or (), _filters(year, zone), by, shared.language(),
                            sentences=sentences, chart=chart, labels=shared.for_people())


@command("data")
def extract(
    document: Annotated[Path, typer.Argument(
        help="A saved page, text or HTML: UTF-8, UTF-16, GB18030/GBK or Big5, simplified or traditional.")],
    zone: Annotated[str | None, typer.Option(
        "--zone", "-z", help="The zone it is about: id, name or alias (default: guessed).")] = None,
    published: Annotated[str | None, typer.Option(
        "--published", metavar="DATE", help="Publication date YYYY-MM-DD (default: read from the page).")] = None,
    into: Annotated[Path | None, typer.Option(
        "--into", metavar="DIR", file_okay=False,
        help="Store the document in DIR/documents/ and the draft in DIR/sources/<id>.yaml; never overwrites.")] = None,
    output: OutputOpt = None,
    *, shared: Shared,
) -> Result:
    """Draft a source file from a raw document: its metadata and one candidate fact per numeric claim.

    Example: zonecmp extract page.txt --zone weihai --into my-data
    """
    from . import commands

    # A data directory may hold drafts still being filled in: extract needs only its zones, metrics and ids.
    return commands.extract(shared.dataset(partial=True), document, zone=zone, published=published, into=into,
                            output=output)


def _say(line: str) -> None:
    """One line on stderr, where text from data files can never act on the terminal (terminal.visible)."""
    print(visible(line), file=sys.stderr)


def data_options_after_command(args: list[str]) -> list[str]:
    """`zonecmp --data DIR targets` as `zonecmp targets --data DIR`: the data options may come before
    the command, as users of git-like tools write them, though each command declares them."""
    leading: list[str] = []
    while args:
        if args[0] in ("--data", "-d") and len(args) > 1:
            leading, args = [*leading, *args[:2]], args[2:]
        elif args[0].startswith("--data=") or args[0] == "--no-cache":
            leading, args = [*leading, args[0]], args[1:]
        else:
            break
    if args[:1] in (["--help"], ["--version"]):
        return args
    if leading and (not args or args[0].startswith("-")):
        raise UsageError(f"{' '.join(leading)} goes with a command; name one after it, like "
                         f"`zonecmp {' '.join(leading)} targets --year 2024` (`zonecmp --help` lists them)")
    return [*args[:1], *leading, *args[1:]] if leading else args


def main() -> None:
    """Run the CLI; user errors print their lines and exit 2, Ctrl-C exits 130, never a traceback."""
    from typer.exceptions import TyperException

    # zonecmp does no linear algebra, but importing numpy starts one OpenBLAS thread per core, which
    # spin while they wait: on 2 cores 24 ms of wall time and 120 ms of CPU time on every call. One
    # thread starts none. Only the command line does this, and a user's own setting wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        code = app(args=data_options_after_command(sys.argv[1:]), standalone_mode=False)
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
        if isinstance(error, StdoutError):
            _drop_stdout()
    except (KeyboardInterrupt, typer.Abort):
        print("Interrupted.", file=sys.stderr)
        code = EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader (head, less) has gone while something other than the output was written
        _drop_stdout()
        code = EXIT_OK
    sys.exit(code)


def _drop_stdout() -> None:
    """Point stdout at the null device, so Python's own flush at exit finds nothing to complain about
    when the reader has gone or the disk is full."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
