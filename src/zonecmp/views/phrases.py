"""Tracked phrases: how often each kept document uses the words of current policy, and since when.

A document is a source's document, dated by the year its source was published (the year the words
were said in public: a new-year message of 2023-12-31 is a 2023 text) and standing for every zone
its source lists. Phrases are matched in the document's simplified text (extraction.pages.simplified,
which maps one character to one), so a traditional page counts too, and the offsets of a hit are
offsets into the text as written: its sentence is cut from that text. Counts are str.count's:
non-overlapping occurrences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..dataset.evidence import DocumentError, read_document, sentence_at
from ..dataset.loader import Dataset, bundled_data_dir
from ..dataset.yamlfile import load_yaml
from ..errors import UsageError
from ..extraction.pages import simplified
from .select import Filters, check_year, zone_ids

PUBLISHED_YEAR = re.compile(r"[0-9]{4}(?=-|$)")
BY = ("document", "phrase", "zone", "year")
DOCUMENT_COLUMNS = ("source", "zones", "year", "phrase", "gloss", "count")
HIT_COLUMNS = ("source", "zones", "year", "phrase", "offset", "sentence")
PHRASE_COLUMNS = ("phrase", "gloss", "count", "documents", "first_year", "first_source")


@dataclass(frozen=True)
class Phrase:
    """A phrase to count, as the list or the user writes it, and its English gloss (may be '')."""

    text: str
    gloss: str = ""


@dataclass(frozen=True)
class Document:
    """A kept document as phrases are counted in it: its text as written and simplified."""

    source: str
    zones: tuple[str, ...]
    year: int
    text: str
    matched: str  # simplified(text), the same length

    def hits(self, phrase: Phrase) -> list[int]:
        """The offsets of the phrase's non-overlapping occurrences (as many as str.count finds)."""
        wanted, found, start = simplified(phrase.text), [], 0
        while (start := self.matched.find(wanted, start)) >= 0:
            found.append(start)
            start += len(wanted)
        return found


def bundled_phrases() -> tuple[Phrase, ...]:
    """The tracked phrases shipped in data/phrases.yaml."""
    records = load_yaml(bundled_data_dir() / "phrases.yaml")["phrases"]
    return tuple(Phrase(str(r["phrase"]), str(r["gloss"])) for r in records)


def chosen_phrases(own: Sequence[str]) -> tuple[Phrase, ...]:
    """The user's phrases, if any, instead of the bundled list (a phrase of it keeps its gloss)."""
    bundled = bundled_phrases()
    if not own:
        return bundled
    glosses = {simplified(p.text): p.gloss for p in bundled}
    texts = list(dict.fromkeys(text.strip() for text in own))
    if "" in texts:
        raise UsageError("--phrase: give the words to count, like --phrase 新质生产力")
    return tuple(Phrase(text, glosses.get(simplified(text), "")) for text in texts)


def documents(dataset: Dataset, filters: Filters) -> tuple[list[Document], list[str]]:
    """The documents of the sources that list a --zone and were published in a --year, oldest first,
    and a warning for each that cannot be read (it is left out, not the whole run)."""
    for year in filters.years:
        check_year(year)
    zones = set(zone_ids(dataset, filters.zones))
    kept, warnings = [], []
    for source in sorted(dataset.sources.values(), key=lambda s: (s.published, s.id)):
        dated = PUBLISHED_YEAR.match(source.published)
        if dated is None:  # the loader takes any text; `check` is where a curator learns of it
            warnings.append(f"Warning: {source.path}: published {source.published!r} is not a date like "
                            "\"2024-02-07\"; its phrases are not counted")
            continue
        year = int(dated.group())
        if (filters.years and year not in filters.years) or (zones and not zones.intersection(source.zones)):
            continue
        try:
            text = read_document(source)
        except DocumentError as error:
            warnings.append(f"Warning: {source.path}: {error}; its phrases are not counted")
            continue
        kept.append(Document(source.id, source.zones, year, text, simplified(text)))
    return kept, warnings


def _zones_text(dataset: Dataset, zones: Sequence[str], lang: str, labels: bool) -> str:
    return ", ".join(dataset.zones[z].label(lang) if labels else z for z in zones)


def per_document(dataset: Dataset, docs: Sequence[Document], phrases: Sequence[Phrase], lang: str = "en", *,
                 labels: bool = False) -> pd.DataFrame:
    """One row per document and phrase it uses, with the count (phrases it never uses have no row)."""
    rows = [(d.source, _zones_text(dataset, d.zones, lang, labels), d.year, p.text, p.gloss, len(found))
            for d in docs for p in phrases if (found := d.hits(p))]
    return pd.DataFrame(rows, columns=list(DOCUMENT_COLUMNS)).astype({"year": "int64", "count": "int64"})


def per_hit(dataset: Dataset, docs: Sequence[Document], phrases: Sequence[Phrase], lang: str = "en", *,
            labels: bool = False) -> pd.DataFrame:
    """One row per occurrence: where it is (`offset`, in characters) and its sentence as written."""
    rows = [(d.source, _zones_text(dataset, d.zones, lang, labels), d.year, p.text, start,
             sentence_at(d.text, start, start + len(p.text)))
            for d in docs for p in phrases for start in d.hits(p)]
    return pd.DataFrame(rows, columns=list(HIT_COLUMNS)).astype({"year": "int64", "offset": "int64"})


def per_phrase(docs: Sequence[Document], phrases: Sequence[Phrase]) -> pd.DataFrame:
    """One row per phrase: its count in all the documents, how many use it, and the first to (the
    earliest published; its year and source id), empty for a phrase none uses."""
    rows = []
    for phrase in phrases:
        counts = [(d, len(d.hits(phrase))) for d in docs]
        using = [d for d, count in counts if count]
        first = using[0] if using else None  # docs are oldest first
        rows.append((phrase.text, phrase.gloss, sum(c for _, c in counts), len(using),
                     first.year if first else None, first.source if first else ""))
    return pd.DataFrame(rows, columns=list(PHRASE_COLUMNS)).astype(
        {"count": "int64", "documents": "int64", "first_year": "float64"})  # no first use: NaN, an empty cell


def side_by_side(dataset: Dataset, docs: Sequence[Document], phrases: Sequence[Phrase], by: str,
                 filters: Filters = Filters(), lang: str = "en", *, labels: bool = False) -> pd.DataFrame:
    """Phrases × zones (a document counts for every zone its source lists; named zones in the order
    named, else as the registry lists them) or × years, each cell a count; every phrase has a row."""
    if by == "year":
        columns = {year: str(year) for year in sorted({d.year for d in docs})}
        keys = [(d, (d.year,)) for d in docs]
    else:
        present = {z for d in docs for z in d.zones}
        order = zone_ids(dataset, filters.zones) or [z for z in dataset.zones if z in present]
        columns = {z: dataset.zones[z].label(lang) if labels else z for z in order if z in present}
        keys = [(d, d.zones) for d in docs]
    table = []
    for phrase in phrases:
        counts = dict.fromkeys(columns, 0)
        for doc, where in keys:
            found = len(doc.hits(phrase))
            for key in where:
                if key in counts:
                    counts[key] += found
        table.append([phrase.text, phrase.gloss, *counts.values()])
    frame = pd.DataFrame(table, columns=["phrase", "gloss", *columns.values()])
    return frame.astype({name: "int64" for name in columns.values()})


CHART_COLUMNS = ("label", "value", "value_base", "bar", "note")  # what views.chart.draw reads


def chart_data(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """The bars of a phrase table, for views.chart.draw: one per phrase (its total, `--by phrase`),
    or for one phrase one per zone or year; `bar` is a share of the longest, as in `zonecmp chart`."""
    if by == "phrase":
        labels, counts = frame["phrase"].tolist(), frame["count"].tolist()
    elif by in ("zone", "year") and len(frame) == 1:
        labels, counts = list(frame.columns[2:]), frame.iloc[0, 2:].tolist()
    else:
        raise UsageError("--chart draws --by phrase (a bar per phrase), or one --phrase --by zone or --by year")
    longest = max(counts, default=0) or 1
    return pd.DataFrame({"label": labels, "value": [str(c) for c in counts], "value_base": counts,
                         "bar": [round(c / longest, 4) for c in counts], "note": ""}, columns=list(CHART_COLUMNS))


def title(by: str, phrases: Sequence[Phrase], filters: Filters, *, sentences: bool) -> str:
    """What the table counts, and in which documents."""
    what = {"document": "per document", "phrase": "per phrase, with the first document to use it",
            "zone": "per zone", "year": "per year of publication"}[by]
    named = f"{phrases[0].text}" if len(phrases) == 1 else f"Tracked phrases ({len(phrases)})"
    return f"{named}{' and their sentences' if sentences else ' ' + what}, {filters.when()}"


def check_by(by: str, *, sentences: bool) -> str:
    """The --by form, if it is one and goes with --show (a sentence is per document)."""
    if by not in BY:
        raise UsageError(f"unknown --by {by!r}; use one of {', '.join(BY)}")
    if sentences and by != "document":
        raise UsageError("--show lists each occurrence of a phrase in its document; leave out --by")
    return by
