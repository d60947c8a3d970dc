"""`zonecmp extract`: read a raw page, draft its source file, and with --into store both as evidence.

The draft is never written over a file, and a data directory's own metrics and zones (which may be
unfinished drafts) are read with the loader's checks, leniently: what cannot be read is not counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..dataset.loader import lenient_registry
from ..dataset.model import Metric, Zone
from ..errors import UsageError
from .draft import Draft, draft_source
from .pages import RawDocument, read_raw_document

if TYPE_CHECKING:
    from ..dataset.loader import Dataset


def local_registry(directory: Path) -> tuple[list[Metric], list[Zone], set[str]]:
    """The metrics, zones and ids already in a data directory: drafts there may be unfinished, so
    the registries are read leniently (loader.lenient_registry) and ids are found by their lines."""
    metrics, zones = lenient_registry(directory)
    ids = {path.stem for path in (directory / "sources").glob("*.yaml")}
    for path in (directory / "sources").glob("*.yaml"):
        try:
            ids.update(re.findall(r"^\s*-?\s*id:\s*(\S+)", path.read_text(encoding="utf-8-sig"), re.MULTILINE))
        except (OSError, UnicodeDecodeError):
            continue
    return metrics, zones, ids


def write_into(directory: Path, doc: RawDocument, draft: Draft) -> tuple[Path, Path]:
    """Store the document in DIR/documents/ and the draft in DIR/sources/<id>.yaml; never overwrite."""
    stored = directory / "documents" / doc.stored_name
    source = directory / "sources" / f"{draft.source_id}.yaml"
    for path in (stored, source):
        if path.exists():
            raise UsageError(f"{path} already exists; extract never overwrites a file: remove it, or rename "
                             "the document you extract")
    try:
        for path, data in ((stored, doc.stored_bytes()), (source, draft.text.encode("utf-8"))):
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as handle:
                handle.write(data)
    except OSError as error:
        raise UsageError(f"cannot write into {directory}: {error.strerror or error}") from None
    return stored, source


@dataclass(frozen=True)
class Extraction:
    """What `zonecmp extract` did: the draft, the document as read, and the files written (with --into)."""

    draft: Draft
    document: RawDocument
    written: tuple[Path, ...]


def extract_document(path: Path, *, zone: str | None = None, published: str | None = None,
                     dataset: Dataset | None = None, into: Path | None = None) -> Extraction:
    """Read a raw document and draft its source file; with `into`, store both in that data directory."""
    when = None
    if published is not None:
        try:
            when = date.fromisoformat(published)
        except ValueError:
            raise UsageError(f"--published: {published!r} is not a date; write it as YYYY-MM-DD") from None
    doc = read_raw_document(Path(path))
    metrics = dict(dataset.metrics) if dataset else {}
    zones = dict(dataset.zones) if dataset else {}
    records = (*dataset.incomplete, *dataset.not_stated) if dataset else ()
    taken = set(dataset.sources) | set(dataset.facts["id"]) | {r.id for r in records} if dataset else set()
    if into is not None:
        local_metrics, local_zones, local_ids = local_registry(Path(into))
        _merge(metrics, local_metrics)
        _merge(zones, local_zones)
        taken |= local_ids
    draft = draft_source(doc, zone=zone, published=when, metrics=metrics.values(), zones=zones.values(),
                         taken_ids=taken)
    written = write_into(Path(into), doc, draft) if into is not None else ()
    return Extraction(draft, doc, written)


def _merge(known: dict[str, Any], local: list[Any]) -> None:
    """Add the --into directory's own zones or metrics: a new id, or one that redefines a reference
    record (as the loader lets it); a record the other data directories define stays theirs."""
    for record in local:
        if record.id not in known or known[record.id].reference:
            known[record.id] = record


def report_lines(done: Extraction, into: Path | None) -> list[str]:
    """What `zonecmp extract` tells the user on stderr: warnings, files written, what to do next."""
    out = [f"Warning: {warning}" for warning in done.draft.warnings]
    note = done.document.conversion_note() if done.document.converted else ""
    if into is None:
        if note:
            out.append(f"Warning: the quotes are cut from the converted text ({note}); store that text as the "
                       "evidence: use --into DIR")
        return out
    stored, source = done.written
    out.append(f"Wrote {stored}" + (f" ({note})" if note else ""))
    out.append(f"Wrote {source}: {len(done.draft.candidates)} candidate facts, {done.draft.nulls} nulls to fill. "
               f"Review it, then run: zonecmp check --data {into}")
    return out
