"""The facts kept compact: each text column as integer codes into its distinct texts, which stay
UTF-8 bytes until a query selects the rows that need them.

A million facts are 33 columns of which 23 are text, and most repeat a few values (zone, metric,
unit, source). One Python string per cell is what made a warm load slow (unpickling them, 1 s) and
large (0.5 GB). So a FactStore read from the cache holds only numpy arrays: numbers as they are,
and for each text column its codes and one buffer of its distinct texts joined by NUL (no loaded
text holds a control character: see loader._printable). The cache maps these arrays straight from
its file (cache.py), a filter compares codes (`isin`), and `rows` turns into text only the cells
of the rows selected, each distinct text once; `table` gives them as a table.Table that keeps the
codes, for a query written without pandas (the full export among them). `frame` is every row, for
the views that read them all as a frame (check).

A store built by the loader holds its frame, and encodes it only when it is pickled into the cache:
a cold run never pays for the encoding it does not use. Both forms answer every method the same way.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..table import SpannedText, Table, Text

if TYPE_CHECKING:
    import pandas as pd

SEPARATOR = "\0"
# Decoding every distinct text of a column in one call beats slicing them one by one when a query
# needs more than this share of them.
WHOLE_DECODE_SHARE = 1 / 16


class _TextColumn:
    """Codes into distinct texts held as one UTF-8 buffer (joined by NUL), with each text's byte offset."""

    def __init__(self, codes: np.ndarray, joined: np.ndarray, starts: np.ndarray) -> None:
        self.codes = codes
        self.joined = joined  # uint8: the distinct texts' UTF-8 bytes, each followed by a NUL
        self.starts = starts  # int64: where each distinct text starts in `joined`, and one past the end
        self._texts: list[str] | None = None
        self._index: dict[str, int] | None = None

    @classmethod
    def encode(cls, values: Any) -> _TextColumn:
        import pandas as pd

        codes, distinct = pd.factorize(values)
        return cls._of(_narrow(codes), [str(text) for text in distinct])

    @classmethod
    def _of(cls, codes: np.ndarray, texts: list[str]) -> _TextColumn:
        """The column of these codes into these texts, joined into one buffer."""
        joined = np.frombuffer("".join(text + SEPARATOR for text in texts).encode("utf-8"), dtype=np.uint8)
        ends = np.flatnonzero(joined == 0) + 1
        if len(ends) != len(texts):  # the loader lets no control character in, but a NUL would misplace every text
            raise ValueError("a text holds NUL, which the compact form cannot keep")
        return cls(codes, joined, np.concatenate(([0], ends)).astype(np.int64))

    def __getstate__(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self.codes, self.joined, self.starts

    def __setstate__(self, state: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
        self.__init__(*state)

    def mapped(self, change: Callable[[str], str]) -> _TextColumn:
        """The column with each distinct text changed by `change` (the codes as they are)."""
        return _TextColumn._of(self.codes, [change(text) for text in self.texts()])

    def texts(self) -> list[str]:
        """Every distinct text, in code order."""
        if self._texts is None:
            self._texts = self.joined.tobytes().decode("utf-8").split(SEPARATOR)[:-1]
        return self._texts

    def encoded(self, start: int, stop: int) -> list[bytes]:
        """The UTF-8 of the distinct texts of codes `start` to `stop` (not included), as kept: the
        CSV writer's cells, never decoded."""
        return self.joined[self.starts[start]:self.starts[stop]].tobytes().split(SEPARATOR.encode())[:-1]

    def code_of(self, text: str) -> int | None:
        if self._index is None:
            self._index = {t: code for code, t in enumerate(self.texts())}
        return self._index.get(text)

    def whole(self) -> np.ndarray:
        """The texts of every row, as an object array of str."""
        return np.array(self.texts(), dtype=object)[self.codes] if len(self.codes) else np.array([], dtype=object)

    def take(self, positions: np.ndarray) -> np.ndarray:
        """The texts at these rows, as an object array of str, each distinct text decoded once."""
        return self.text(positions).values()

    def text(self, positions: np.ndarray | None) -> Text:
        """The texts at these rows (every row for None) as table.Text: codes into the distinct texts
        they use, each decoded once."""
        if positions is None:
            return SpannedText(self.codes, len(self.starts) - 1, self.texts, self.encoded)
        used, inverse = np.unique(self.codes[positions], return_inverse=True)
        if self._texts is not None or len(used) > WHOLE_DECODE_SHARE * (len(self.starts) - 1):
            texts = self.texts()
            decoded = [texts[code] for code in used.tolist()]
        else:
            joined, starts = self.joined, self.starts
            decoded = [joined[starts[code]:starts[code + 1] - 1].tobytes().decode("utf-8") for code in used.tolist()]
        return Text(inverse.reshape(-1), decoded)

    def ranks(self, order: Sequence[str]) -> np.ndarray:
        """For each distinct text, its place in `order` (those not in it after all that are)."""
        places = np.full(len(self.starts) - 1, len(order), dtype=np.int64)
        for place, text in enumerate(order):
            code = self.code_of(text)
            if code is not None:
                places[code] = place
        return places


def _narrow(codes: np.ndarray) -> np.ndarray:
    """The codes in the smallest integer type that holds them (most columns have under 128 texts)."""
    top = int(codes.max()) if len(codes) else 0
    for dtype in (np.int8, np.int16, np.int32):
        if top <= np.iinfo(dtype).max:
            return codes.astype(dtype)
    return codes.astype(np.int64)


class FactStore:
    """The tidy facts (model.FACT_COLUMNS, in the dataset's order), compact; see the module docstring.

    Each column's pandas dtype is kept pickled, and unpickled only to build a frame: unpickling it
    imports pandas, which a query written by `table` never needs."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame: pd.DataFrame | None = frame
        self._length = len(frame)
        self._names = [str(name) for name in frame.columns]
        self._text = frozenset(name for name, dtype in frame.dtypes.items() if _is_text(dtype))
        self._dtypes: dict[str, Any] | None = dict(frame.dtypes.items())
        self._pickled_dtypes = b""
        self._columns: dict[str, np.ndarray | _TextColumn] = {}

    def __len__(self) -> int:
        return self._length

    def __getstate__(self) -> dict[str, Any]:
        """Only the compact columns are pickled (numpy arrays: the cache writes them out of band)."""
        return {"length": self._length, "names": self._names, "text": self._text,
                "dtypes": self._pickled_dtypes or pickle.dumps(self._dtypes, protocol=pickle.HIGHEST_PROTOCOL),
                "columns": {name: self._column(name) for name in self._names}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._frame, self._dtypes = None, None
        self._length, self._names, self._text = state["length"], state["names"], state["text"]
        self._pickled_dtypes, self._columns = state["dtypes"], state["columns"]

    def _column(self, name: str) -> np.ndarray | _TextColumn:
        if name not in self._columns:
            assert self._frame is not None
            series = self._frame[name]
            self._columns[name] = (_TextColumn.encode(series.to_numpy(dtype=object)) if name in self._text
                                   else series.to_numpy())
        return self._columns[name]

    def _dtype(self, name: str) -> Any:
        if self._dtypes is None:
            self._dtypes = pickle.loads(self._pickled_dtypes)  # zonecmp's own cache file, never downloaded data
        return self._dtypes[name]

    def frame(self) -> pd.DataFrame:
        """Every fact as the loader made it, decoded once and kept."""
        if self._frame is None:
            self._frame = self._decoded(None)
        return self._frame

    def _chosen(self, columns: Sequence[str] | None) -> list[str]:
        """The names of these columns (all for None) in the order of FACT_COLUMNS."""
        return [name for name in self._names if columns is None or name in columns]

    def rows(self, positions: np.ndarray, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The facts at these row positions, in that order, numbered from 0; only `columns`, in the
        order of FACT_COLUMNS, when a view names the few it reads (the others are never decoded)."""
        names = self._chosen(columns)
        if self._frame is not None:
            return self._frame.iloc[positions][names].reset_index(drop=True)
        return self._decoded(positions, names)

    def table(self, positions: np.ndarray | None, columns: Sequence[str] | None = None) -> Table:
        """The facts at these row positions (every fact for None) as a table.Table, without pandas:
        text stays codes into the distinct texts those rows use, numbers are the store's arrays."""
        names = self._chosen(columns)
        if self._frame is not None:
            every = self._frame[names]
            return Table.of_frame(every if positions is None else every.iloc[positions])
        chosen = []
        for name in names:
            column = self._columns[name]
            if isinstance(column, _TextColumn):
                chosen.append(column.text(positions))
            else:
                chosen.append(column if positions is None else column[positions])
        return Table(names, chosen, self._length if positions is None else len(positions))

    def ordered(self, positions: np.ndarray, name: str, order: Sequence[str]) -> np.ndarray:
        """The positions sorted by where each fact's text `name` comes in `order`; stable, so within
        one text they stay in the dataset's order."""
        if self._frame is not None:
            places = self._frame[name].iloc[positions].map({text: i for i, text in enumerate(order)}).to_numpy()
        else:
            column = self._columns[name]
            assert isinstance(column, _TextColumn)
            places = column.ranks(order)[column.codes[positions]]
        return positions[np.argsort(places, kind="stable")]

    def _decoded(self, positions: np.ndarray | None, names: Sequence[str] | None = None) -> pd.DataFrame:
        import pandas as pd

        names = self._names if names is None else names
        data = {}
        for name in names:
            column, dtype = self._columns[name], self._dtype(name)
            if isinstance(column, _TextColumn):
                texts = column.whole() if positions is None else column.take(positions)
                data[name] = texts if dtype == np.dtype(object) else pd.array(texts, dtype=dtype)
            else:  # a copy, never a view: the cache's arrays are read-only maps of its file
                data[name] = np.array(column if positions is None else column[positions], dtype=dtype)
        return pd.DataFrame(data, columns=names, copy=False)  # the arrays are new: copying them is waste

    def values(self, name: str) -> np.ndarray:
        """A whole column: numbers as the store's own array (read-only when mapped from the cache:
        copy it to change it), text as an object array of str."""
        if self._frame is not None:
            return self._frame[name].to_numpy(dtype=object if name in self._text else None)
        column = self._columns[name]
        return column.whole() if isinstance(column, _TextColumn) else column

    def distinct(self, name: str) -> list[str]:
        """The distinct texts of a text column, in the order they first appear."""
        if self._frame is not None:
            return self._frame[name].unique().tolist()
        column = self._columns[name]
        assert isinstance(column, _TextColumn)
        return column.texts()

    def isin(self, name: str, values: Any) -> np.ndarray:
        """Whether each fact's `name` is one of `values`, as a boolean array; on codes where compact."""
        if self._frame is not None:
            return self._frame[name].isin(list(values)).to_numpy()
        column = self._columns[name]
        if isinstance(column, _TextColumn):
            codes = [code for code in map(column.code_of, values) if code is not None]
            return np.isin(column.codes, np.array(codes, dtype=column.codes.dtype))
        return np.isin(column, list(values))


def _is_text(dtype: Any) -> bool:
    """Text is str on pandas 3, object (holding str: the loader makes it so) on pandas 2."""
    import pandas as pd

    return isinstance(dtype, pd.StringDtype) or dtype == np.dtype(object)


LIST_SEPARATOR = "\x1f"  # joins a record's tuple of texts (a source's zones) into one text


class Records(Mapping[str, Any]):
    """Registry records by id (a million facts cite 29,000 sources), kept as columns in the cache and
    each made into its dataclass only when looked up: unpickling 29,000 dataclasses was 0.14 s of
    every warm run, and most queries look up none. Read-only, like every registry of a Dataset.
    The records' fields are text, a tuple of texts, int or bool (model.Source)."""

    def __init__(self, records: Mapping[str, Any]) -> None:
        self._records: dict[str, Any] = dict(records)
        self._ids: list[str] = list(self._records)
        self._type: type | None = None  # set when the records are columns (read from the cache)
        self._columns: dict[str, _TextColumn | np.ndarray] = {}
        self._positions: dict[str, int] = {}

    def __getstate__(self) -> dict[str, Any]:
        records = [self[record_id] for record_id in self._ids]
        kind = type(records[0]) if records else None
        columns: dict[str, _TextColumn | np.ndarray] = {}
        for field in dataclasses.fields(kind) if kind else ():
            values = [getattr(record, field.name) for record in records]
            if field.type in ("int", "bool"):
                columns[field.name] = np.array(values, dtype=np.int64 if field.type == "int" else bool)
            else:
                texts = [LIST_SEPARATOR.join(v) if isinstance(v, tuple) else v for v in values]
                columns[field.name] = _TextColumn.encode(np.array(texts, dtype=object))
        return {"type": kind, "ids": _TextColumn.encode(np.array(self._ids, dtype=object)), "columns": columns}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__({})
        self._type, self._columns = state["type"], state["columns"]
        self._ids = state["ids"].whole().tolist()
        self._positions = {record_id: i for i, record_id in enumerate(self._ids)}

    def respelled(self, change: Callable[[str], str], fields: Sequence[str]) -> Records:
        """The records with these text fields changed by `change`: when they are columns, on each
        column's distinct texts, without making a record (cache._respelled renames paths so)."""
        if self._type is None:
            return Records({key: dataclasses.replace(record, **{f: change(getattr(record, f)) for f in fields})
                            for key, record in self._records.items()})
        respelled = Records({})
        respelled._ids, respelled._type, respelled._positions = self._ids, self._type, self._positions
        respelled._columns = {name: column.mapped(change) if name in fields and isinstance(column, _TextColumn)
                              else column for name, column in self._columns.items()}
        return respelled

    def __getitem__(self, key: str) -> Any:
        if key in self._records or self._type is None:
            return self._records[key]
        position = self._positions[key]
        record = self._records[key] = self._type(**{field.name: self._field(field, position)
                                                    for field in dataclasses.fields(self._type)})
        return record

    def _field(self, field: dataclasses.Field, position: int) -> Any:
        column = self._columns[field.name]
        if not isinstance(column, _TextColumn):
            return column[position].item()
        text = column.texts()[column.codes[position]]
        if field.type.startswith("tuple"):
            return tuple(text.split(LIST_SEPARATOR)) if text else ()
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, key: object) -> bool:
        return key in (self._records if self._type is None else self._positions)
