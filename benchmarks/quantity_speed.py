"""How long `find_quantities` takes over every quote (and every document) of a generated dataset.

    python benchmarks/generate.py /tmp/zc-gen100k --facts 100000
    python benchmarks/quantity_speed.py /tmp/zc-gen100k [--repeat 5]

`check` parses every distinct quote and the extractor every clause of a document, so the parser's
speed is what these two commands spend beyond loading. Each figure is the best of --repeat runs in
CPU time (time.process_time), which other work on a shared machine inflates less than wall time.
Quotes are read with yaml.safe_load before timing starts; the timing covers only the parser.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zonecmp.dataset.quantities import find_quantities  # noqa: E402  (a checkout runs uninstalled)


def quotes(data: Path) -> list[str]:
    """Every fact's quote in the data directory's source files, in file order."""
    found = []
    for path in sorted((data / "sources").glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.extend(str(fact["quote"]) for fact in document.get("facts", []) if fact.get("quote"))
    return found


def best(run: Callable[[], int], repeat: int) -> tuple[float, int]:
    """The least CPU time of `repeat` runs, and what the run counted."""
    times, count = [], 0
    for _ in range(repeat):
        start = time.process_time()
        count = run()
        times.append(time.process_time() - start)
    return min(times), count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="a data directory written by benchmarks/generate.py")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure; the best is reported (default 5)")
    args = parser.parse_args(argv)
    texts = quotes(args.data)
    documents = [p.read_text(encoding="utf-8") for p in sorted((args.data / "documents").glob("*.txt"))]
    for name, items in (("quotes", texts), ("documents", documents)):
        seconds, count = best(lambda items=items: sum(len(find_quantities(t)) for t in items), args.repeat)
        size = sum(map(len, items))
        print(f"{name:<9} {len(items):>7} texts {size:>9} chars  {seconds:7.3f} s CPU  {count:>7} quantities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
