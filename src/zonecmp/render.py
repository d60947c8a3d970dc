"""Rendering result frames: a table on a terminal, clean CSV/TSV/JSON/JSONL/Markdown elsewhere, and
workbooks (xlsx.py) to a file.

Numbers stay numbers (no units, no thousands separators), Chinese text stays intact (`--bom` for
Excel), text cells that a spreadsheet would run as formulas are neutralised unless `--raw`, and a file
is written to a temporary name and renamed, so a failed write never leaves half a file behind.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .delimited import number_text, written
from .errors import Problem, StdoutError, UsageError
from .files import atomic_file
from .table import Table, Text
from .terminal import visible
from .words import header, say

if TYPE_CHECKING:
    import pandas as pd

    # What a command hands the renderer: a frame, or (for the queries scripts run, CSV/TSV/JSON) a
    # table built without pandas, which is imported only for the formats people read.
    Frame = pd.DataFrame | Table

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown", "xlsx")


@dataclass(frozen=True)
class OutputOptions:
    """How the user asked for output; shared by every listing command."""

    format: str | None = None
    output: Path | None = None
    bom: bool = False
    raw: bool = False

    def resolved_format(self) -> str:
        """The chosen format: a table on a terminal, CSV when piped or written to a file, xlsx for a
        file named *.xlsx. A workbook is refused on stdout: it is binary, for a file."""
        if self.format:
            if self.format not in FORMATS:
                raise UsageError(f"unknown format {self.format!r}; use one of {', '.join(FORMATS)}")
            if self.format == "xlsx" and self.output is None:
                raise UsageError("xlsx is a workbook, not text: write it to a file with --output FILE.xlsx")
            return self.format
        if self.output is not None and self.output.suffix.lower() == ".xlsx":
            return "xlsx"
        return "table" if self.output is None and sys.stdout.isatty() else "csv"

    def for_people(self) -> bool:
        """Whether the output is read by people (table, markdown) rather than by programs."""
        return self.resolved_format() in ("table", "markdown")


def _is_numeric(dtype: Any) -> bool:
    import pandas as pd

    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def _json_value(value: Any) -> Any:
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if hasattr(value, "item"):  # numpy scalars
        return _json_value(value.item())
    return value


def _as_table(frame: Frame) -> Table:
    return frame if isinstance(frame, Table) else Table.of_frame(frame)


def _as_frame(frame: Frame) -> pd.DataFrame:
    return frame.frame() if isinstance(frame, Table) else frame


def to_records(frame: Frame) -> list[dict[str, Any]]:
    """Rows as plain dicts with JSON-ready values: NaN becomes null, 6.0 becomes 6."""
    table = _as_table(frame)
    columns = [(column.values() if isinstance(column, Text) else column).tolist() for column in table.columns]
    rows = zip(*columns) if columns else [()] * len(table)
    return [dict(zip(table.names, map(_json_value, row))) for row in rows]


def _markdown(frame: pd.DataFrame, lang: str) -> str:
    def cell(value: Any) -> str:
        return visible(number_text(value).replace("|", "\\|").replace("\n", " "))

    frame = _for_people(frame, lang)

    lines = ["| " + " | ".join(map(cell, frame.columns)) + " |",
             "| " + " | ".join("---:" if _is_numeric(dtype) else "---" for dtype in frame.dtypes) + " |"]
    lines += ["| " + " | ".join(map(cell, row)) + " |" for row in frame.itertuples(index=False, name=None)]
    return "\n".join(lines) + "\n"


def _for_people(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A table for reading drops the columns that are empty in every row (no reasons, no details),
    and names the others in the reader's language (words.header)."""
    if not frame.empty:
        texts = frame.map(number_text)
        frame = frame.loc[:, [c for c in frame.columns if (texts[c] != "").any()]]
    return frame.set_axis([header(str(c), lang) for c in frame.columns], axis="columns")


def _table(frame: pd.DataFrame, title: str | None, to_terminal: bool, lang: str) -> str:
    """The frame as a table for people (tables.table): styled on a terminal that shows styles."""
    from .tables import table

    frame = _for_people(frame, lang)
    width = _terminal_width() if to_terminal or os.environ.get("COLUMNS") else 200
    rows = [[visible(number_text(value)) for value in row] for row in frame.itertuples(index=False, name=None)]
    styled = to_terminal and os.environ.get("TERM") not in ("dumb", "unknown")
    return table([visible(str(c)) for c in frame.columns], rows, width, title=visible(title) if title else None,
                 right=[_is_numeric(dtype) for dtype in frame.dtypes], styled=styled)


def _terminal_width() -> int:
    try:
        return int(os.environ.get("COLUMNS", "")) or os.get_terminal_size(sys.stdout.fileno()).columns
    except (ValueError, OSError):
        return 100


# A drawing that stands in for the table view of a frame (the bar chart): (frame, title, width, color, lang) -> text.
Drawing = Callable[..., str]


def render(frame: Frame, options: OutputOptions, *, title: str | None = None,
           drawing: Drawing | None = None, lang: str = "en") -> str:
    """The whole output document for a frame in the chosen format; `drawing` replaces the table view."""
    pieces = render_pieces(frame, options, title=title, drawing=drawing, lang=lang)
    return "".join(piece if isinstance(piece, str) else piece.decode("utf-8") for piece in pieces)


def render_pieces(frame: Frame, options: OutputOptions, *, title: str | None = None,
                  drawing: Drawing | None = None, lang: str = "en") -> Iterator[str | bytes]:
    """The output document in pieces, to be written as they come: CSV and TSV of a large frame
    arrive as UTF-8 a block of rows at a time (delimited.py), so the whole text is never held in
    memory. Only a table and markdown, which people read, name their columns in `lang`."""
    fmt = options.resolved_format()
    if fmt in ("csv", "tsv"):
        if options.bom:
            yield "\ufeff".encode("utf-8")
        yield from written(_as_table(frame), "," if fmt == "csv" else "\t", options.raw)
    elif fmt == "json":
        yield json.dumps(to_records(frame), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "jsonl":
        yield "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in to_records(frame))
    elif fmt == "markdown":
        yield _markdown(_as_frame(frame), lang)
    else:
        to_terminal = options.output is None and sys.stdout.isatty()
        if drawing is None:
            yield _table(_as_frame(frame), title, to_terminal=to_terminal, lang=lang)
        else:
            color = to_terminal and not os.environ.get("NO_COLOR")
            yield drawing(_as_frame(frame), title=title, width=_terminal_width(), color=color, lang=lang)


def write_output(text: str | Iterable[str | bytes], output: Path | None) -> None:
    """Write text (or its pieces, as they come: text, or UTF-8 bytes) to stdout, or atomically to a
    file: a temporary file in the same folder, then renamed, so a failed write never leaves half a
    file behind."""
    pieces = [text] if isinstance(text, str) else text
    if output is None:
        try:
            for piece in pieces:
                _write_stdout(piece)
            sys.stdout.flush()
        except BrokenPipeError:
            raise StdoutError(reader_gone=True) from None
        except OSError as error:
            raise StdoutError(error.strerror or str(error)) from None
        return
    target = Path(output)
    try:
        with atomic_file(target, "wb") as stream:
            for piece in pieces:
                stream.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror or error}") from None


def _write_stdout(piece: str | bytes) -> None:
    """A piece to stdout: bytes straight to its buffer, after the text written before them."""
    buffer = getattr(sys.stdout, "buffer", None)
    if isinstance(piece, str) or buffer is None:
        sys.stdout.write(piece if isinstance(piece, str) else piece.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(piece)


@dataclass(frozen=True)
class Result:
    """What a command returns for the renderer: a frame with its title and a note for when it is
    empty (or a finished text), lines for stderr, the exit status, and a second table (`aside`)
    that follows the first only on a terminal. `lang` names a table's columns and the note."""

    frame: Frame | None = None
    title: str | None = None
    empty_note: str = "no rows match"
    drawing: Drawing | None = None  # stands in for the table view (the bar chart)
    text: str | None = None  # a finished document (check's report, a draft), written as it is
    messages: tuple[str, ...] = ()
    exit_code: int = 0
    aside: Result | None = None
    sheets: tuple[tuple[str, pd.DataFrame], ...] = ()  # a workbook's further sheets, named (facts: its sources)
    lang: str = "en"


def show(result: Result, options: OutputOptions, name: str = "data") -> int:
    """Write a command's result as the options ask, and return its exit status. An empty frame still
    prints its header, with its note on stderr; messages go to stderr, escaped (terminal.visible). A
    workbook has the frame in a sheet called `name` (the command's), then the result's other sheets."""
    if result.text is not None:
        write_output(result.text, options.output)
    if result.frame is not None:
        if options.resolved_format() == "xlsx":
            from .xlsx import write_workbook

            write_workbook([(name, _as_frame(result.frame)), *result.sheets], options.output)
        else:
            write_output(render_pieces(result.frame, options, title=result.title, drawing=result.drawing,
                                       lang=result.lang), options.output)
        if result.frame.empty:
            print(visible(say("note: {note}", result.lang, note=result.empty_note)), file=sys.stderr)
    if result.aside is not None and options.resolved_format() == "table" and options.output is None:
        show(result.aside, options)
    for line in result.messages:
        print(visible(line), file=sys.stderr)
    return result.exit_code


def check_report(findings: list[Problem], checked: int, fmt: str | None, loading: Sequence[Problem] = (),
                 records: int = 0) -> str:
    """`zonecmp check` output: one line per problem (errors.Problem: `file:line: fact: message`, with
    `warning:` before a warning's message) and a summary, or with --format json an object
    {"summary": ..., "problems": [...]} for tools. `loading` holds the problems that keep the data from
    loading: as text they are on stderr and the summary counts them; JSON lists them first, with the
    code `load`, and counts them as `not_loaded`. `records` is how many not-stated records were checked
    with the facts (their quotes too): the summary names them where there are some."""
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if fmt == "json":
        summary = {"facts_checked": checked, "errors": errors, "warnings": warnings, "not_loaded": len(loading),
                   "not_stated_checked": records}
        problems = [{"file": f.path, "line": f.line, "fact": f.subject, "severity": f.severity,
                     "code": f.code or "load", "message": f.message} for f in (*loading, *findings)]
        return json.dumps({"summary": summary, "problems": problems}, ensure_ascii=False, indent=2) + "\n"
    if fmt not in (None, "text"):
        raise UsageError(f"check writes text or json, not {fmt!r}")
    lines = [visible(str(f)) for f in findings]
    verdict = ("no problems" if not findings
               else f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    if loading:
        unloaded = len(loading)
        verdict = "no problems in the quotes" if not findings else verdict
        verdict += (f"; {unloaded}{' more' if findings else ''} problem{'s' * (unloaded != 1)} "
                    f"keep{'s' * (unloaded == 1)} the data from loading (on stderr): fix those first")
    also = f" and {records} not-stated record{'s' * (records != 1)}" if records else ""
    lines.append(f"checked {checked} facts{also}: {verdict}")
    return "\n".join(lines) + "\n"
