"""How many rows of the quantity vector table (tests/vectors/quantities.tsv) `parse_quantity` reads correctly.

    python benchmarks/quantity_vectors.py               # rows read correctly, per category and in total
    python benchmarks/quantity_vectors.py --failures    # and each row read wrongly, with what the parser gave

A row is read correctly when parse_quantity gives its comparator, value, value_max, unit, value_base and
base_unit: numbers agree within a relative tolerance of 1e-9, an empty cell means none (an empty unit or
base unit is the empty string). A row whose comparator is `error` is read correctly when parse_quantity
raises QuantityError. share_of is compared only once Quantity has a share_of field; until then it is
reported as not checked. The table was written to drive issue #12, so today's parser fails many rows.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import math
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zonecmp.dataset.quantities import Quantity, QuantityError, parse_quantity  # noqa: E402  (a checkout runs uninstalled)
from zonecmp.dataset.units import plain_number  # noqa: E402

TABLE = Path(__file__).resolve().parents[1] / "tests" / "vectors" / "quantities.tsv"
NUMBERS = ("value", "value_max", "value_base")
FIELDS = ("comparator", "value", "value_max", "unit", "value_base", "base_unit")
SHARE_CHECKED = "share_of" in {field.name for field in dataclasses.fields(Quantity)}
CHECKED = FIELDS + (("share_of",) if SHARE_CHECKED else ())

Row = dict[str, str]


def load(path: Path) -> list[Row]:
    """The table's rows; quotes are text (“1310”工作体系), not CSV quoting."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def same(field: str, expected: str, got: object) -> bool:
    """Whether a Quantity field matches the table's cell."""
    if field not in NUMBERS:
        return (got or "") == expected
    if not expected or got is None:
        return not expected and got is None
    return math.isclose(float(expected), float(str(got)), rel_tol=1e-9)


def shown(comparator: str, value: object, value_max: object, unit: str, value_base: object, base: str) -> str:
    """A reading in one line: `range 6..7 '%' (6 %)`."""
    def number(x: object) -> str:
        return plain_number(float(str(x))) if x not in (None, "") else ""

    high = f"..{number(value_max)}" if value_max not in (None, "") else ""
    return f"{comparator} {number(value)}{high} {unit!r} ({' '.join(filter(None, (number(value_base), base)))})"


def failure(row: Row) -> str | None:
    """None when parse_quantity reads the row as the table says, else what it gave instead."""
    try:
        got = parse_quantity(row["text"])
    except QuantityError as error:
        return None if row["comparator"] == "error" else f"QuantityError: {error}"
    except Exception as error:  # noqa: BLE001  (any other exception is a failure to report, not a crash)
        return f"{type(error).__name__}: {error}"
    reading = shown(got.comparator, got.value, got.value_max, got.unit, got.value_base, got.base_unit)
    if row["comparator"] == "error":
        return f"read {reading} instead of refusing"
    wrong = [field for field in CHECKED if not same(field, row[field], getattr(got, field))]
    return f"{reading}; wrong {', '.join(wrong)}" if wrong else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list each row read wrongly")
    parser.add_argument("--table", type=Path, default=TABLE, help=f"the vector table (default {TABLE})")
    args = parser.parse_args(argv)
    rows = load(args.table)
    results = [(row, failure(row)) for row in rows]
    total, passed = Counter(row["category"] for row in rows), Counter(r["category"] for r, f in results if f is None)
    width = max(map(len, total))
    for name, good, count in [*((c, passed[c], total[c]) for c in total), ("total", sum(passed.values()), len(rows))]:
        print(f"{name:<{width}}  {good:>4} / {count:<4} {good / count:6.1%}")
    if not SHARE_CHECKED:
        shares = sum(bool(row["share_of"]) for row in rows)
        print(f"share_of not checked: Quantity has no share_of field ({shares} rows give one)")
    if args.failures:
        for row, why in results:
            if why is not None:
                expected = "error" if row["comparator"] == "error" else shown(
                    row["comparator"], row["value"], row["value_max"], row["unit"], row["value_base"], row["base_unit"])
                print(f"\n{row['category']}\t{row['text']}\n  expected {expected}\n  got      {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
