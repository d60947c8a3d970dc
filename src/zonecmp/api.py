"""Notebook conveniences over the loader and the query functions the CLI uses."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .dataset.cache import load as _cached_load
from .dataset.loader import Dataset, data_dirs_from
from .views.select import Filters, filter_facts, parse_year

if TYPE_CHECKING:
    import pandas as pd


def load(*data_dirs: str | Path, use_cache: bool = True) -> Dataset:
    """The bundled dataset, with each given data directory merged after it."""
    return _cached_load(data_dirs_from([Path(d) for d in data_dirs]), use_cache=use_cache)


def _many(value: object) -> tuple:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else (value,)


def facts(dataset: Dataset | None = None, *, year: object = None, zone: object = None, metric: object = None,
          kind: object = None, period: object = None) -> pd.DataFrame:
    """The facts as a tidy frame (the columns of `zonecmp facts`), optionally filtered.

    Each filter takes one value or a list: facts(ds, year=2024, zone=["weihai", "tangshan"]);
    period="2024-H1" selects that half, also where it is written 2024-01..06.
    """
    dataset = dataset if dataset is not None else load()
    filters = Filters(tuple(parse_year(str(y)) for y in _many(year)), _many(zone), _many(metric), _many(kind),
                      tuple(str(p) for p in _many(period)))
    return filter_facts(dataset, filters)
