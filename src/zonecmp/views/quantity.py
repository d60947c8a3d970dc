"""The quantity parser as a table: what `zonecmp quantity` prints for each expression."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from ..dataset.quantities import QuantityError, parse_quantity

# share_of came last, after error: scripts that read the first nine columns by position keep working.
QUANTITY_COLUMNS = ("expression", "comparator", "value", "value_max", "unit", "value_base", "value_max_base",
                    "base_unit", "error", "share_of")


def quantity_frame(expressions: Iterable[str]) -> pd.DataFrame:
    """One row per expression as the quantity parser reads it; an unreadable one gets an error row.
    share_of says what a share is of (占全市32% is a share of 全市)."""
    rows = []
    for text in expressions:
        try:
            q = parse_quantity(text)
            numbers = (q.value, q.value_max, q.value_base, q.value_max_base)
            if not all(math.isfinite(number) for number in numbers if number is not None):
                raise QuantityError(f"cannot use the quantity in '{text}': its number is too large to be a number "
                                    "(JSON, spreadsheets and zonecmp data take finite numbers)")
            rows.append({"expression": text, "comparator": q.comparator, "value": q.value, "value_max": q.value_max,
                         "unit": q.unit, "value_base": q.value_base, "value_max_base": q.value_max_base,
                         "base_unit": q.base_unit, "error": "", "share_of": q.share_of})
        except QuantityError as error:
            rows.append({"expression": text, "comparator": "", "unit": "", "base_unit": "", "error": str(error),
                         "share_of": ""})
    frame = pd.DataFrame(rows, columns=list(QUANTITY_COLUMNS))
    numeric = ["value", "value_max", "value_base", "value_max_base"]
    # Every text cell is filled above: a column of error rows only is text all the same, never NaN floats.
    return frame.astype({column: "float64" if column in numeric else "str" for column in QUANTITY_COLUMNS})
