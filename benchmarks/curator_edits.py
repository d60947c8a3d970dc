"""How many fields a curator edits to turn `zonecmp extract`'s draft into the curated source file.

    python benchmarks/curator_edits.py                          # this checkout: bundled, held-out and users' pages
    python benchmarks/curator_edits.py --checkout ../old-tree   # the same pages through another checkout

For every curated source, the draft is what a new user gets from the command line:
`zonecmp extract DOCUMENT --published DATE --data DIR`, with no --zone, where DIR holds only the
data directory's zones.yaml and metrics.yaml (the registries a user has set up, not the curated facts;
without the fields extraction does not read, so that an older checkout loads them).
It runs through the CLI of the checkout given, so an older version is measured the same way.

The edits counted, as a curator makes them:
- each source field (title, publisher, published, zones) the draft gets wrong or leaves null: one edit;
- each of the three defaults (zone, period, kind) the curator changes, when changing the draft's
  defaults to the curated ones costs fewer edits than keeping them (either gives the same facts);
- each drafted fact that matches a curated one (the same value and unit, a quote that overlaps the
  curated quote in the document), under the defaults kept: one edit per wrong field among zone,
  period, kind, metric, comparator, value, value_max, unit, estimate and share_of;
- each drafted fact that matches none: one edit (delete it);
- each curated fact no draft matches: one edit per field the curator writes for it, id included;
- a page extract refuses: every field of the source, its defaults and its facts.
A wrong field is worse than a null one: the draft's TODO comments point at every null, while a wrong
value looks right until someone compares it with the page. The `silent` column counts those.
Quotes are not counted: a draft's quote is verbatim and `check` verifies it reads the fact's number,
so a longer or shorter quote than the curator's needs no edit. Fact ids are not counted either.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "extract"
PAGES = (ROOT / "data", FIXTURES / "heldout", FIXTURES / "users")
# users/documents/ holds the text of pages as users bring them (Big5, UTF-16, HTML ...): the draft is
# made from the page itself, as a user would, and compared with the curated text.
ORIGINALS = {FIXTURES / "users": FIXTURES / "pages"}
SOURCE_FIELDS = ("title", "publisher", "published", "zones")
DEFAULT_FIELDS = ("zone", "period", "kind")
FACT_FIELDS = ("zone", "period", "kind", "metric", "comparator", "value", "value_max", "unit", "estimate",
               "share_of")
FIELD_DEFAULTS = {"comparator": "=", "estimate": False}
NEWER_FIELDS = {"direction"}  # registry fields an older checkout refuses and extraction does not read


@dataclass(frozen=True)
class Row:
    document: str
    curated: int
    drafted: int
    matched: int
    field_edits: int     # wrong fields of matched facts
    deleted: int         # drafted facts matching no curated fact
    added_fields: int    # fields written for curated facts no draft matched
    source_edits: int    # source fields and defaults
    silent: int          # of the wrong fields, those the draft fills in rather than leaving null

    @property
    def total(self) -> int:
        return self.field_edits + self.deleted + self.added_fields + self.source_edits


def draft_of(checkout: Path, document: Path, published: str, registries: Path) -> dict | None:
    """The draft the checkout's `zonecmp extract` writes for the document, read as YAML; None when
    it refuses the page (exit 2): the curator then writes every field by hand."""
    env = {**os.environ, "PYTHONPATH": str(checkout / "src"), "ZONECMP_CACHE_DIR": str(registries / ".cache")}
    done = subprocess.run([sys.executable, "-c", "from zonecmp.cli import main; main()", "extract", str(document),
                           "--published", published, "--data", str(registries)],
                          capture_output=True, text=True, encoding="utf-8", env=env, check=False)
    if done.returncode == 2:
        return None
    if done.returncode != 0:
        raise SystemExit(f"extract failed on {document}: {done.stderr.strip()}")
    return yaml.safe_load(done.stdout)


def effective(fact: dict, defaults: dict) -> dict:
    """A fact's fields as the loader reads them: its own, else the defaults, else the field's default."""
    return {k: fact.get(k, defaults.get(k, FIELD_DEFAULTS.get(k))) for k in FACT_FIELDS}


def spans(text: str, quote: str) -> list[tuple[int, int]]:
    out, start = [], text.find(quote)
    while quote and start >= 0:
        out.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return out


def overlaps(text: str, a: str, b: str) -> bool:
    return any(s < f and t < e for s, e in spans(text, a) for t, f in spans(text, b))


def compare(curated: dict, draft: dict, text: str, document: str) -> Row:
    """The edits from the draft to the curated source (see the module docstring): the fewer of keeping
    the draft's defaults and changing them to the curated ones, since either gives the same facts."""
    source, wanted = draft.get("source") or {}, curated["source"]
    wrong = [source.get(k) for k in SOURCE_FIELDS if _normal(source.get(k)) != _normal(wanted.get(k))]
    drafted_defaults, defaults = draft.get("defaults") or {}, curated.get("defaults") or {}
    changed = [drafted_defaults.get(k) for k in DEFAULT_FIELDS if drafted_defaults.get(k) != defaults.get(k)]
    kept = _fact_edits(curated.get("facts") or [], draft.get("facts") or [], text, defaults, drafted_defaults)
    switched = _fact_edits(curated.get("facts") or [], draft.get("facts") or [], text, defaults, defaults)
    if len(changed) + switched.total < kept.total:
        wrong, facts = wrong + changed, switched
    else:
        facts = kept
    silent = sum(value is not None for value in wrong) + facts.silent
    return Row(document, len(curated.get("facts") or []), len(draft.get("facts") or []), facts.matched,
               facts.field_edits, facts.deleted, facts.added_fields, len(wrong), silent)


def _fact_edits(facts: list[dict], drafts: list[dict], text: str, defaults: dict, drafted_defaults: dict) -> Row:
    """The fact edits when the draft's facts read `drafted_defaults` (as a Row without source edits)."""
    unmatched = list(range(len(drafts)))
    field_edits = added = matched = silent = 0
    for fact in facts:
        want = effective(fact, defaults)
        found = next((i for i in unmatched if effective(drafts[i], drafted_defaults)["value"] == want["value"]
                      and effective(drafts[i], drafted_defaults)["unit"] == want["unit"]
                      and overlaps(text, drafts[i].get("quote", ""), fact["quote"])), None)
        if found is None:
            added += len(fact)
            continue
        unmatched.remove(found)
        matched += 1
        got = effective(drafts[found], drafted_defaults)
        wrong = [got[k] for k in FACT_FIELDS if _normal(got[k]) != _normal(want[k])]
        field_edits += len(wrong)
        silent += sum(value is not None for value in wrong)
    return Row("", len(facts), len(drafts), matched, field_edits, len(unmatched), added, 0, silent)


def _normal(value: object) -> object:
    """Values as YAML may spell them alike: 6 and 6.0, "2024" and 2024, a list in any order."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        return sorted(map(str, value))
    return str(value)


def _original(document: Path, originals: Path | None) -> Path:
    """The page a stored document was read from, when the directory keeps the originals apart."""
    found = sorted(originals.glob(document.stem + ".*")) if originals else []
    return found[0] if found else document


def measure(checkout: Path, directories: tuple[Path, ...] = PAGES) -> list[Row]:
    rows = []
    for directory in directories:
        with tempfile.TemporaryDirectory() as scratch:
            registries = Path(scratch)
            for name in ("zones.yaml", "metrics.yaml"):
                if (directory / name).exists() and directory != ROOT / "data":
                    records = [{k: v for k, v in record.items() if k not in NEWER_FIELDS}
                               for record in yaml.safe_load((directory / name).read_text(encoding="utf-8"))]
                    (registries / name).write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
            for path in sorted((directory / "sources").glob("*.yaml")):
                curated = yaml.safe_load(path.read_text(encoding="utf-8"))
                document = directory / curated["source"]["document"]
                page = _original(document, ORIGINALS.get(directory))
                draft = draft_of(checkout, page, str(curated["source"]["published"]), registries)
                text = document.read_text(encoding="utf-8")
                name = path.stem if draft is not None else f"{path.stem} (refused)"
                rows.append(compare(curated, draft or {}, text, name))
    return rows


def table(rows: list[Row]) -> str:
    head = ("| source | curated | drafted | matched | wrong fields | deleted | fields added | source edits "
            "| edits | wrong, not null |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    lines = [head] + [f"| {r.document} | {r.curated} | {r.drafted} | {r.matched} | {r.field_edits} | {r.deleted} "
                      f"| {r.added_fields} | {r.source_edits} | {r.total} | {r.silent} |" for r in rows]
    total = [sum(getattr(r, k) for r in rows) for k in ("curated", "drafted", "matched", "field_edits", "deleted",
                                                        "added_fields", "source_edits", "total", "silent")]
    lines.append("| **all** | " + " | ".join(map(str, total)) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the source tree whose zonecmp drafts")
    args = parser.parse_args()
    print(table(measure(args.checkout.resolve())))


if __name__ == "__main__":
    main()
