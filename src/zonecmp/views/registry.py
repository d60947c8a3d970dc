"""The registries as tables: zones, metrics and sources, one row per record.

Machine formats carry every field the data format defines (dataset.loader's field lists, in their
order); a table for people shows the fields that tell the records apart.
"""

from __future__ import annotations

import pandas as pd

from ..dataset.loader import METRIC_FIELDS, SOURCE_FIELDS, ZONE_FIELDS, Dataset

COLUMNS = {"zones": ZONE_FIELDS, "metrics": METRIC_FIELDS, "sources": SOURCE_FIELDS}
FOR_PEOPLE = {
    "zones": ("id", "name", "province", "city", "level", "identity"),
    "metrics": ("id", "name", "name_en", "unit_kind"),
    "sources": ("id", "published", "zones", "title"),
}


def registry_frame(dataset: Dataset, kind: str, *, labels: bool = False) -> pd.DataFrame:
    """A registry (zones, metrics, sources) as a frame; list fields joined with '; '."""
    columns = FOR_PEOPLE[kind] if labels else COLUMNS[kind]
    rows = []
    for record in getattr(dataset, kind).values():
        row = {}
        for column in columns:
            value = getattr(record, column)
            row[column] = "; ".join(value) if isinstance(value, tuple) else value
        rows.append(row)
    return pd.DataFrame(rows, columns=list(columns))
