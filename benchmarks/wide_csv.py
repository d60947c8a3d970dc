"""How long the CSV writer takes for a wide side-by-side table: 73 metrics × 2,936 zone columns, as
`targets --year 2024` gives at a million facts (issue #15: 0.46-0.49 s when built a column at a time
with pandas), both as the table.Table `targets` builds and as a DataFrame (the notebook API's form).

    python benchmarks/wide_csv.py            # best of five of each
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zonecmp import delimited  # noqa: E402  (after the path so a checkout runs without installing)
from zonecmp.table import Table, Text  # noqa: E402

ROWS, ZONES = 73, 2936
CELLS = np.array([None, "6%", "≥10 个", ">90%", "量稳质升", "8.5%"], dtype=object)
TEXT = object if pd.__version__.startswith("2.") else "str"  # the dtype text columns have on each pandas


def wide_frame(seed: int = 0) -> pd.DataFrame:
    """Mostly empty cells, as a side-by-side view of many zones is."""
    rng = np.random.default_rng(seed)
    columns = {"metric": [f"m{i}" for i in range(ROWS)], "metric_name": [f"Metric {i}" for i in range(ROWS)],
               "detail": [""] * ROWS}
    for zone in range(ZONES):
        cells = CELLS[rng.choice(len(CELLS), size=ROWS, p=[.9] + [.02] * 5)]
        columns[f"zone{zone}"] = pd.Series(cells, dtype=TEXT)
    return pd.DataFrame(columns)


def best_of(frame: pd.DataFrame | Table, times: int = 5) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        b"".join(delimited.written(frame if isinstance(frame, Table) else Table.of_frame(frame), ",", False))
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    frame = wide_frame()
    table = Table(list(frame.columns), [Text.of(text if isinstance(text, str) else None for text in frame[name])
                                        for name in frame.columns])  # a missing cell (NaN in a frame) is None
    from_frame = b"".join(delimited.written(Table.of_frame(frame), ",", False))
    assert b"".join(delimited.written(table, ",", False)) == from_frame
    print(f"{ROWS} rows x {ZONES} zone columns: {best_of(table) * 1000:.0f} ms from a table.Table, "
          f"{best_of(frame) * 1000:.0f} ms from a DataFrame")


if __name__ == "__main__":
    main()
