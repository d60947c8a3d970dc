"""How long the table of `zonecmp facts` takes to lay out and draw, at several terminal widths.

    python benchmarks/generate.py /tmp/zc-gen1k --facts 1000
    python benchmarks/table_speed.py [--data /tmp/zc-gen1k] [--repeat 5]

A table is what a user at a terminal waits for after the load, and the only output whose cost grows
with the width of the cells rather than their number. Each figure is the best of --repeat runs in CPU
time (time.process_time), the data loaded and the frame built before timing starts; the cache of
cell pieces is emptied before each run, so every cell is cut again as in a fresh process.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zonecmp import commands, tables  # noqa: E402  (a checkout runs uninstalled)
from zonecmp.dataset.cache import load  # noqa: E402
from zonecmp.dataset.loader import data_dirs_from  # noqa: E402
from zonecmp.render import OutputOptions, render  # noqa: E402
from zonecmp.views.select import Filters  # noqa: E402

WIDTHS = (60, 80, 100, 200)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", help="a data directory to add (repeatable)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure; the best is reported (default 5)")
    args = parser.parse_args(argv)
    result = commands.facts(load(data_dirs_from(args.data), use_cache=True), Filters(), "en", labels=True)
    for width in WIDTHS:
        os.environ["COLUMNS"] = str(width)
        times = []
        for _ in range(args.repeat):
            tables.pieces.cache_clear()
            start = time.process_time()
            render(result.frame, OutputOptions(format="table"), title=result.title)
            times.append(time.process_time() - start)
        print(f"{len(result.frame)} facts, COLUMNS={width}: {min(times) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
