"""How long the CSV writer takes for a wide side-by-side table: 73 metrics × 2,936 zone columns, as
`targets --year 2024` gives at a million facts (issue #15: 0.46-0.49 s when built a column at a time).

    python benchmarks/wide_csv.py            # best of five, and the same table a column at a time
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zonecmp import render  # noqa: E402  (after the path so a checkout runs without installing)

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


def best_of(frame: pd.DataFrame, times: int = 5) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        "".join(render._delimited(frame, ",", False))
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    frame = wide_frame()
    at_once = best_of(frame)
    render.WIDE_TEXT_COLUMNS = 10**9
    by_column = best_of(frame)
    print(f"{ROWS} rows x {ZONES} zone columns: {at_once * 1000:.0f} ms in one piece, "
          f"{by_column * 1000:.0f} ms a column at a time")


if __name__ == "__main__":
    main()
