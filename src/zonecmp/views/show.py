"""One fact in full: its claim, its quote in the sentence around it, and its source; or so a
not-stated record (model.NotStated), with the sentence that shows it where there is one."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dataset.evidence import DocumentError, read_document, sentence_around
from ..dataset.loader import Dataset
from ..dataset.model import NotStated, Source
from ..errors import UsageError, did_you_mean
from ..words import say, word
from .cells import NOT_STATED, cells, details


def fact_details(dataset: Dataset, fact_id: str, lang: str = "en", *, labels: bool = False) -> pd.DataFrame:
    """One fact as field/value rows: its claim, its quote in context, and its source's metadata; for
    people (`labels`), the fields and the kind named in `lang`, the field names staying the contract
    for scripts."""
    said = lang if labels else "en"
    store = dataset.store
    match = store.rows(np.flatnonzero(store.isin("id", [fact_id])))
    silent = [record for record in dataset.not_stated if record.id == fact_id]
    if silent:
        rows = _not_stated_rows(dataset, silent[0], lang, said)
        return pd.DataFrame([(word(f, said), v) for f, v in rows if v], columns=["field", "value"])
    if match.empty:
        known = [*store.distinct("id"), *(record.id for record in dataset.not_stated)]
        raise UsageError(f"no fact has the id {fact_id!r}{did_you_mean(fact_id, known)}; "
                         "`zonecmp facts` lists the ids")
    fact = match.iloc[0]
    source = dataset.sources[fact["source"]]
    zone, metric = dataset.zones[fact["zone"]], dataset.metrics[fact["metric"]]
    rows = [
        ("id", fact_id),
        ("zone", f"{zone.id} · {zone.name} · {zone.name_en}"),
        ("metric", f"{metric.id} · {metric.name} · {metric.name_en}"),
        ("period", fact["period"]),
        ("kind", say("{kind} (estimate)", said, kind=word(fact["kind"], said)) if fact["estimate"]
         else word(fact["kind"], said)),
        ("tier", fact["tier"]),
        ("stated", cells(match, lang).iloc[0]),
        ("value_base", "" if pd.isna(fact["value_base"]) else f"{fact['value_base']:g} {fact['base_unit']}"),
        ("detail", details(match, lang, with_period=False).iloc[0]),
        *_evidence_rows(source, fact["quote"], fact["note"], f"{fact['file']}:{fact['line']}"),
        ("conflict", word("yes: another source gives a different value", said) if fact["conflict"] else ""),
    ]
    return pd.DataFrame([(word(f, said), v) for f, v in rows if v], columns=["field", "value"])


def _not_stated_rows(dataset: Dataset, record: NotStated, lang: str, said: str) -> list[tuple[str, str]]:
    """A not-stated record's fields, as a fact's: stated reads `not stated`, and its quote, where it
    has one, is shown in its sentence."""
    zone, metric = dataset.zones[record.zone], dataset.metrics[record.metric]
    return [
        ("id", record.id),
        ("zone", f"{zone.id} · {zone.name} · {zone.name_en}"),
        ("metric", f"{metric.id} · {metric.name} · {metric.name_en}"),
        ("period", record.period),
        ("kind", word(record.kind, said)),
        ("stated", word(NOT_STATED, lang)),
        *_evidence_rows(dataset.sources[record.source], record.quote, record.note, f"{record.file}:{record.line}"),
    ]


def _evidence_rows(source: Source, quote: str, note: str, defined_at: str) -> list[tuple[str, str]]:
    """The quote in the sentence around it, the note, and the source's metadata (no quote: no context)."""
    context = ""
    if quote:
        try:
            context = sentence_around(read_document(source), quote) or "(the quote is not in the document)"
        except DocumentError as error:
            context = f"({error})"
    return [
        ("quote", quote),
        ("context", context),
        ("note", note),
        ("source", f"{source.id}: {source.title}"),
        ("publisher", source.publisher),
        ("published", source.published + (f" (event {source.event_date})" if source.event_date else "")),
        ("document", source.document),
        ("url", source.url),
        ("defined at", defined_at),
    ]
