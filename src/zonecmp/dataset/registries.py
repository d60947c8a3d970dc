"""Looking up zones and metrics by the names people and documents use for them.

One rule for every command and the extractor: an id matches itself; otherwise the Chinese name,
short name, English name and aliases match without regard to case. A name two zones share is
ambiguous and asks for the id; an unknown name gets the nearest ids and names as suggestions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import UsageError, did_you_mean
from .model import Metric, Zone


def find_zone(zones: Mapping[str, Zone], name: str) -> str | None:
    """The id of the zone `name` names, None when none does; UsageError when several do."""
    wanted = name.strip()
    if wanted in zones:
        return wanted
    lowered = wanted.lower()
    matches = {
        zone.id for zone in zones.values()
        if lowered in (zone.name.lower(), zone.name_en.lower(), zone.short_name.lower(),
                       *(a.lower() for a in zone.aliases))
    }
    if len(matches) > 1:
        raise UsageError(f"zone {name!r} is ambiguous: it names {', '.join(sorted(matches))}; use the id")
    return matches.pop() if matches else None


ZONE_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")  # zone ids are lowercase ASCII: they name columns (weihai@2024)


def zone_suggestions(zones: Mapping[str, Zone], name: str) -> str:
    """' (did you mean ...?)' for a name that names no zone: the nearest ids, names, short names and
    aliases, or else the zones whose names hold it (保定 is in 保定高新区), three at most."""
    wanted = name.strip()
    names = [*zones, *(n for z in zones.values() for n in (z.name, z.short_name, *z.aliases) if n)]
    near = did_you_mean(wanted, names)
    holding = [z.id for z in zones.values() if wanted and any(wanted in n for n in (z.name, z.short_name, *z.aliases))]
    if near or not holding or len(holding) > 3:
        return near
    return " (did you mean " + " or ".join(repr(z) for z in holding) + "?)"


def resolve_zone(zones: Mapping[str, Zone], name: str) -> str:
    """The zone id for an id, Chinese name, short name or alias; UsageError with suggestions."""
    found = find_zone(zones, name)
    if found is not None:
        return found
    raise UsageError(f"unknown zone {name!r}{zone_suggestions(zones, name)}; `zonecmp zones` lists them")


def resolve_metric(metrics: Mapping[str, Metric], name: str) -> str:
    """The metric id for an id, Chinese or English name, or alias; UsageError with suggestions."""
    wanted = name.strip()
    if wanted in metrics:
        return wanted
    lowered = wanted.lower()
    for metric in metrics.values():
        if lowered in (metric.name.lower(), metric.name_en.lower(), *(a.lower() for a in metric.aliases)):
            return metric.id
    names = [*metrics, *(m.name for m in metrics.values())]
    raise UsageError(f"unknown metric {name!r}{did_you_mean(wanted, names)}; `zonecmp metrics` lists them")
