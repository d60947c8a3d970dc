"""CSV and TSV of a table.Table, written as UTF-8 bytes a block of rows at a time.

A million facts are 33 columns of which most repeat a few values, and some repeat together (a zone
and its two names, a source and its file). So each column's cells are formatted once per distinct
value, adjacent columns whose combinations stay few are joined into one pre-built cell (`_group`),
and a row is the join of a few such cells: the writer's cost is in the rows and their groups, not in
33 cells a row. Text stays the UTF-8 the cache keeps until it is written; only a cell that needs
quoting or neutralising is touched (`_cells`).

The cells are those of csv.writer with CRLF rows turned to LF (see `written`): minimal quoting, and
text a spreadsheet would run as a formula neutralised unless `raw`.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from .table import Column, Table, Text

# OWASP's CSV-injection guidance: a cell starting with one of these is read as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PREFIXES = tuple(start.encode() for start in FORMULA_STARTS)
_FORMULA_AFTER_NUL = re.compile(b"\\0[" + re.escape("".join(FORMULA_STARTS).encode()) + b"]")
ROWS_PER_PIECE = 50_000  # CSV and TSV are built and written this many rows at a time
# Text that can look like a number (a period 2024 beside 2024-H1) is always quoted in CSV and TSV: the one
# sign of text CSV has, which LibreOffice's "Format quoted field as text" and csv.QUOTE_NONNUMERIC honour.
QUOTED_COLUMNS = frozenset({"period", "written_as"})
# Two columns' codes are combined by multiplying them out when there are at most this many pairs (a
# mask of that many booleans finds the pairs in use); beyond, only when one column follows from the other.
_PAIRS_BY_PRODUCT = 1 << 22
# Grouping columns costs some numpy calls per column, which pays only for many rows (a wide table of
# 73 rows and 2,936 zone columns is written column by column).
_GROUPED_FROM_ROWS = 10_000
_SIGNED_NUMBER = re.compile(r"[+-][0-9]+(?:\.[0-9]+)?%?")

# A column's cells of a piece of rows.
Writer = Callable[[slice], list[bytes]]


def number_text(value: Any) -> str:
    """A number as every text format writes it: 6 (not 6.0), the shortest text that reads back as
    exactly the float otherwise, true/false, and nothing for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # repr: the shortest text that reads back as exactly this float (.15g lost 100000000000000.5)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def neutralise(text: str) -> str:
    """Prefix a formula-looking text cell with a quote so a spreadsheet shows it as text.

    A lone character (the comparator "=") carries no formula and stays as it is, so scripts can
    still match comparators exactly; nor does a signed number (-5, -5%, +3.2), which a spreadsheet
    reads as the number it is.
    """
    if len(text) < 2 or not text.startswith(FORMULA_STARTS) or _SIGNED_NUMBER.fullmatch(text):
        return text
    return "'" + text


def written(table: Table, sep: str, raw: bool) -> Iterator[bytes]:
    """The table as CSV (`sep` ",") or TSV ("\\t") in pieces of ROWS_PER_PIECE rows: a million rows
    are never one text."""
    # Rows end in LF: what shell tools expect; Excel reads it. But csv quotes a cell holding its line
    # terminator and not a lone CR, which every reader takes for a line break (a row split in two, its
    # second half free to start with a formula): so cells are quoted as a CRLF writer quotes them
    # (a cell holding the separator, a double quote, CR or LF, its quotes doubled), rows joined by LF.
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerow(table.names)
    yield (buffer.getvalue()[:-2] + "\n").encode("utf-8")
    if not table.names:
        yield b"\n" * len(table)  # an empty row each, as csv writes them
        return
    special = re.compile(b"[" + re.escape(sep.encode()) + b'"\r\n]')
    alone = len(table.columns) == 1  # csv writes a row of one empty cell as ""
    writers = _writers(table, sep.encode(), _Rule(guard=not raw, special=special, alone=alone))
    joiner = sep.encode().join
    for start in range(0, len(table), ROWS_PER_PIECE):
        piece = slice(start, start + ROWS_PER_PIECE)
        cells = [write(piece) for write in writers]
        rows = cells[0] if len(cells) == 1 else map(joiner, zip(*cells))
        yield b"\n".join(rows) + b"\n"


class _Rule:
    """How a text becomes a cell: quoted if it holds a `special` character, neutralised where
    `guard`, and never empty when the table has one column `alone`."""

    def __init__(self, *, guard: bool, special: re.Pattern[bytes], alone: bool) -> None:
        self.guard, self.special, self.alone = guard, special, alone

    def cells(self, texts: list[bytes], quoted: bool) -> list[bytes]:
        """Texts as cells. Texts that need nothing (the most) are found in two scans of them joined,
        at memory speed: a text that holds the joining NUL can only make them look as if they needed
        work, which the exact rule then decides."""
        joined = b"\0".join(texts)
        if self.special.search(joined) or (self.guard and _starts_a_formula(joined)):
            texts = [self.cell(text) for text in texts]
        return self.finished(texts, quoted)

    def cell(self, text: bytes, number: bool = False) -> bytes:
        """One text as its cell: neutralised (where `guard`, unless it writes a `number`), then
        quoted if it must be."""
        if self.guard and not number and text.startswith(_FORMULA_PREFIXES):
            text = neutralise(text.decode("utf-8")).encode("utf-8")
        return b'"' + text.replace(b'"', b'""') + b'"' if self.special.search(text) else text

    def finished(self, cells: list[bytes], quoted: bool) -> list[bytes]:
        """Cells as a column writes them: a column of `QUOTED_COLUMNS` quoted whole, and the one
        column of a table `alone` with "" for an empty cell."""
        if quoted:  # a cell holding a quote is quoted already, and starts with one
            cells = [cell if cell.startswith(b'"') else b'"' + cell + b'"' for cell in cells]
        if self.alone:
            cells = [cell or b'""' for cell in cells]
        return cells


def _starts_a_formula(joined: bytes) -> bool:
    """Whether a text of these, joined by NUL, starts with one of FORMULA_STARTS."""
    return joined.startswith(_FORMULA_PREFIXES) or _FORMULA_AFTER_NUL.search(joined) is not None


class _Coded:
    """A column (or adjacent columns, grouped) as codes 0..count-1 into the cells they are written
    as, kept as each member column's code (`parts`) per group code and its cells (`cells`)."""

    def __init__(self, codes: np.ndarray, count: int, cells: list[bytes]) -> None:
        self.codes, self.count = codes, count
        self.members: list[tuple[np.ndarray, list[bytes]]] = [(np.arange(count), cells)]

    def joined_with(self, other: _Coded, limit: int) -> bool:
        """Take `other` (the next column) into the group, if the pairs of codes in use stay within
        `limit`; the group is unchanged if not."""
        follows = _follows(other.codes, self.codes, self.count)
        if follows is not None:  # the next column follows from the group (a zone's name from its id)
            self.members.append((follows, other.members[0][1]))
            return True
        if self.count * other.count <= _PAIRS_BY_PRODUCT:
            pairs = self.codes.astype(np.int64) * other.count + other.codes
            used = np.zeros(self.count * other.count, dtype=bool)
            used[pairs] = True
            present = np.flatnonzero(used)
            if len(present) > limit:
                return False
            self.codes = (np.cumsum(used, dtype=np.int32) - 1)[pairs]
            self.count = len(present)
            self.members = [(parts[present // other.count], cells) for parts, cells in self.members]
            self.members.append((present % other.count, other.members[0][1]))
            return True
        leads = _follows(self.codes, other.codes, other.count)
        if leads is not None and other.count <= limit:  # the group follows from the next column
            self.members = [(parts[leads], cells) for parts, cells in self.members]
            self.members.append(other.members[0])
            self.codes, self.count = other.codes, other.count
            return True
        return False

    def writer(self, sep: bytes) -> Writer:
        """What writes the group's cells of a piece of rows, each group's cell built once."""
        columns = [np.array(cells, dtype=object)[parts].tolist() for parts, cells in self.members]
        built = columns[0] if len(columns) == 1 else list(map(sep.join, zip(*columns)))
        table = np.array(built, dtype=object)
        codes = self.codes
        return lambda piece: table[codes[piece]].tolist()


def _follows(values: np.ndarray, keys: np.ndarray, key_count: int) -> np.ndarray | None:
    """For each key code, the one value code its rows have, if every key has one; else None."""
    mapping = np.zeros(key_count, dtype=np.int64)
    mapping[keys] = values
    return mapping if np.array_equal(mapping[keys], values) else None


def _writers(table: Table, sep: bytes, rule: _Rule) -> list[Writer]:
    """The writers of a table's columns: adjacent columns of a long table grouped while their
    combinations stay under an eighth of the rows (or a thousand), text with more distinct values than a piece has
    rows (ids, quotes) alone and a span of codes at a time, as the rows come in the dataset's order."""
    limit = max(len(table) // 8, 1000)
    writers: list[Writer] = []
    group: _Coded | None = None
    for name, column in zip(table.names, table.columns):
        quoted = name in QUOTED_COLUMNS
        if isinstance(column, Text) and column.count > ROWS_PER_PIECE:
            if group is not None:
                writers.append(group.writer(sep))
                group = None
            writers.append(_spanned(column, rule, quoted))
            continue
        coded = _coded(column, rule, quoted)
        if group is None or len(table) < _GROUPED_FROM_ROWS or not group.joined_with(coded, limit):
            if group is not None:
                writers.append(group.writer(sep))
            group = coded
    if group is not None:
        writers.append(group.writer(sep))
    return writers


def _coded(column: Column, rule: _Rule, quoted: bool) -> _Coded:
    """A column as codes into its cells, each distinct value formatted once. Text is quoted and
    neutralised as _Rule.cells does; numbers never are (-5 is a number)."""
    if isinstance(column, Text):
        codes = column.codes
        missing = codes < 0
        if missing.any():
            codes = np.where(missing, column.count, codes)
        return _Coded(codes, column.count + 1, rule.cells([*column.encoded(0, column.count), b""], quoted))
    kind = column.dtype.kind
    if kind == "b":
        return _Coded(column.astype(np.int8), 2, rule.finished([b"false", b"true"], quoted))
    if kind in "iu" and len(column):
        low, high = int(column.min()), int(column.max())
        if high - low < _PAIRS_BY_PRODUCT:
            texts = np.arange(low, high + 1).astype(str).tolist()
            return _Coded(column - low, high - low + 1, rule.finished([t.encode() for t in texts], quoted))
    if kind in "iuf":
        present = ~np.isnan(column) if kind == "f" else np.ones(len(column), dtype=bool)
        distinct, inverse = np.unique(column[present], return_inverse=True)
        codes = np.full(len(column), len(distinct), dtype=np.int64)
        codes[present] = inverse.reshape(-1)
        texts = _float_texts(distinct) if kind == "f" else distinct.astype(str).tolist()
        return _Coded(codes, len(distinct) + 1, rule.finished([t.encode() for t in [*texts, ""]], quoted))
    cells = [rule.cell(value.encode("utf-8")) if isinstance(value, str)
             else rule.cell(number_text(value).encode("utf-8"), number=True) for value in column.tolist()]
    return _Coded(np.arange(len(cells)), len(cells), rule.finished(cells, quoted))


def _spanned(column: Text, rule: _Rule, quoted: bool) -> Writer:
    """The writer of text with many distinct values, formatting a piece's span of codes; a piece
    with a missing cell, or with codes scattered over more than four times its rows, takes the
    whole column's cells, made once."""
    whole: Writer | None = None

    def write(piece: slice) -> list[bytes]:
        nonlocal whole
        codes = column.codes[piece]
        start, stop = (int(codes.min()), int(codes.max()) + 1) if len(codes) else (0, 0)
        if start < 0 or stop - start > 4 * len(codes):
            whole = whole or _coded(column, rule, quoted).writer(b"")
            return whole(piece)
        cells = np.array(rule.cells(column.encoded(start, stop), quoted), dtype=object)
        return cells[codes - start].tolist()
    return write


def _float_texts(values: np.ndarray) -> list[str]:
    """number_text of each float: a whole number below 1e15 as an integer (6, not 6.0), formatted by
    numpy; any other (6.5, NaN, 1e16) one by one."""
    texts = np.empty(len(values), dtype=object)
    whole = np.isfinite(values) & (np.abs(values) < 1e15) & (values == np.floor(values))
    texts[whole] = values[whole].astype(np.int64).astype(str)
    other = ~whole
    texts[other] = [number_text(v) for v in values[other].tolist()]
    return texts.tolist()

