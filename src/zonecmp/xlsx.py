"""The workbook format (`--format xlsx`): typed cells, where CSV can only hope a reader guesses right.

Numbers are numbers; a value whose unit is % is stored as the fraction a spreadsheet means by a
percent, with a percent format (6% is 0.06, shown 6%); dates are dates; every text is a string cell,
so nothing runs as a formula and no apostrophe is added: a quote stays verbatim, `=SUM(1,2)` and all.
openpyxl is imported here only, and this module only for an xlsx export, so no other run pays for it.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from rich.cells import cell_len

from .dataset.units import plain_number
from .errors import UsageError
from .files import atomic_file

MAX_CELL_UNITS = 32_767  # UTF-16 code units in one cell: Excel's limit (openpyxl would cut a longer text silently)
MAX_ROWS = 1_048_576  # a worksheet's rows, the header included
MAX_COLUMNS = 16_384
WIDEST = 60  # characters: no column is wider, and a longer text wraps
SIZED_FROM = 2_000  # rows a column's width is measured on: enough to size it, and a million would be slow
DATE_COLUMNS = frozenset({"published", "event_date"})
# A number in one of these columns is a percent where its row's unit (the column named) is %.
UNIT_OF = {"value": "unit", "value_max": "unit", "value_base": "base_unit", "value_max_base": "base_unit"}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Characters the workbook's XML cannot hold at all: written as escapes (\x0c), as on a terminal.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_workbook(sheets: Sequence[tuple[str, pd.DataFrame]], target: Path) -> None:
    """Each (name, frame) as a sheet of one workbook at `target`: a bold header row frozen above
    columns sized to their contents. Written to a temporary file and renamed, with the permissions
    the umask gives, so a failure never leaves half a workbook behind."""
    from openpyxl import Workbook

    for name, frame in sheets:
        _check_fits(name, frame)
    typed = [(name, frame, {c: _column(name, frame, c) for c in frame.columns}) for name, frame in sheets]
    try:
        with atomic_file(Path(target), "wb") as stream:  # first: a sheet begun is written out only by save
            workbook = Workbook(write_only=True)
            for name, frame, columns in typed:
                _write_sheet(workbook.create_sheet(name), frame, columns)
            workbook.save(stream)
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror or error}") from None


def _check_fits(sheet: str, frame: pd.DataFrame) -> None:
    """UsageError when a worksheet cannot hold the frame."""
    if len(frame) >= MAX_ROWS or len(frame.columns) > MAX_COLUMNS:
        raise UsageError(f"{sheet} sheet: {len(frame):,} rows of {len(frame.columns):,} columns are more than a "
                         f"worksheet holds ({MAX_ROWS - 1:,} rows below the header, {MAX_COLUMNS:,} columns); "
                         "narrow the query (--zone, --year) or use --format csv")


def _column(sheet: str, frame: pd.DataFrame, name: str) -> list[tuple[Any, str | None]]:
    """A column's cells as the workbook stores them: (value, number format or None)."""
    is_date = name in DATE_COLUMNS
    units = frame[UNIT_OF[name]].tolist() if name in UNIT_OF and UNIT_OF[name] in frame.columns else None
    cells = []
    for row, value in enumerate(frame[name].tolist()):
        if units is not None and units[row] == "%" and _is_number(value) and math.isfinite(value):
            cells.append(_percent(value))
            continue
        if isinstance(value, str) and len(value) > MAX_CELL_UNITS // 2 and _utf16_length(value) > MAX_CELL_UNITS:
            raise UsageError(f"{sheet} sheet, {name} column, row {row + 2}: a text of {len(value):,} characters is "
                             f"more than a spreadsheet cell holds ({MAX_CELL_UNITS:,}); use --format csv or json")
        cells.append(_stored(value, is_date))
    return cells


def _utf16_length(text: str) -> int:
    """The length Excel counts: a character beyond the BMP (𠀀) takes two units."""
    return len(text.encode("utf-16-le")) // 2


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _percent(value: float) -> tuple[float, str]:
    """A percent as the fraction a spreadsheet stores (6 is 0.06), with a format showing its decimals."""
    decimals = min(2, len(plain_number(value).partition(".")[2]))
    return float(Decimal(repr(float(value))) / 100), "0" + ("." + "0" * decimals if decimals else "") + "%"


def _stored(value: Any, is_date: bool) -> tuple[Any, str | None]:
    """One value as a cell: None for a missing one, numbers as numbers (6.0 as 6), an ISO date in a
    date column as a date, anything else as text."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None, None
    if isinstance(value, bool):
        return value, None
    if _is_number(value):
        if not math.isfinite(value):
            return str(value), None
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            value = int(value)
        # A whole number of 12 digits or more in the General format would show as 1.2E+12.
        return value, "0" if isinstance(value, int) and abs(value) >= 10**11 else None
    text = str(value)
    if not text:
        return None, None
    if is_date and _ISO_DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text), "yyyy-mm-dd"
        except ValueError:
            pass
    return _UNSTORABLE.sub(lambda found: f"\\x{ord(found.group()):02x}", text), None


def _widths(frame: pd.DataFrame, columns: dict[str, list[tuple[Any, str | None]]]) -> list[int]:
    """Each column's width in characters: its header's or its widest cell's among the first rows, at most WIDEST."""
    widths = []
    for name in frame.columns:
        shown = [_shown(value, number_format) for value, number_format in columns[name][:SIZED_FROM]]
        widths.append(min(WIDEST, max([cell_len(str(name)), *map(cell_len, shown)]) + 2))
    return widths


def _shown(value: Any, number_format: str | None) -> str:
    """About what the cell shows, for its column's width."""
    if value is None:
        return ""
    if number_format and number_format.endswith("%"):
        return f"{value * 100:g}%"
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _write_sheet(sheet: Any, frame: pd.DataFrame, columns: dict[str, list[tuple[Any, str | None]]]) -> None:
    """The header and the rows, streamed (a write-only sheet keeps no cells in memory)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    widths = _widths(frame, columns)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def cell(value: Any, number_format: str | None, width: int) -> Any:
        if value is None or (number_format is None and not isinstance(value, str)):
            return value  # a plain number, a boolean or an empty cell needs no cell object
        made = WriteOnlyCell(sheet, value)
        if isinstance(value, str):
            made.data_type = "s"  # a string, never a formula (=SUM(1,2)) or an error code (#N/A)
            if len(value) * 2 > width and cell_len(value) > width:
                made.alignment = wrapped
        if number_format:
            made.number_format = number_format
        return made

    header = [WriteOnlyCell(sheet, str(name)) for name in frame.columns]
    for made in header:
        made.data_type, made.font = "s", bold
    sheet.append(header)
    for row in zip(*(columns[name] for name in frame.columns)):
        sheet.append([cell(value, number_format, width) for (value, number_format), width in zip(row, widths)])
