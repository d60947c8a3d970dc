"""What a page says about itself: its publication date, title, publisher, event date and zone.

Each guess comes with the words it was read from, so the draft can say where it came from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date

from ..dataset.model import Zone
from .claims import furniture_lines, lines
from .pages import simplified

_DATE = r"(20\d{2})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})"
_STAMP = re.compile(r"(?:发布时间|发布日期|发表时间|更新时间|日期|时间)\s*[:：]\s*" + _DATE)
_SIGNED = re.compile(r"^\s*" + _DATE + r"\s*日?\s*$", re.MULTILINE)
_PUBLISHERS = (re.compile(r"版权所有[ \t]*[:：]?[ \t]*([^\s,，。|©:：]{2,30})"),
               re.compile(r"([^\s,，|©:：]{2,30})[ \t]*版权所有"),
               re.compile(r"主办(?:单位)?[ \t]*[:：][ \t]*([^\s,，。|]{2,30})"))
_EVENT = re.compile(r"^\s*(\d{1,2})月(\d{1,2})日")


def _date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def guess_published(text: str) -> tuple[date | None, str]:
    """The publication date from the page's stamp (发布时间:2024-02-07) or a dated signature line."""
    s = simplified(text)
    for pattern, where in ((_STAMP, "the page's stamp"), (_SIGNED, "the dated line")):
        for match in pattern.finditer(s):
            found = _date(match)
            if found:
                return found, f"{where}: {match.group().strip()}"
    return None, ""


def guess_title(text: str) -> str | None:
    """The page's title: the line just above the publication stamp, or else the first short line of text."""
    s = simplified(text)
    furniture = set(furniture_lines(s))
    spans = [span for span in lines(s) if text[span[0]:span[1]].strip()]
    for number, span in enumerate(spans):
        if _STAMP.search(s[span[0]:span[1]]) and number and spans[number - 1] not in furniture:
            return text[spans[number - 1][0]:spans[number - 1][1]].strip()
    for span in spans:
        line = text[span[0]:span[1]].strip()
        if span not in furniture and 4 <= len(line) <= 60 and not line.endswith(("。", ":", "：")):
            return line
    return None


def guess_publisher(text: str) -> str | None:
    """Who published the page, from its copyright or 主办 line."""
    s = simplified(text)
    for pattern in _PUBLISHERS:
        match = pattern.search(s)
        if match and not re.search(r"\d{3}", match[1]):
            return text[match.start(1):match.end(1)].strip()
    return None


def guess_event_date(text: str, published: date) -> str | None:
    """The meeting's date when the article opens with it (2月4日,...), if it is before publication."""
    for start, end in lines(text):
        match = _EVENT.match(text, start, end)
        if match:
            try:
                event = date(published.year, int(match[1]), int(match[2]))
            except ValueError:
                return None
            return event.isoformat() if event < published else None
    return None


def guess_zone(text: str, zones: Iterable[Zone]) -> tuple[str | None, str]:
    """The known zone the text names most often (names and aliases of four characters or more)."""
    s = simplified(text)
    counts = Counter()
    for zone in zones:
        for name in {zone.name, zone.short_name, *zone.aliases}:
            if len(name) >= 4:
                counts[zone.id] += s.count(simplified(name))
    if not counts or counts.most_common(1)[0][1] == 0:
        return None, ""
    zone_id, times = counts.most_common(1)[0]
    return zone_id, f"the text names it {times} time{'s' if times > 1 else ''}"
