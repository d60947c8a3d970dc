"""How much of the curated data `zonecmp extract` finds by itself: recall and precision per document.

    python benchmarks/extract_recall.py                 # the bundled dataset, a markdown table
    python benchmarks/extract_recall.py --data my-data  # add a data directory of your own

For every source, the extractor runs on its document with the source's publication date, exactly as
`zonecmp extract DOCUMENT --published DATE` would. A curated fact with a number is *found* when a
candidate has the same value, unit and comparator (and value_max for a range) and the candidate's
quote overlaps the curated quote in the document, so a number found elsewhere in the text does not
count. Recall is found curated facts over curated numeric facts; precision is candidates that match a
curated fact over all candidates. Text facts (量稳质升) have no number and are not counted. For the
found facts, the metric columns count the candidates that name a metric (the rest are drafted as
`metric: null`) and those whose metric is the curated one: a wrong metric is worse than none.

Honesty note: the extractor has no parameters fitted to these documents, so leaving a document out
changes nothing (leave-one-out equals this table). Its rules describe how Chinese government prose
writes numbers, and tests/test_extract.py fails if any run of six characters from a curated quote
appears in the extractor's source.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zonecmp.api import load  # noqa: E402  (after the path so a checkout runs without installing)
from zonecmp.dataset.evidence import read_document  # noqa: E402
from zonecmp.dataset.loader import bundled_data_dir  # noqa: E402
from zonecmp.extraction.claims import Candidate, find_candidates  # noqa: E402


@dataclass(frozen=True)
class Row:
    group: str          # the data directory the source comes from
    source: str
    document: str
    curated: int
    found: int
    candidates: int
    matching: int
    metric_named: int = 0   # found facts whose candidate names a metric
    metric_right: int = 0   # ... and names the curated one

    @property
    def recall(self) -> float:
        return self.found / self.curated if self.curated else 1.0

    @property
    def precision(self) -> float:
        return self.matching / self.candidates if self.candidates else 1.0

    @property
    def metric_precision(self) -> float:
        return self.metric_right / self.metric_named if self.metric_named else 1.0


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(quote)
    while start >= 0:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans


def _matches(candidate: Candidate, fact: dict, spans: list[tuple[int, int]]) -> bool:
    q = candidate.quantity
    value_max = fact["value_max"] if fact["value_max"] == fact["value_max"] else None   # NaN: no range
    if (q.comparator, q.value, q.value_max, q.unit) != (fact["comparator"], fact["value"], value_max, fact["unit"]):
        return False
    start, end = candidate.quote_start, candidate.quote_start + len(candidate.quote)
    return any(start < b and a < end for a, b in spans)


def measure(*data_dirs: str | Path) -> list[Row]:
    """One row per source that has a document: curated numeric facts found, candidates that match."""
    dataset = load(*data_dirs)
    metrics = list(dataset.metrics.values())
    bundled = bundled_data_dir().resolve()
    rows = []
    for source_id, source in dataset.sources.items():
        text = read_document(source)
        facts = dataset.facts[(dataset.facts["source"] == source_id) & dataset.facts["value"].notna()]
        facts = facts.to_dict("records")
        candidates = find_candidates(text, date.fromisoformat(source.published), metrics)
        spans = {fact["id"]: _spans(text, fact["quote"]) for fact in facts}
        found = [c for c in (next((c for c in candidates if _matches(c, f, spans[f["id"]])), None) for f in facts)
                 if c is not None]
        matching = sum(any(_matches(c, f, spans[f["id"]]) for f in facts) for c in candidates)
        # A candidate's metric is right when it is the metric of a curated fact it matches (one quote
        # may carry two facts: 高新技术企业和科技型中小企业总量均位居全市首位).
        right = {id(c): {f["metric"] for f in facts if _matches(c, f, spans[f["id"]])} for c in found}
        named = [c for c in found if c.metric is not None]
        group = "bundled" if Path(source.data_dir).resolve() == bundled else source.data_dir
        rows.append(Row(group, source_id, Path(source.document).name, len(facts), len(found), len(candidates),
                        matching, len(named), sum(c.metric in right[id(c)] for c in named)))
    return rows


def total(rows: list[Row], name: str = "overall") -> Row:
    return Row(name, f"**{name}**", "", sum(r.curated for r in rows), sum(r.found for r in rows),
               sum(r.candidates for r in rows), sum(r.matching for r in rows), sum(r.metric_named for r in rows),
               sum(r.metric_right for r in rows))


def table(rows: list[Row]) -> str:
    """A markdown table: each source, a subtotal per data directory, and the overall figures."""
    out = ["| source | document | curated | found | recall | candidates | matching | precision | metric named "
           "| metric right | metric precision |",
           "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    groups = list(dict.fromkeys(r.group for r in rows))
    shown: list[Row] = []
    for group in groups:
        members = [r for r in rows if r.group == group]
        shown += members + ([total(members, group)] if len(groups) > 1 else [])
    for row in [*shown, total(rows)]:
        out.append(f"| {row.source} | {row.document} | {row.curated} | {row.found} | {row.recall:.0%} | "
                   f"{row.candidates} | {row.matching} | {row.precision:.0%} | {row.metric_named} | "
                   f"{row.metric_right} | {row.metric_precision:.0%} |")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", action="append", default=[], help="a data directory to add (repeatable)")
    args = parser.parse_args()
    sys.stdout.write(table(measure(*args.data)))


if __name__ == "__main__":
    main()
