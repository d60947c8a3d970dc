"""Draft source files: the YAML a curator reviews, written from what `extract` finds in a document.

The draft follows docs/data-format.md so that, once a curator has filled its nulls (a metric no
entry of metrics.yaml fits, a publisher the page does not name), `zonecmp check` passes. It is
written by hand rather than dumped, so that every guess can carry a comment saying where it came from.
(Storing the draft and its document with `--into` is command.py's job.)
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import yaml
from rich.cells import cell_len

from ..dataset.model import Metric, Zone
from ..dataset.periods import id_text
from ..dataset.quantities import find_quantities
from ..dataset.registries import ZONE_ID, find_zone, zone_suggestions
from ..dataset.units import plain_number
from .claims import Candidate, find_candidates
from .metadata import (
    guess_event_date,
    guess_published,
    guess_publisher,
    guess_title,
    guess_unknown_zone,
    guess_zone,
    zone_mentions,
    zones_named,
)
from .pages import RawDocument
from .silences import Silence, find_silences

_COMMENT_COLUMN = 44


@dataclass(frozen=True)
class Draft:
    """A drafted source: its id, the YAML text, and what the curator must still do."""

    source_id: str
    text: str
    candidates: list[Candidate]
    nulls: int                   # fields the curator must fill
    warnings: list[str]
    silences: tuple[Silence, ...] = ()  # the not-stated records proposed (silences.py)


# --- YAML by hand ------------------------------------------------------------------------------------

def _scalar(value: str) -> str:
    """A YAML scalar for a string: plain where YAML reads it back as the same string, else double-quoted."""
    if value and not re.match(r"[\s\-?:,\[\]{}#&*!|>'\"%@`]", value) and ": " not in value and " #" not in value \
            and not value.endswith((" ", ":")) and "\n" not in value:
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def _quoted(value: str) -> str:
    """A double-quoted YAML string: dates and periods are always quoted (docs/data-format.md)."""
    return json.dumps(value, ensure_ascii=False)


def _line(key: str, value: str, comment: str = "", indent: int = 2) -> str:
    text = " " * indent + f"{key}: {value}"
    return f"{text}{' ' * max(0, _COMMENT_COLUMN - cell_len(text))}  # {comment}" if comment else text


def _fact_id(zone: str, period: str, metric: str | None, taken: set[str]) -> str:
    stem = f"{zone}-{id_text(period)}-{(metric or 'unknown').replace('_', '-')}"
    n = 1
    while f"{stem}-{n}" in taken:
        n += 1
    taken.add(f"{stem}-{n}")
    return f"{stem}-{n}"


def _parses_back(c: Candidate) -> bool:
    """Whether the quote, as stored, reads back to the candidate's quantity (what `check` verifies)."""
    q = c.quantity
    return any((r.comparator, r.value, r.value_max, r.unit) == (q.comparator, q.value, q.value_max, q.unit)
               for _, _, r in find_quantities(c.quote))


def _fact_lines(c: Candidate, fact_id: str, defaults: dict[str, str | None], peer: str | None) -> list[str]:
    q = c.quantity
    period_note = f"period{' (guess)' if c.period.guess else ''}: {c.period.why}"
    kind_note = f"{c.kind}{' (guess)' if c.kind_guess else ''}: {c.kind_why}"
    out = [f"  # {period_note}; {kind_note}",
           _line("- id", fact_id, indent=2)]
    if peer:
        out.append(_line("zone", peer, "guess: the quote names this zone, not the page's", indent=4))
    if c.period.text != defaults["period"]:
        out.append(_line("period", _quoted(c.period.text), indent=4) if c.period.text else
                   _line("period", "null", 'TODO: the period, like "2024": no date to count from', indent=4))
    if c.kind != defaults["kind"]:
        out.append(_line("kind", c.kind, indent=4))
    if c.estimate:
        out.append(_line("estimate", "true", "预计", indent=4))
    if c.tier:
        out.append(_line("tier", c.tier, f"{c.tier_why}; the sentence gives another level", indent=4))
    if c.metric is None:
        out.append(_line("metric", "null", f"TODO: indicator {c.indicator or '?'} ({q.kind}); choose a metric id",
                         indent=4))
    else:
        out.append(_line("metric", c.metric, indent=4))
    if q.comparator != "=":
        out.append(_line("comparator", _scalar(q.comparator), indent=4))
    out.append(_line("value", plain_number(q.value), indent=4))
    if q.value_max is not None:
        out.append(_line("value_max", plain_number(q.value_max), indent=4))
    out.append(_line("unit", _scalar(q.unit), f"value_base: {plain_number(q.value_base)} {q.base_unit}", indent=4))
    if q.share_of:
        out.append(_line("share_of", _scalar(q.share_of), f"占{q.share_of}: a share, not a growth rate", indent=4))
    check = "" if _parses_back(c) else "check: the quantity parser reads this quote differently; fix before use"
    out.append(_line("quote", _scalar(c.quote), check, indent=4))
    return out


def _proposals(candidates: list[Candidate]) -> list[str]:
    wanted = list(dict.fromkeys((c.indicator, c.quantity.kind) for c in candidates if c.metric is None and c.indicator))
    if not wanted:
        return []
    out = ["", "# Proposed metrics for the indicators no metric fits. To use one, add it to metrics.yaml in your",
           "# data directory with an ASCII id, an English name and a definition, and put the id in the facts",
           "# marked `metric: null` (or delete those facts)."]
    for indicator, kind in wanted:
        out += ["#", "# - id: TODO", f"#   name: {_scalar(indicator)}", "#   name_en: TODO", f"#   unit_kind: {kind}",
                "#   definition: TODO"]
    return out


def _zone_proposal(zone: str | None, text: str) -> list[str]:
    """A zones.yaml skeleton for a zone no registry holds: the --zone id given, or the name the page uses."""
    name, times = guess_unknown_zone(text)
    if zone is None and name is None:
        return []
    named = (f"{name}  # guess: the page names it {times} times; use the official name" if name
             else "TODO                 # the official Chinese name")
    first = (f"# Zone {zone!r} is not defined yet" if zone else
             f"# The page is about {name}, which no zone list holds")
    return ["", f"{first}: add it to zones.yaml in your data directory, for example",
            f"# - id: {zone or 'TODO               # an ASCII id, like its pinyin'}", f"#   name: {named}",
            "#   name_en: TODO", "#   province: TODO",
            "#   level: unknown              # national | provincial | unknown"]


# --- the draft ---------------------------------------------------------------------------------------

def draft_source(doc: RawDocument, *, zone: str | None = None, published: date | None = None,
                 metrics: Iterable[Metric] = (), zones: Iterable[Zone] = (), taken_ids: Iterable[str] = (),
                 document: str | None = None) -> Draft:
    """The draft source YAML for a document, with its candidate facts."""
    zones, metrics, taken = list(zones), list(metrics), set(taken_ids)
    published, stamp_why = _publication(doc, published)
    given = zone
    zone, zone_why, known_zone = _zone_of(doc.text, zone, zones)
    candidates = find_candidates(doc.text, published, metrics)
    source_id = _source_id(zone or "draft", published, taken)
    peers = [_peer(c, zone, zones) for c in candidates]
    out, nulls = _source_section(doc, source_id, (published, stamp_why), (zone, zone_why, _named_once(peers)),
                                 document or f"documents/{doc.stored_name}")
    defaults = _defaults(candidates, published)
    out += ["", "defaults:", _line("zone", zone or "null", "" if zone else "TODO: a zone id"),
            _line("period", _quoted(defaults["period"]) if defaults["period"] else "null",
                  "" if defaults["period"] else 'TODO: the year most facts are about, like "2024"'),
            _line("kind", defaults["kind"]), ""]
    out += _facts(candidates, peers, zone, taken, defaults)
    silences = find_silences(doc.text, published, candidates, metrics)
    out += _not_stated(silences, zone or "zone", taken, defaults)
    out += _proposals(candidates)
    if not known_zone:
        out += _zone_proposal(zone, doc.text)
    undated = sum(c.period.text is None for c in candidates)
    # The nulls written besides the source's: the zone in defaults, the periods, and each fact's metric.
    nulls += (zone is None) + (defaults["period"] is None) + sum(c.metric is None for c in candidates) \
        + (0 if defaults["period"] is None else undated)
    return Draft(source_id, "\n".join(out) + "\n", candidates, nulls,
                 _zone_warning(given, zone, known_zone, zones) + _warnings(published, undated), tuple(silences))


def _peer(c: Candidate, zone: str | None, zones: list[Zone]) -> str | None:
    """The zone a fact is about when its quote names one known zone that is not the page's (a speech
    ranking itself against its peers); None when it names none, several, the page's own, or a zone
    besides that no list holds (a list of two zones, one of them unknown)."""
    named = zones_named(c.quote, zones)
    if len(named) != 1 or zone is None or zone in named or zone_mentions(c.quote) > sum(named.values()):
        return None
    return next(iter(named))


def _named_once(peers: list[str | None]) -> list[str]:
    return list(dict.fromkeys(p for p in peers if p))


def _zone_of(text: str, zone: str | None, zones: list[Zone]) -> tuple[str | None, str, bool]:
    """(zone id, why, whether it is defined): --zone's zone by id, name or alias, or the one the text names.
    An unknown --zone is a new zone when it is an ASCII id, else None: ids must be ASCII."""
    if zone is None:
        found, why = guess_zone(text, zones)
        return found, why, found is not None
    found = find_zone({z.id: z for z in zones}, zone)
    if found is not None:
        return found, "", True
    return (zone, "", False) if ZONE_ID.fullmatch(zone) else (None, "", False)


def _zone_warning(given: str | None, zone: str | None, known_zone: bool, zones: list[Zone]) -> list[str]:
    """What to say of a --zone that names no known zone: a typo's near misses, and what to do."""
    if given is None or known_zone:
        return []
    near = zone_suggestions({z.id: z for z in zones}, given)
    if zone is None:
        return [f"zone {given!r} is not a known zone{near}, nor an ASCII id; the draft says `zone: null`: give "
                "an id from `zonecmp zones`, or define the zone in zones.yaml with an ASCII id"]
    return [f"zone {zone!r} is not defined yet{near}: add it to zones.yaml in your data directory "
            "(a skeleton is at the end of the draft)"]


def _warnings(published: date | None, undated: int) -> list[str]:
    """What the user must know before reviewing: a date the page does not give."""
    warnings = []
    if published is None:
        periods = (f"; {undated} facts have period null (今年, 去年 or no year at all, and no date to count from)"
                   if undated else "")
        warnings.append("no publication date found in the page: the draft says `published: null`; fill it in, "
                        f"or give --published YYYY-MM-DD{periods}")
    return warnings


def _source_section(doc: RawDocument, source_id: str, when: tuple[date | None, str],
                    where: tuple[str | None, str, list[str]], document: str) -> tuple[list[str], int]:
    """The header and the source section of the draft, and how many nulls it holds."""
    (published, stamp_why), (zone, zone_why, peers) = when, where
    title, title_why = guess_title(doc.text)
    publisher, publisher_why = guess_publisher(doc.page_text)
    out = [f"# Draft written by `zonecmp extract` from {doc.path.name}. Review it before use:",
           "# - each fact is a candidate: compare its quote, value, comparator, metric, kind and period with",
           "#   the document; delete what is not a claim about the zone, add what was missed;",
           "# - `null` marks what only a curator can decide: fill it in (or delete the fact);",
           "# - comments saying `guess:` were inferred from the words around the number;",
           "# - then run `zonecmp check --data DIR`.",
           "source:", _line("id", source_id),
           _line("title", _scalar(title) if title else "null",
                 f"guess: {title_why}" if title else "TODO: the page's title"),
           _line("publisher", _scalar(publisher) if publisher else "null",
                 f"guess: {publisher_why}; name the site that published the page" if publisher
                 else "TODO: the site or office that published the page"),
           _line("published", _quoted(published.isoformat()), stamp_why) if published
           else _line("published", "null", 'TODO: no date found in the page; the day it was published, "YYYY-MM-DD"')]
    event = guess_event_date(doc.text, published) if published else None
    if event:
        out.append(f"  # event_date: \"{event}\"    "
                   "# guess: the text opens with this day; keep it if that is the event")
    if doc.html is not None and doc.html.url:
        out.append(_line("url", _scalar(doc.html.url), "the address the browser saved the page from"))
    out += [_line("document", _scalar(document)),
            _line("zones", f"[{', '.join([zone, *peers])}]" if zone else "null",
                  ((f"guess: {zone_why}" if zone_why else "") + ("; the others are named in quotes" if peers else ""))
                  if zone else "TODO: the zone ids, like [weihai]"),
            _line("note", _scalar(_note(doc)))]
    return out, (title is None) + (publisher is None) + (published is None) + (zone is None)


def _publication(doc: RawDocument, published: date | None) -> tuple[date | None, str]:
    """The publication date and a comment on where it came from; (None, '') when the page gives none."""
    if published is not None:
        return published, "given with --published"
    found, why = guess_published(doc.text)
    if found is None and doc.page_text != doc.text:
        found, why = guess_published(doc.page_text)
        why = f"{why} (in the page's header or footer)" if found else why
    return found, why


def _note(doc: RawDocument) -> str:
    """The source's note: that it is a draft, and how the stored copy differs from the page as published."""
    note = "Drafted by zonecmp extract; every fact needs review."
    if doc.converted:
        note += " Stored copy: " + doc.conversion_note() + "."
    if doc.traditional:
        note += " Written in traditional characters; the quotes keep them as written."
    return note


def _defaults(candidates: list[Candidate], published: date | None) -> dict[str, str | None]:
    """The most common period and kind among the candidates, so that most facts need to state neither."""
    periods = Counter(c.period.text for c in candidates if c.period.text)
    kinds = Counter(c.kind for c in candidates)
    year = str(published.year) if published else None
    return {"period": periods.most_common(1)[0][0] if periods else year,
            "kind": kinds.most_common(1)[0][0] if kinds else "target"}


def _facts(candidates: list[Candidate], peers: list[str | None], zone: str | None, taken: set[str],
           defaults: dict[str, str | None]) -> list[str]:
    """The facts section: one block per candidate, with a fact id not yet taken, a blank line between them."""
    if not candidates:
        return ["facts: []        # no numeric claim found; add facts by hand"]
    out = ["facts:"]
    for number, (c, peer) in enumerate(zip(candidates, peers)):
        if number:
            out.append("")
        fact_id = _fact_id(peer or zone or "zone", c.period.text or "undated", c.metric, taken)
        out += _fact_lines(c, fact_id, defaults, peer)
    return out


def _not_stated(silences: list[Silence], zone: str, taken: set[str], defaults: dict[str, str | None]) -> list[str]:
    """The not_stated section: a record for each target the page says it does not set; commented out,
    for the curator to confirm or delete, each headline target it only leaves out."""
    said = [s for s in silences if s.quote]
    left_out = [s for s in silences if not s.quote]
    out = ["", "not_stated:"] if said else []
    for number, silence in enumerate(said):
        out += ([""] if number else []) + [f"  # {silence.why}"] + _record_lines(silence, zone, taken, defaults)
    if left_out:
        out += ["", "# Not stated? Each record below is a target the page leaves out. If the page sets none, uncomment",
                "# it and give as its quote the sentence that shows it (or delete the quote line); if the page",
                "# does state one, delete the record and add the fact."]
        out += [] if said else ["# not_stated:"]
        for silence in left_out:
            record = _record_lines(silence, zone, taken, defaults)
            out += ["#", f"#   # {silence.why}", *("# " + line for line in record)]
    return out


def _record_lines(silence: Silence, zone: str, taken: set[str], defaults: dict[str, str | None]) -> list[str]:
    """One not-stated record: an id not yet taken, the period and kind where the defaults differ."""
    stem = f"{zone}-{id_text(silence.period)}-{silence.metric.replace('_', '-')}-not-stated"
    record_id, n = stem, 1
    while record_id in taken:
        n += 1
        record_id = f"{stem}-{n}"
    taken.add(record_id)
    out = [_line("- id", record_id)]
    if silence.period != defaults["period"]:
        out.append(_line("period", _quoted(silence.period), indent=4))
    if defaults["kind"] != "target":
        out.append(_line("kind", "target", indent=4))
    out.append(_line("metric", silence.metric, indent=4))
    out.append(_line("quote", _scalar(silence.quote) if silence.quote else "null", indent=4))
    return out


def _source_id(zone: str, published: date | None, taken: set[str]) -> str:
    stem = f"{zone}-{published.isoformat() if published else 'undated'}"
    n, source_id = 1, stem
    while source_id in taken:
        n += 1
        source_id = f"{stem}-{n}"
    return source_id
