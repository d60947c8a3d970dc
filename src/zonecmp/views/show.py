"""One fact in full: its claim, its quote in the sentence around it, and its source."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dataset.evidence import DocumentError, read_document, sentence_around
from ..dataset.loader import Dataset
from ..errors import UsageError, did_you_mean
from ..words import say, word
from .cells import cells, details


def fact_details(dataset: Dataset, fact_id: str, lang: str = "en", *, labels: bool = False) -> pd.DataFrame:
    """One fact as field/value rows: its claim, its quote in context, and its source's metadata; for
    people (`labels`), the fields and the kind named in `lang`, the field names staying the contract
    for scripts."""
    said = lang if labels else "en"
    store = dataset.store
    match = store.rows(np.flatnonzero(store.isin("id", [fact_id])))
    if match.empty:
        raise UsageError(f"no fact has the id {fact_id!r}{did_you_mean(fact_id, store.distinct('id'))}; "
                         "`zonecmp facts` lists the ids")
    fact = match.iloc[0]
    source = dataset.sources[fact["source"]]
    try:
        context = sentence_around(read_document(source), fact["quote"]) or "(the quote is not in the document)"
    except DocumentError as error:
        context = f"({error})"
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
        ("quote", fact["quote"]),
        ("context", context),
        ("note", fact["note"]),
        ("source", f"{source.id}: {source.title}"),
        ("publisher", source.publisher),
        ("published", source.published + (f" (event {source.event_date})" if source.event_date else "")),
        ("document", source.document),
        ("url", source.url),
        ("defined at", f"{fact['file']}:{fact['line']}"),
        ("conflict", word("yes: another source gives a different value", said) if fact["conflict"] else ""),
    ]
    return pd.DataFrame([(word(f, said), v) for f, v in rows if v], columns=["field", "value"])
