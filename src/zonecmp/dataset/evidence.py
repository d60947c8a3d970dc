"""Evidence: the documents behind the facts, and the checks that every number is traceable.

`check_dataset` verifies each fact against its document: the quote is there verbatim, and the
quantity in the quote is the recorded value, unit and comparator. It also lists claims that two
sources make differently, zones or metrics that nothing uses, and claims the source or quote
contradicts (a zone the source is not about, a result before its period, a tier worded the other way).
A not-stated record's quote, where it has one, must be in its document as a fact's must.

A source's document path must stay inside its data directory, after symlinks are followed: a data
directory received from someone else must not make zonecmp read files elsewhere on the machine.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from .model import CLAIM_KEY, COMPARATORS, Fact, NotStated, Source, facts_of
from .periods import parse_period
from .units import display_quantity

if TYPE_CHECKING:
    import pandas as pd

    from .loader import Dataset
    from .quantities import Quantity

SENTENCE_END = re.compile(r"[。！？!?\n]")


class DocumentError(ValueError):
    """A source's document cannot be used as evidence; the message says why and how to fix it."""


def document_path(source: Source) -> Path:
    """The resolved path of a source's document, refused when it leaves the data directory."""
    root = Path(source.data_dir).resolve()
    path = (root / source.document).resolve()
    if not path.is_relative_to(root):
        raise DocumentError(f"document {source.document!r} resolves outside the data directory {root}; "
                            "keep documents under documents/ in the data directory")
    if not path.is_file():
        raise DocumentError(f"document {source.document!r} does not exist; "
                            f"copy the document text to {root / source.document}")
    return path


def read_document(source: Source) -> str:
    """The document's text as UTF-8 (a byte-order mark is dropped; CRLF line ends are kept)."""
    try:
        return document_path(source).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(f"document {source.document!r} is not UTF-8 (bad byte at offset {error.start}); "
                            "convert it with `zonecmp extract --into`, which stores UTF-8") from None
    except OSError as error:
        raise DocumentError(f"cannot read document {source.document!r}: {error.strerror or error}") from None


def sentence_around(text: str, quote: str) -> str:
    """The sentence (between sentence-ending marks) that contains the quote, or '' if it is absent."""
    start = text.find(quote)
    return sentence_at(text, start, start + len(quote)) if start >= 0 else ""


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence (between sentence-ending marks and line ends) that holds text[start:end]."""
    before = [m.end() for m in SENTENCE_END.finditer(text, 0, start)]
    after = SENTENCE_END.search(text, end)
    return text[(before[-1] if before else 0):(after.end() if after else len(text))].strip()


def closest_passage(text: str, quote: str) -> str:
    """The passage of the document most like a quote that is not in it, to show the curator the typo."""
    size = len(quote)
    if not text or not size:
        return ""
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    best, best_ratio = "", 0.0
    for start in range(0, max(1, len(text) - size + 1)):
        window = text[start:start + size]
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() > best_ratio and matcher.quick_ratio() > best_ratio:
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = window, ratio
    return best if best_ratio >= 0.5 else ""


def _stated(comparator: str, value: float, value_max: float | None, unit: str) -> str:
    return display_quantity(comparator, value, value_max, unit)


def _number_finding(fact: Fact) -> tuple[str, str] | None:
    """(code, message) when the quote does not carry the recorded number, unit and comparator."""
    recorded = (fact.comparator, fact.value, fact.value_max, fact.unit)
    found = _quantities_in(fact.quote)
    same_number = [q for q in found if q.unit == fact.unit and _same_value(q.value, fact.value)
                   and _same_value(q.value_max, fact.value_max)]
    if any(q.comparator == fact.comparator for q in same_number):
        return None
    wanted = _stated(*recorded)
    if same_number:
        q = same_number[0]
        return ("comparator-mismatch", f"the quote says {_stated(q.comparator, q.value, q.value_max, q.unit)} "
                f"(comparator {q.comparator}) but the fact records {wanted}; set comparator: \"{q.comparator}\"")
    same_base = [q for q in found if q.value_base == fact.value_base and q.base_unit == fact.base_unit]
    if same_base:
        q = same_base[0]
        return ("unit-mismatch", f"the quote writes {q.value:g} {q.unit}; record the value as written "
                                 f"(value: {q.value:g}, unit: {q.unit}) instead of {wanted}")
    if not found:
        return ("number-missing", f"the quote carries no quantity; it must contain the number {wanted} as written")
    said = ", ".join(_stated(q.comparator, q.value, q.value_max, q.unit) for q in found)
    return ("number-mismatch", f"the quote says {said} but the fact records {wanted}")


def _same_value(quoted: float | None, recorded: float | None) -> bool:
    """Whether a recorded value is the quote's: the same number, or a fraction that does not end (三分之一 is
    33.3333333333333 %) recorded rounded to two or more decimals (33.33, 33.333), as a curator writes it."""
    if quoted is None or recorded is None or quoted == recorded:
        return quoted == recorded
    from .quantities import rounded_by_parser

    written = Decimal(repr(float(recorded)))
    decimals = -int(written.as_tuple().exponent)
    return decimals >= 2 and rounded_by_parser(quoted) and round(Decimal(repr(quoted)), decimals) == written


@functools.lru_cache(maxsize=1 << 16)
def _quantities_in(quote: str) -> tuple[Quantity, ...]:
    """The quantities a quote states, parsed once per distinct quote: many facts share a sentence
    (分别增长8.2%、15.7%), and reports repeat the same phrases from zone to zone and year to year.
    The parser is imported here, by check only: `show` reads documents without it."""
    from .quantities import find_quantities

    return tuple(q for _, _, q in find_quantities(quote))


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _check_source(source: Source, facts: list[Fact]) -> Iterator[Problem]:
    """Each fact's quote in the source's document, and the quote's number against the fact's."""
    if not source.document:  # a draft's source without one: the loading problem says so
        return
    try:
        text = read_document(source)
    except DocumentError as error:
        yield Problem(source.path, source.line, source.id, str(error), code="document")
        return
    for fact in facts:
        where = (source.path, fact.line, fact.id)
        quote = fact.quote
        if not quote:  # an incomplete fact without one: the loading problem says so
            continue
        if quote not in text:
            yield _quote_missing(source, text, quote, where)
            continue
        if fact.text:
            if fact.text not in quote:
                yield Problem(*where, f"the text {fact.text!r} is not in the quote", code="text-missing")
            continue
        problem = _number_finding(fact) if _readable(fact) else None
        if problem:
            code, message = problem
            yield Problem(*where, message, code=code)
        yield from _claim_findings(source, fact)


def _quote_missing(source: Source, text: str, quote: str, where: tuple[str, int, str]) -> Problem:
    """The problem of a quote that is not in its document, with the passage most like it."""
    passage = closest_passage(text, quote)
    hint = f"; the closest passage is {passage!r}" if passage else ""
    return Problem(*where, f"the quote {quote!r} is not in {source.document}{hint}", code="quote-missing")


def _check_not_stated(source: Source, records: list[NotStated], *, document_checked: bool) -> Iterator[Problem]:
    """Each not-stated record's quote in its source's document; a document that cannot be read is
    reported once, here only when no fact of the source has reported it (document_checked)."""
    try:
        text = read_document(source)
    except DocumentError as error:
        if not document_checked:
            yield Problem(source.path, source.line, source.id, str(error), code="document")
        return
    for record in records:
        if record.quote not in text:
            yield _quote_missing(source, text, record.quote, (source.path, record.line, record.id))


_TIER_WORDS = {"floor": "确保", "stretch": "力争"}


def _readable(fact: Fact) -> bool:
    """Whether a fact's number can be stated, to compare with its quote's: an incomplete fact (a draft's)
    may lack a value or unit, or carry a comparator the loader refused (its problem says so)."""
    return (fact.value is not None and bool(fact.unit) and fact.comparator in COMPARATORS
            and (fact.comparator != "range" or fact.value_max is not None))


def _claim_findings(source: Source, fact: Fact) -> Iterator[Problem]:
    """Warnings for what a fact claims beyond its number, where its source or quote says otherwise:
    a zone the source is not about, a result for a period that had not begun when the source was
    published, a tier whose word (确保, 力争) the quote does not carry while it carries the other's. (A
    result for a year still running is common and right: so far, or an event of that year.)"""
    where = (source.path, fact.line, fact.id)
    if source.zones and fact.zone and fact.zone not in source.zones:
        yield Problem(*where, f"zone {fact.zone!r} is not one of the source's zones ({', '.join(source.zones)}); "
                      "add it to source.zones or fix the fact's zone", severity="warning", code="zone-not-in-source")
    if fact.kind == "actual" and fact.period and _not_begun(fact.period, source.published):
        yield Problem(*where, f"an actual for {fact.period}, which had not begun when the source was published "
                      f"({source.published}); is it a target?", severity="warning", code="actual-before-period")
    other = {"floor": "stretch", "stretch": "floor"}.get(fact.tier)
    if other and _TIER_WORDS[fact.tier] not in fact.quote and _TIER_WORDS[other] in fact.quote:
        yield Problem(*where, f"tier {fact.tier} but the quote says {_TIER_WORDS[other]}, the {other} level; "
                      f"set tier: {other}", severity="warning", code="tier-mismatch")


def _not_begun(period: str, published: str) -> bool:
    """Whether the period had not begun by the publication date (a period or date that cannot be read: no)."""
    try:
        when = date.fromisoformat(published)
        return not parse_period(period).begun_by(when.year, when.month, when.day)
    except ValueError:
        return False


def _facts_by_source(facts: pd.DataFrame) -> dict[str, list[Fact]]:
    """The facts grouped by source in file order (so findings follow the file): a million facts are
    read once, a column at a time (model.facts_of), instead of through a pandas group per source."""
    grouped: dict[str, list[Fact]] = {}
    for fact in facts_of(facts):
        grouped.setdefault(fact.source, []).append(fact)
    for source_facts in grouped.values():
        source_facts.sort(key=lambda fact: fact.line)
    return grouped


def _conflicts(dataset: Dataset) -> Iterator[Problem]:
    facts = dataset.facts[dataset.facts["conflict"]]
    if facts.empty:
        return
    for _, group in facts.groupby(list(CLAIM_KEY), dropna=False, sort=False):
        for fact in group.itertuples(index=False):
            others = [f"{o.id} ({_stated_row(o)}, {o.source})"
                      for o in group.itertuples(index=False) if o.id != fact.id]
            yield Problem(dataset.sources[fact.source].path, int(fact.line), fact.id,
                          f"{_stated_row(fact)} from {fact.source} conflicts with {'; '.join(others)}",
                          severity="warning", code="conflict")


def _stated_row(fact: Any) -> str:
    if fact.text:
        return fact.text
    return _stated(fact.comparator, fact.value, None if _missing(fact.value_max) else fact.value_max, fact.unit)


def _unused(dataset: Dataset) -> Iterator[Problem]:
    """A warning for each zone and metric that no fact uses, at the line that defines it; reference
    records (registry/ lists: every national zone, a wide set of metrics) are there to be drawn on."""
    used_zones = {*dataset.facts["zone"], *(fact.zone for fact in (*dataset.incomplete, *dataset.not_stated))}
    used_metrics = {*dataset.facts["metric"], *(fact.metric for fact in (*dataset.incomplete, *dataset.not_stated))}
    for kind, registry, used in (("zone", dataset.zones, used_zones), ("metric", dataset.metrics, used_metrics)):
        for record in registry.values():
            if record.id not in used and not record.reference:
                yield Problem(record.path or f"{kind}s.yaml", record.line, record.id,
                              f"{kind} {record.id!r} is defined but no fact uses it", severity="warning",
                              code=f"unused-{kind}")


def check_dataset(dataset: Dataset) -> list[Problem]:
    """Every problem with the evidence behind the facts (`as_errors` counts the warnings as errors)."""
    findings: list[Problem] = []
    by_source = _facts_by_source(dataset.facts)
    for fact in dataset.incomplete:  # a draft's facts with fields to fill: their quotes are checked all the same
        by_source.setdefault(fact.source, []).append(fact)
    for source_id, facts in by_source.items():
        facts.sort(key=lambda fact: fact.line)
        findings.extend(_check_source(dataset.sources[source_id], facts))
    quoted: dict[str, list[NotStated]] = {}
    for record in dataset.not_stated:
        if record.quote:
            quoted.setdefault(record.source, []).append(record)
    for source_id, records in quoted.items():
        source = dataset.sources[source_id]
        findings.extend(_check_not_stated(source, records, document_checked=source_id in by_source))
    findings.extend(_conflicts(dataset))
    findings.extend(_unused(dataset))
    return findings


def as_errors(findings: list[Problem]) -> list[Problem]:
    """The findings with every warning made an error, as `check --strict` counts them."""
    return [f.as_error() for f in findings]
