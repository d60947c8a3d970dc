"""A result table that needs no pandas: named columns of numpy arrays, text kept as codes.

Importing pandas is half of a warm query's time (0.2 s of 0.4 s), so the queries a script runs in a
loop (`facts`, `diff` in CSV, TSV, JSON) build a Table, and render.py writes it without pandas. A text
column stays what the cache holds, codes into distinct texts (`Text`), so each distinct text is
formatted once, however many rows repeat it. A table for people (a terminal table, Markdown, a
workbook) becomes a DataFrame first (`frame`); a DataFrame becomes a Table to be written as CSV
(`of_frame`), so one writer serves both.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


class Text:
    """A column of text as codes into its distinct texts; code -1 is a missing cell (None)."""

    def __init__(self, codes: np.ndarray, texts: Sequence[str]) -> None:
        self.codes = codes
        self.texts = list(texts)

    @classmethod
    def of(cls, values: Iterable[str | None]) -> Text:
        """The column of these texts (None: missing), each distinct text once, in the order they first appear."""
        index: dict[str, int] = {}
        codes = np.fromiter((-1 if text is None else index.setdefault(text, len(index)) for text in values),
                            dtype=np.int64)
        return cls(codes, list(index))

    def __len__(self) -> int:
        return len(self.codes)

    def values(self) -> np.ndarray:
        """Every row's text, as an object array (None where missing)."""
        return np.array([*self.texts, None], dtype=object)[self.codes]

    def take(self, positions: np.ndarray | slice) -> Text:
        return Text(self.codes[positions], self.texts)

    @property
    def count(self) -> int:
        """How many distinct texts there are."""
        return len(self.texts)

    def encoded(self, start: int, stop: int) -> list[bytes]:
        """The UTF-8 of the distinct texts whose codes run from `start` to `stop` (not included)."""
        return [text.encode("utf-8") for text in self.texts[start:stop]]


class SpannedText(Text):
    """Text whose distinct texts are read as UTF-8 a span of codes at a time (`encoded`), as a
    writer going down the rows asks for them: a million distinct quotes are never all strings at
    once. `texts` makes them all, once, for a reader that needs them in any order."""

    def __init__(self, codes: np.ndarray, count: int, every: Callable[[], list[str]],
                 encoded: Callable[[int, int], list[bytes]]) -> None:
        self.codes = codes
        self._count, self._every, self._encoded = count, every, encoded

    @property
    def texts(self) -> list[str]:  # type: ignore[override]
        return self._every()

    @property
    def count(self) -> int:
        return self._count

    def encoded(self, start: int, stop: int) -> list[bytes]:
        return self._encoded(start, stop)


Column = np.ndarray | Text


class Table:
    """Columns by name, in order (a name may repeat, as a frame's may), all of one length. A column
    is a numpy array (numbers, booleans, or objects) or Text."""

    def __init__(self, names: Sequence[str], columns: Sequence[Column], length: int | None = None) -> None:
        self.names = list(names)
        self.columns = list(columns)
        self._length = len(self.columns[0]) if self.columns else (length or 0)

    def __len__(self) -> int:
        return self._length

    @property
    def empty(self) -> bool:
        """No rows or no columns, as a DataFrame counts it."""
        return not self._length or not self.names

    def __getitem__(self, name: str) -> np.ndarray:
        """The values of the first column called `name` (text as an object array of str)."""
        column = self.columns[self.names.index(name)]
        return column.values() if isinstance(column, Text) else column

    @classmethod
    def of_rows(cls, rows: Sequence[Mapping[str, Any]], names: Sequence[str]) -> Table:
        """A table of these rows, each column typed as pandas would type it: numbers (with None as
        NaN where some are missing) as floats or integers, booleans, text as Text, anything else kept."""
        return cls(names, [_typed([row[name] for row in rows]) for name in names], len(rows))

    @classmethod
    def of_frame(cls, frame: pd.DataFrame) -> Table:
        """The frame's columns: numbers and booleans as their arrays, text (and missing cells in
        it) as Text, a column of mixed objects as it is."""
        import pandas as pd

        columns: list[Column] = []
        for i in range(frame.shape[1]):
            series = frame.iloc[:, i]
            dtype = series.dtype
            if isinstance(dtype, np.dtype) and dtype.kind in "iufb":
                columns.append(series.to_numpy())
                continue
            codes, distinct = pd.factorize(series)
            texts = distinct.tolist()
            if not all(isinstance(text, str) for text in texts):
                columns.append(series.to_numpy(dtype=object))
                continue
            cells = _texts_of(series) if _factorize_stops_at_nul() else []
            if any(cell and "\0" in cell for cell in cells):
                columns.append(Text.of(cells))
            else:
                columns.append(Text(codes, texts))
        return cls([str(name) for name in frame.columns], columns, len(frame))

    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame, typed as pandas types the rows (for a table people read)."""
        import pandas as pd

        data = [column.values().tolist() if isinstance(column, Text)
                else column.tolist() if column.dtype == object else column for column in self.columns]
        frame = pd.DataFrame(dict(enumerate(data)), index=range(self._length))
        frame.columns = self.names
        return frame


def _texts_of(series: pd.Series) -> list[str | None]:
    """A column of text and missing cells (None, NaN, NA) as its texts, None where missing."""
    return [value if isinstance(value, str) else None for value in series.tolist()]


@functools.cache
def _factorize_stops_at_nul() -> bool:
    """Whether pandas' factorize compares texts only up to a NUL, taking "" and "\\0" for one text
    (pandas 2.1 does; newer ones do not), so a column holding a NUL must be coded by Text.of."""
    import pandas as pd

    return len(pd.factorize(pd.Series(["", "\0"], dtype=object))[1]) == 1


def _typed(values: list[Any]) -> Column:
    """A column of Python values as pandas would type it (see Table.of_rows)."""
    present = [value for value in values if value is not None]
    if not present:
        return np.array(values, dtype=object)
    if all(isinstance(value, bool) for value in present) and len(present) == len(values):
        return np.array(values, dtype=bool)
    if all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in present):
        if len(present) == len(values) and all(isinstance(value, int) for value in values):
            return np.array(values, dtype=np.int64)
        return np.array([np.nan if value is None else value for value in values], dtype=np.float64)
    if all(isinstance(value, str) for value in present):
        return Text.of(values)
    return np.array(values, dtype=object)
