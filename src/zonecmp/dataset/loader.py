"""Loading and validating data directories into a Dataset.

Every record is checked and every problem is collected before failing, each as
`file:line: field: message` with the fix where one can be guessed. Data directories are merged in
order: the bundled dataset first (unless the user replaces it), then each `--data DIR`.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DataError, Problem, did_you_mean
from ..terminal import unsafe_character
from . import units
from .model import (
    CLAIM_KEY,
    COMPARATORS,
    DIRECTIONS,
    FACT_COLUMNS,
    KINDS,
    LEVELS,
    NUMERIC_COLUMNS,
    TIERS,
    Fact,
    Metric,
    NotStated,
    Source,
    Zone,
    default_direction,
)
from .periods import Period, PeriodError, parse_period
from .registries import ZONE_ID
from .store import FactStore, Records
from .yamlfile import LocatedDict, YamlFileError, load_yaml

if TYPE_CHECKING:
    import pandas as pd

DATA_ENV = "ZONECMP_DATA"

# The fields of each record, in the order listings show them (`zonecmp zones --format csv`).
ZONE_FIELDS = ("id", "name", "short_name", "name_en", "province", "city", "level", "aliases", "identity", "note")
METRIC_FIELDS = ("id", "name", "name_en", "unit_kind", "aliases", "definition", "direction")
SOURCE_FIELDS = ("id", "title", "publisher", "published", "event_date", "zones", "document", "url", "note")
DEFAULT_FIELDS = {"zone", "period", "kind"}
FACT_FIELDS = {
    "id", "zone", "period", "kind", "metric", "comparator", "value", "value_max", "unit", "text", "quote",
    "tier", "estimate", "relative_to", "share_of", "rank_scope", "rank_size", "average_years", "note",
}
NOT_STATED_FIELDS = {"id", "zone", "period", "kind", "metric", "quote", "note"}
SOURCE_FILE_KEYS = {"source", "defaults", "facts", "not_stated"}
# Two facts making the same claim (CLAIM_KEY) conflict when these differ.
VALUE_KEY = ("comparator", "value_base", "value_max_base", "base_unit", "text")


def bundled_data_dir() -> Path:
    """The dataset shipped with zonecmp: inside the installed package, or data/ in a checkout."""
    package = Path(__file__).resolve().parents[1]  # src/zonecmp, or zonecmp in site-packages
    packaged = package / "data"
    return packaged if packaged.is_dir() else package.parents[1] / "data"


def data_dirs_from(options: Iterable[Path] | None) -> list[Path]:
    """The directories to load: `--data` options, else $ZONECMP_DATA (os.pathsep-separated),
    each after the bundled dataset."""
    chosen = [Path(p) for p in options or ()]
    if not chosen and os.environ.get(DATA_ENV):
        chosen = [Path(p) for p in os.environ[DATA_ENV].split(os.pathsep) if p]
    bundled = bundled_data_dir()
    return [bundled] + [d for d in chosen if d.resolve() != bundled.resolve()]


def holds_no_data(directory: Path) -> bool:
    """Whether a data directory has none of the files a data directory is made of (docs/data-format.md),
    so that loading it adds nothing: most often a mistyped path or a directory not yet filled."""
    return directory.is_dir() and not any((directory / name).exists() for name in ("zones.yaml", "metrics.yaml",
                                                                                   "sources"))


@dataclass
class Dataset:
    """Everything loaded: registries by id, and the facts (FACT_COLUMNS), kept compact in a FactStore."""

    zones: dict[str, Zone]
    metrics: dict[str, Metric]
    sources: Mapping[str, Source]  # a store.Records: made into Source records only as they are looked up
    store: FactStore
    data_dirs: tuple[str, ...]
    # A partial load (`check` of a draft) keeps what a complete one refuses: the problems, and the facts
    # that have them, as far as they can be read, so their quotes can still be checked.
    problems: tuple[Problem, ...] = ()
    incomplete: tuple[Fact, ...] = ()
    # What a source says it does not state (a `not_stated:` section), in file order: see model.NotStated.
    not_stated: tuple[NotStated, ...] = ()

    @property
    def facts(self) -> pd.DataFrame:
        """Every fact as one tidy frame; a query selects its rows with views.select instead."""
        return self.store.frame()


class _Collector:
    """Collects problems for one file so validation can go on past the first."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = str(path)
        self.problems = problems

    def add(self, line: int | None, field: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, field, message))


def _text(record: LocatedDict, key: str, out: _Collector, *, required: bool = False, prefix: str = "") -> str:
    value = record.get(key)
    if value is None:
        if required:  # a `key: null` is reported where it is written: a null default once, not once per fact
            out.add(record.line_of(key), prefix + key, "missing; this field is required")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        out.add(record.line_of(key), prefix + key, f"must be text, not {_kind_of(value)}")
        return ""
    if not isinstance(value, str):
        out.add(record.line_of(key), prefix + key, f"must be text; put quotes around {value!r}")
        return ""
    if not value.strip():
        if required:
            out.add(record.line_of(key), prefix + key, "is empty; this field is required")
        return ""
    if not _printable(value, key, record, out, prefix):
        return ""
    return value.strip()


# Free text may run over several lines (a YAML block scalar); every other text field is one line.
_MULTILINE_FIELDS = frozenset({"note", "definition"})


def _printable(value: str, key: str, record: LocatedDict, out: _Collector, prefix: str = "") -> bool:
    """Whether `value` is free of control characters; if not, a problem showing the first one escaped.

    YAML's double-quoted escapes ("\\e", "\\x9b", "\\u202e") put characters into a value that no
    id, unit, name or quote can hold (a quote must match its document, and documents are text), and
    that would act on the terminal of whoever reads the data."""
    text = value.replace("\n", "").replace("\t", "") if key in _MULTILINE_FIELDS else value
    found = unsafe_character(text)
    if found is None:
        return True
    shown = value if len(value) <= 40 else value[:30] + "..."
    out.add(record.line_of(key), prefix + key,
            f"{shown!r} holds the control character {found}; remove it (zonecmp text is printable, on one line)")
    return False


def _text_list(record: LocatedDict, key: str, out: _Collector) -> tuple[str, ...]:
    value = record.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        out.add(record.line_of(key), key, "must be a list of text, like [威海高新区, 威海火炬高新区]")
        return ()
    return tuple(v.strip() for v in value if v.strip() and _printable(v, key, record, out))


def _number(record: LocatedDict, key: str, out: _Collector) -> float | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        hint = " (write the number in `value` and the unit in `unit`)" if isinstance(value, str) else ""
        out.add(record.line_of(key), key, f"must be a number, not {value!r}{hint}")
        return None
    if abs(value) > 1e15 or not math.isfinite(value):  # in this order: a 400-digit int has no float
        out.add(record.line_of(key), key, f"{value!r} is not a usable number (it must be finite and under 1e15)")
        return None
    return float(value)


def _choice(value: str, choices: Iterable[str], record: LocatedDict, key: str, out: _Collector) -> str:
    choices = tuple(choices)
    if value and value not in choices:
        out.add(record.line_of(key), key, f"{value!r} is not one of {', '.join(choices)}{did_you_mean(value, choices)}")
        return ""
    return value


def _unknown_fields(record: LocatedDict, allowed: Iterable[str], out: _Collector, what: str) -> None:
    for key in record:
        if key not in allowed:
            out.add(record.line_of(key), key, f"unknown field for a {what}{did_you_mean(key, allowed)}")


def _records(path: Path, out: _Collector, what: str) -> list[LocatedDict]:
    """The list of mappings in a registry file (zones.yaml, metrics.yaml)."""
    try:
        data = load_yaml(path)
    except YamlFileError as error:
        out.add(error.line, "", str(error))
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        out.add(getattr(data, "line", 1), "", f"must be a list of {what}s, each starting with '- id: ...'")
        return []
    records = []
    for item in data:
        if isinstance(item, LocatedDict):
            records.append(item)
        else:
            out.add(None, "", f"every entry must be a {what} record with fields, not {item!r}")
    return records


def _load_registry(path: Path, out: _Collector, what: str, allowed: Iterable[str],
                   build: Callable[[LocatedDict, _Collector], Any]) -> list[tuple[Any, int]]:
    """The records of zones.yaml or metrics.yaml, each built and paired with its line."""
    items = []
    for record in _records(path, out, what):
        _unknown_fields(record, allowed, out, what)
        item = build(record, out)
        if item.id:
            items.append((item, record.line))
    return items


def _zone_id(record: LocatedDict, out: _Collector) -> str:
    """A zone's id, which must be lowercase ASCII: it names columns (weihai@2024) and files."""
    zone_id = _text(record, "id", out, required=True)
    if zone_id and not ZONE_ID.fullmatch(zone_id):
        out.add(record.line_of("id"), "id", f"{zone_id!r} is not a zone id: ids are lowercase ASCII letters, digits, "
                "- and _ (like baoding or tianjin-binhai); put the Chinese name in `name`")
        return ""
    return zone_id


def _zone(record: LocatedDict, out: _Collector) -> Zone:
    return Zone(
        id=_zone_id(record, out),
        name=_text(record, "name", out, required=True),
        name_en=_text(record, "name_en", out, required=True),
        province=_text(record, "province", out, required=True),
        level=_choice(_text(record, "level", out, required=True), LEVELS, record, "level", out),
        short_name=_text(record, "short_name", out),
        city=_text(record, "city", out),
        aliases=_text_list(record, "aliases", out),
        identity=_choice(_text(record, "identity", out) or "confirmed", ("confirmed", "unconfirmed"),
                         record, "identity", out),
        note=_text(record, "note", out),
        path=out.path,
        line=record.line,
    )


def _metric(record: LocatedDict, out: _Collector) -> Metric:
    unit_kind = _choice(_text(record, "unit_kind", out, required=True), units.UNIT_KINDS, record, "unit_kind", out)
    return Metric(
        id=_text(record, "id", out, required=True),
        name=_text(record, "name", out, required=True),
        name_en=_text(record, "name_en", out, required=True),
        unit_kind=unit_kind,
        definition=_text(record, "definition", out, required=True),
        aliases=_text_list(record, "aliases", out),
        direction=_choice(_text(record, "direction", out) or default_direction(unit_kind), DIRECTIONS, record,
                          "direction", out),
        path=out.path,
        line=record.line,
    )


def lenient_registry(directory: Path) -> tuple[list[Metric], list[Zone]]:
    """The metrics and zones one data directory defines, read with every check of the loader but
    never failing: a record with problems still counts if it has an id (the extractor reads a
    directory whose drafts may be unfinished), and an unreadable file counts as empty."""
    found: dict[str, list[Any]] = {}
    for kind, fields, build in (("metric", METRIC_FIELDS, _metric), ("zone", ZONE_FIELDS, _zone)):
        path = directory / f"{kind}s.yaml"
        ignored = _Collector(path, [])
        found[kind] = [item for item, _ in _load_registry(path, ignored, kind, fields, build)] if path.is_file() else []
    return found["metric"], found["zone"]


_NO_METRIC = Metric("", "", "", "", "")  # what an incomplete fact's metric reads as when it has none


class _Registry:
    """Ids seen so far across all files, for uniqueness and reference checks."""

    def __init__(self) -> None:
        self.zones: dict[str, Zone] = {}
        self.metrics: dict[str, Metric] = {}
        self.sources: dict[str, Source] = {}
        self.where: dict[tuple[str, str], str] = {}
        self.incomplete: list[Fact] | None = None  # a list in a partial load: the facts that have problems
        self.not_stated: list[NotStated] = []
        # Reference records (registry/ lists) not yet redefined: a reference list names every national
        # zone and many metrics, so a user's zones.yaml or metrics.yaml may define one again; theirs wins.
        self.references: set[tuple[str, str]] = set()

    def claim(self, kind: str, key: str, place: str, out: _Collector, line: int) -> bool:
        """Record that `key` is defined at `place`; report it if it already was (but for a bundled
        registry record, which a user's data directory may redefine once: see `overridable`)."""
        first = self.where.get((kind, key))
        if first and (kind, key) in self.references:
            self.references.discard((kind, key))
            first = ""
        if first:
            out.add(line, "id", f"duplicate {kind} id {key!r}, first defined at {first}; ids must be unique")
            return False
        self.where[(kind, key)] = place
        return True


def _reference(value: str, known: dict[str, Any], what: str, record: LocatedDict, key: str, out: _Collector) -> str:
    if value and value not in known:
        out.add(record.line_of(key), key, f"unknown {what} id {value!r}{did_you_mean(value, known)}; "
                                          f"define it in {what}s.yaml or fix the id")
        return ""
    return value


def _load_source_file(path: Path, data_dir: Path, registry: _Registry, out: _Collector) -> list[Fact]:
    try:
        data = load_yaml(path)
    except YamlFileError as error:
        out.add(error.line, "", str(error))
        return []
    if not isinstance(data, LocatedDict):
        out.add(1, "", "a source file must be a mapping with 'source:' and 'facts:' sections")
        return []
    _unknown_fields(data, SOURCE_FILE_KEYS, out, "source file")
    meta = data.get("source")
    if not isinstance(meta, LocatedDict):
        out.add(data.line_of("source"), "source", "missing; a source file starts with 'source:' and its metadata")
        return []
    source = _source(meta, path, data_dir, registry, out)
    defaults = data.get("defaults") or LocatedDict()
    if not isinstance(defaults, LocatedDict):
        out.add(data.line_of("defaults"), "defaults", "must be a mapping of zone, period and kind")
        defaults = LocatedDict()
    else:
        _unknown_fields(defaults, DEFAULT_FIELDS, out, "defaults section")
    rows = [row for item in _section(data, "facts", "fact", out)
            if (row := _fact(item, defaults, source, registry, out)) is not None]
    silent = _section(data, "not_stated", "not-stated record", out)
    if silent:  # most files have none: a million facts are not keyed for nothing
        stated = {(f.zone, parse_period(f.period), f.kind, f.metric): f for f in rows}
        for item in silent:
            record = _not_stated(item, defaults, source, registry, out, stated)
            if record is not None:
                registry.not_stated.append(record)
    return rows


def _section(data: LocatedDict, key: str, what: str, out: _Collector) -> list[LocatedDict]:
    """The records of a source file's list section (`facts:`, `not_stated:`); none when it is absent."""
    items = data.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        out.add(data.line_of(key), key, f"must be a list of {what}s, each starting with '- id: ...'")
        return []
    records = []
    for item in items:
        if isinstance(item, LocatedDict):
            records.append(item)
        else:
            out.add(data.line_of(key), key, f"every {what} must be a record with fields, not {item!r}")
    return records


def _source(meta: LocatedDict, path: Path, data_dir: Path, registry: _Registry, out: _Collector) -> Source | None:
    _unknown_fields(meta, SOURCE_FIELDS, out, "source")
    source_id = _text(meta, "id", out, required=True, prefix="source.")
    document = _text(meta, "document", out, required=True, prefix="source.")
    if document and (Path(document).is_absolute() or ".." in Path(document).parts):
        out.add(meta.line_of("document"), "source.document",
                f"{document!r} leaves the data directory; give a path inside it, like documents/name.txt")
        document = ""
    zones = _text_list(meta, "zones", out)
    for zone in zones:
        _reference(zone, registry.zones, "zone", meta, "zones", out)
    for key in ("published", "event_date"):
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            out.add(meta.line_of(key), "source." + key, f"must be a quoted date like \"2024-02-07\", not {value!r}")
    source = Source(
        id=source_id,
        title=_text(meta, "title", out, required=True, prefix="source."),
        publisher=_text(meta, "publisher", out, required=True, prefix="source."),
        published=_text(meta, "published", out, required=True, prefix="source."),
        event_date=_text(meta, "event_date", out, prefix="source."),
        url=_text(meta, "url", out, prefix="source."),
        document=document,
        zones=zones,
        note=_text(meta, "note", out, prefix="source."),
        path=str(path),
        data_dir=str(data_dir),
        line=meta.line_of("document"),
        start=meta.line,
    )
    if source_id and registry.claim("source", source_id, f"{path}:{meta.line}", out, meta.line):
        registry.sources[source_id] = source
        return source
    return None


def _claim_fields(merged: LocatedDict, registry: _Registry, out: _Collector,
                  what: str) -> tuple[str, str, str, str, Period | None]:
    """What every record of a source file names, each checked: its id, zone, metric, kind and period."""
    record_id = _text(merged, "id", out, required=True)
    zone = _reference(_text(merged, "zone", out, required=True), registry.zones, "zone", merged, "zone", out)
    metric = _reference(_text(merged, "metric", out, required=True), registry.metrics, "metric", merged,
                        "metric", out)
    kind = _choice(_text(merged, "kind", out, required=True), KINDS, merged, "kind", out)
    return record_id, zone, metric, kind, _period(merged, out, what)


def _fact(record: LocatedDict, defaults: LocatedDict, source: Source | None, registry: _Registry,
          out: _Collector) -> Fact | None:
    """Validate one fact; return it, or None when it has problems (each reported to `out`)."""
    before = len(out.problems)
    _unknown_fields(record, FACT_FIELDS, out, "fact")
    merged = _with_defaults(record, defaults)

    fact_id, zone, metric_id, kind, period = _claim_fields(merged, registry, out, "fact")
    comparator = _choice(_text(merged, "comparator", out) or "=", COMPARATORS, merged, "comparator", out)
    tier = _choice(_text(merged, "tier", out), TIERS, merged, "tier", out)
    estimate = merged.get("estimate", False)
    if not isinstance(estimate, bool):
        out.add(merged.line_of("estimate"), "estimate", f"must be true or false, not {estimate!r}")
    quote = _text(merged, "quote", out, required=True)
    text = _text(merged, "text", out)
    metric = registry.metrics.get(metric_id)
    value, value_max, unit, value_base, value_max_base, base_unit = _measure(merged, text, metric, out)
    _check_comparator(merged, comparator, text, value, value_max, out)
    rank_size = _number(merged, "rank_size", out)
    average_years = _number(merged, "average_years", out)

    qualifiers = {key: _text(merged, key, out) for key in ("relative_to", "share_of", "rank_scope", "note")}
    complete = len(out.problems) == before
    if not fact_id or source is None or (not complete and registry.incomplete is None):
        return None
    if not registry.claim("fact", fact_id, f"{source.path}:{record.line}", out, record.line):
        return None
    zone_record, metric = registry.zones.get(zone), metric or _NO_METRIC
    fact = Fact(
        id=fact_id, zone=zone, zone_name=zone_record.name if zone_record else "",
        zone_name_en=zone_record.name_en if zone_record else "", period=period.text if period else "",
        year=period.year if period else 0, kind=kind, estimate=estimate is True, tier=tier,
        metric=metric_id, metric_name=metric.name, metric_name_en=metric.name_en,
        comparator=comparator if value is not None else "", value=value, value_max=value_max, unit=unit,
        value_base=value_base, value_max_base=value_max_base, base_unit=base_unit, text=text,
        relative_to=qualifiers["relative_to"], share_of=qualifiers["share_of"], rank_scope=qualifiers["rank_scope"],
        rank_size=rank_size, average_years=average_years, quote=quote, note=qualifiers["note"], source=source.id,
        published=source.published,
        file=str(Path(source.path).relative_to(source.data_dir)), line=record.line, url=source.url,
    )
    if not complete:
        registry.incomplete.append(fact)  # type: ignore[union-attr]  (a partial load: see load_dataset)
        return None
    return fact


def _not_stated(record: LocatedDict, defaults: LocatedDict, source: Source | None, registry: _Registry,
                out: _Collector, stated: dict[tuple[str, Period, str, str], Fact]) -> NotStated | None:
    """Validate one record of `not_stated:`; None when it has problems (each reported to `out`). Its
    source must not also state the same zone, period, kind and metric in a fact."""
    before = len(out.problems)
    _unknown_fields(record, NOT_STATED_FIELDS, out, "not-stated record")
    merged = _with_defaults(record, defaults)
    record_id, zone, metric, kind, period = _claim_fields(merged, registry, out, "record")
    quote, note = _text(merged, "quote", out), _text(merged, "note", out)
    fact = stated.get((zone, period, kind, metric)) if period else None
    if fact is not None:
        out.add(merged.line_of("metric"), "metric", f"fact {fact.id!r} (line {fact.line}) of this source states "
                f"the {kind} of {metric} for {zone} {period.text}; a source cannot both state it and not state "
                "it: remove this record, or the fact")
    if len(out.problems) > before or source is None or period is None:
        return None
    if not registry.claim("fact", record_id, f"{source.path}:{record.line}", out, record.line):
        return None
    return NotStated(id=record_id, zone=zone, period=period.text, year=period.year, kind=kind, metric=metric,
                     quote=quote, note=note, source=source.id, published=source.published,
                     file=str(Path(source.path).relative_to(source.data_dir)), line=record.line)


def _with_defaults(record: LocatedDict, defaults: LocatedDict) -> LocatedDict:
    """The fact's fields over its file's defaults, each keeping the line it was written on, for messages."""
    merged = LocatedDict({**defaults, **record})
    merged.line = record.line
    merged.key_lines = {**{k: defaults.line_of(k) for k in defaults}, **record.key_lines}
    return merged


def _period(merged: LocatedDict, out: _Collector, what: str) -> Period | None:
    """The period of a fact (or a not-stated record: `what`), parsed; None (with the problem
    reported) when it is missing or malformed."""
    period_text = merged.get("period")
    if period_text is None:  # a `period: null` in defaults is reported at its line, once for all its facts
        out.add(merged.line_of("period"), "period", f"missing; give the {what} a period or set one in defaults")
        return None
    try:
        return parse_period(str(period_text))
    except PeriodError as error:
        out.add(merged.line_of("period"), "period", str(error))
        return None


def _measure(merged: LocatedDict, text: str, metric: Metric | None,
             out: _Collector) -> tuple[float | None, float | None, str, float | None, float | None, str]:
    """Value, value_max and unit read together, since each is checked against the others (see _in_base_unit)."""
    value = _number(merged, "value", out)
    value_max = _number(merged, "value_max", out)
    unit = _text(merged, "unit", out)
    converted: tuple[str, float | None, float | None, str] = (unit, None, None, "")
    # `value: null` is as missing as no value (a value that is there but not a number has its own problem).
    if value is None and not text and merged.get("value") is None:
        out.add(merged.line_of("value"), "value", "missing; a fact needs a `value` with a `unit`, or a `text`")
    if value is not None and text:
        out.add(merged.line_of("text"), "text", "a fact has either a value or a text, not both")
    if value is not None:
        converted = _in_base_unit(merged, value, value_max, unit, metric, out)
    elif unit and merged.get("value") is None:
        out.add(merged.line_of("unit"), "unit", "a unit without a value; give the `value` too")
    return (value, value_max, *converted)


def _in_base_unit(merged: LocatedDict, value: float, value_max: float | None, unit: str, metric: Metric | None,
                  out: _Collector) -> tuple[str, float | None, float | None, str]:
    """(unit as the table writes it, value_base, value_max_base, base_unit): so 万元 and 亿元 facts compare."""
    value_base = value_max_base = None
    base_unit = ""
    if not unit:
        out.add(merged.line_of("value"), "unit", "missing; write the unit as the document does (%, 亿元, 个)")
        return unit, value_base, value_max_base, base_unit
    try:
        unit_info = units.lookup_unit(unit)
        unit = unit_info.written
        value_base, base_unit = units.to_base(value, unit)
        if value_max is not None:
            value_max_base, _ = units.to_base(value_max, unit)
        if metric and metric.unit_kind != unit_info.kind:
            suggested = ", ".join(units.units_of_kind(metric.unit_kind)[:8]) or "text"
            out.add(merged.line_of("unit"), "unit", f"{unit!r} measures {unit_info.kind}, but metric "
                    f"{metric.id!r} is {metric.unit_kind}; use one of {suggested}")
    except units.UnknownUnitError:
        out.add(merged.line_of("unit"), "unit", f"unknown unit {unit!r}{did_you_mean(unit, units.UNITS)}; "
                "see the unit table in docs/data-format.md")
    return unit, value_base, value_max_base, base_unit


def _check_comparator(merged: LocatedDict, comparator: str, text: str, value: float | None,
                      value_max: float | None, out: _Collector) -> None:
    """Report a comparator at odds with the fact: on a text, a range without value_max, value_max without one."""
    if text and comparator != "=":
        out.add(merged.line_of("comparator"), "comparator", "a text fact has no comparator; remove it")
    if comparator == "range":
        if value_max is None:
            out.add(merged.line_of("comparator"), "value_max", "a range needs `value_max`, its high end")
        elif value is not None and value_max <= value:
            out.add(merged.line_of("value_max"), "value_max", f"{value_max:g} must be above value {value:g}")
    elif value_max is not None:
        out.add(merged.line_of("value_max"), "value_max", "only a range has `value_max`; set comparator: range")


def _kind_of(value: Any) -> str:
    """How a message names the YAML shape of a value that is not what a field expects."""
    names = {list: "a list", dict: "a mapping", LocatedDict: "a mapping", bool: "true/false"}
    return names.get(type(value), type(value).__name__)


def _merge_registry(items: list[tuple[Any, int]], target: dict[str, Any], kind: str, path: Path,
                    registry: _Registry, out: _Collector, *, reference: bool) -> None:
    for item, line in items:
        if registry.claim(kind, item.id, f"{path}:{line}", out, line):
            target[item.id] = dataclasses.replace(item, reference=True) if reference else item
            if reference:
                registry.references.add((kind, item.id))


REFERENCE_DIR = "registry"  # a data directory's reference lists: registry/zones.yaml, registry/metrics.yaml
_REGISTRIES: dict[str, tuple[str, tuple[str, ...], Callable[[LocatedDict, _Collector], Any],
                             Callable[[_Registry], dict[str, Any]]]] = {
    "zones": ("zone", ZONE_FIELDS, _zone, attrgetter("zones")),
    "metrics": ("metric", METRIC_FIELDS, _metric, attrgetter("metrics")),
}


def registry_files(directory: Path) -> list[tuple[Path, bool]]:
    """The registry files of a data directory that exist, in the order they load, each with whether
    it is a reference list: its own zones.yaml and metrics.yaml, then registry/zones.yaml and
    registry/metrics.yaml."""
    candidates = [(directory / f"{name}.yaml", False) for name in _REGISTRIES]
    candidates += [(directory / REFERENCE_DIR / f"{name}.yaml", True) for name in _REGISTRIES]
    return [(path, reference) for path, reference in candidates if path.is_file()]


def load_dataset(dirs: Iterable[Path] | None = None, *, progress: Callable[[int, int], None] | None = None,
                 partial: bool = False, previous: Dataset | None = None, unchanged: Collection[str] = ()) -> Dataset:
    """Load and validate the data directories (bundled first); raise DataError listing every problem,
    each once. A partial load returns instead the facts without problems, with the problems and
    the facts that have them (Dataset.problems, Dataset.incomplete): `check` reads a draft so.

    With a `previous` load of the same directories and registries, the source files in `unchanged`
    (paths as `previous` spells them) are not read again: their sources and facts are taken from
    it, claiming their ids in file order as a full load would (cache.py knows which files changed).
    """
    directories = list(dirs) if dirs is not None else data_dirs_from(None)
    kept = _Kept(previous, unchanged) if previous is not None else None
    problems: list[Problem] = []
    registry = _Registry()
    registry.incomplete = [] if partial else None
    for directory in directories:
        if not directory.is_dir():
            problems.append(Problem(str(directory), None, "", "no such data directory"))
            continue
        for path, reference in registry_files(directory):
            kind, fields, build, target = _REGISTRIES[path.stem]
            out = _Collector(path, problems)
            _merge_registry(_load_registry(path, out, kind, fields, build), target(registry), kind, path, registry,
                            out, reference=reference)
    rows: list[Fact] = []
    source_files = [(d, p) for d in directories if d.is_dir() for p in sorted((d / "sources").glob("*.yaml"))]
    for done, (directory, path) in enumerate(source_files, 1):
        if kept is not None and kept.holds(path):
            kept.claim(path, registry, _Collector(path, problems))
        else:
            rows.extend(_load_source_file(path, directory, registry, _Collector(path, problems)))
        if progress:
            progress(done, len(source_files))
    problems = list(dict.fromkeys(problems))  # a bad default is one problem, however many facts it reaches
    if problems and not partial:
        raise DataError(problems)
    frame = _typed_frame(rows)
    if kept is not None:
        frame = kept.with_rows(frame)
    facts = in_registry_order(mark_conflicts(frame), registry.zones, registry.metrics)
    return Dataset(registry.zones, registry.metrics, Records(registry.sources), FactStore(facts),
                   tuple(str(d) for d in directories), tuple(problems), tuple(registry.incomplete or ()),
                   tuple(registry.not_stated))


class _Kept:
    """What a previous load read from the source files that have not changed since: their sources,
    their facts as rows of its store and their not-stated records, taken again without reading a
    line of YAML."""

    def __init__(self, previous: Dataset, unchanged: Collection[str]) -> None:
        unchanged = set(unchanged)
        self.previous = previous
        self.sources = {source.path: source for source in previous.sources.values() if source.path in unchanged}
        kept_ids = {source.id for source in self.sources.values()}
        store = previous.store
        self.facts: dict[str, list[tuple[str, int]]] = {source_id: [] for source_id in kept_ids}
        for source_id, fact_id, line in zip(store.values("source"), store.values("id"), store.values("line")):
            if source_id in kept_ids:
                self.facts[source_id].append((fact_id, int(line)))
        self.not_stated: dict[str, list[NotStated]] = {source_id: [] for source_id in kept_ids}
        for record in previous.not_stated:
            if record.source in kept_ids:
                self.not_stated[record.source].append(record)
        # What the claims refused, as a full load would: a source whose id another file took first
        # (its facts with it), a fact whose id another file took.
        self.refused_sources: set[str] = set()
        self.refused_facts: set[str] = set()

    def holds(self, path: Path) -> bool:
        return str(path) in self.sources

    def claim(self, path: Path, registry: _Registry, out: _Collector) -> None:
        """Claim the file's source and fact ids in the registry, as reading it would: a duplicate is
        reported where a full load reports it, and what a full load would leave out is left out."""
        source = self.sources[str(path)]
        if not registry.claim("source", source.id, f"{path}:{source.start}", out, source.start):
            self.refused_sources.add(source.id)
            return
        registry.sources[source.id] = source
        for fact_id, line in self.facts[source.id]:
            if not registry.claim("fact", fact_id, f"{path}:{line}", out, line):
                self.refused_facts.add(fact_id)
        for record in self.not_stated[source.id]:
            if registry.claim("fact", record.id, f"{path}:{record.line}", out, record.line):
                registry.not_stated.append(record)

    def with_rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The kept facts followed by `frame`, the facts read again, in one frame of their dtypes."""
        import numpy as np
        import pandas as pd

        store = self.previous.store
        kept = store.isin("source", [s for s in self.facts if s not in self.refused_sources])
        if self.refused_facts:
            kept &= ~store.isin("id", self.refused_facts)
        rows = store.rows(np.flatnonzero(kept))
        return pd.concat([rows, frame], ignore_index=True) if len(frame) else rows


def mark_conflicts(facts: pd.DataFrame) -> pd.DataFrame:
    """Set the `conflict` column: true where another fact makes the same claim with a different value."""
    if facts.empty:
        return facts.assign(conflict=facts["id"].notna())
    # Integer group ids, not one concatenated string per fact: no 1M temporary strings, 6x faster.
    # dropna=False: a NaN (no value_max, no average_years) equals another NaN.
    claim = facts.groupby(list(CLAIM_KEY), dropna=False, sort=False).ngroup()
    value = facts.groupby(list(VALUE_KEY), dropna=False, sort=False).ngroup()
    distinct_values = value.groupby(claim, sort=False).transform("nunique")
    return facts.assign(conflict=(distinct_values > 1).to_numpy())


def in_registry_order(facts: pd.DataFrame, zones: Iterable[str], metrics: Iterable[str]) -> pd.DataFrame:
    """The facts in the order every listing shows them: zones and metrics as their registries list
    them, then year, period, kind (targets first), tier and id. Sorted once here, so a query only
    selects rows and never sorts a million of them again."""
    keyed = facts.assign(
        _zone=facts["zone"].map({z: i for i, z in enumerate(zones)}),
        _metric=facts["metric"].map({m: i for i, m in enumerate(metrics)}),
        _kind=facts["kind"].map({k: i for i, k in enumerate(KINDS)}),
    )
    keyed = keyed.sort_values(["_zone", "year", "_metric", "period", "_kind", "tier", "id"], kind="stable")
    return keyed.drop(columns=["_zone", "_metric", "_kind"]).reset_index(drop=True)


def _typed_frame(rows: list[Fact]) -> pd.DataFrame:
    """The facts frame with stable dtypes: numbers as float64, year as int64, text as str; its
    conflicts not yet marked (mark_conflicts), since they depend on every fact."""
    import pandas as pd

    frame = pd.DataFrame.from_records(rows, columns=list(FACT_COLUMNS))
    for column in frame.columns:
        if column == "year" or column == "line":
            frame[column] = frame[column].astype("int64")
        elif column in NUMERIC_COLUMNS:
            frame[column] = frame[column].astype("float64")
        elif column in ("estimate", "conflict"):
            frame[column] = frame[column].astype(bool)
        else:
            frame[column] = frame[column].fillna("").astype(str)
    return frame
