"""What a page says about itself: its publication date, title, publisher, event date and zone.

Each guess comes with the words it was read from, so the draft can say where it came from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date

from ..dataset.model import Zone
from ..dataset.quantities import parse_number
from .claims import furniture_lines, lines
from .pages import simplified

# A date as pages write it: 2024-08-27, 2024/8/27, 2024.08.27, 2024年8月27日, 二〇二四年八月二十七日.
_DATE = (r"(?<!\d)(?P<y>20\d{2})\s*(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?!\d)"
         r"|(?<!\d)(?P<y2>20\d{2})\s*年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})(?!\d)\s*日?"
         r"|(?P<y3>二[〇零○Ｏ]\S{2})年(?P<m3>[一二三四五六七八九十]{1,2})月(?P<d3>[一二三四五六七八九十]{1,3})日")
_HAN_DIGITS = {c: str(n) for n, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}
# A labelled stamp: 发布时间：2024-08-27, 【发布日期：2024.08.27】, 来源：xx 时间：2024-08-27. Labels of
# publication come first; a bare 时间 or 日期 must not end a longer word (会议时间 is not one).
_LABELS = (r"(?:发布|发表|发文|发稿|刊发|发帖)(?:时间|日期)|发布于",
           r"(?:更新|上传|录入|信息)(?:时间|日期)|(?<![\u4e00-\u9fff])(?:时间|日期)",
           r"(?:成文|印发)日期")
_STAMPS = tuple(re.compile(rf"(?:{label})\s*[:：]?\s*(?:{_DATE})") for label in _LABELS)
# A date line: the date, maybe a time and a weekday, then at most a short name (2024年08月27日 08:39 青川网).
_DATE_LINE = re.compile(rf"[\s【\[(（]*(?:{_DATE})[\s】\])）]*(?:\d{{1,2}}[:：]\d{{2}}(?:[:：]\d{{2}})?)?\s*"
                        r"(?:(?:星期|周)[一二三四五六日天])?\s*(?P<tail>[^，,。；;！!？?\n\r]{0,30})$")
_HEAD_LINES, _TAIL_LINES = 8, 4     # date lines are read in a page's header and its signature only
_PUBLISHERS = (re.compile(r"版权所有[ \t]*[:：]?[ \t]*([^\s,，。|©:：]{2,30})"),
               re.compile(r"([^\s,，|©:：]{2,30})[ \t]*版权所有"),
               re.compile(r"主办(?:单位)?[ \t]*[:：][ \t]*([^\s,，。|]{2,30})"),
               re.compile(r"(?:信息|文章|稿件|新闻)?来源(?:于)?[ \t]*[:：][ \t]*([^\s,，。|:：【】\[\]]{2,30})"))
_NOT_A_PUBLISHER = re.compile(r"^(?:本站|本网|网络|互联网|原创|转载|未知|综合|网友|无)$")
_FIELD_AFTER = re.compile(r"(?:作者|编辑|责编|记者|时间|日期|浏览|点击|阅读|字号|发布).*$")
_SITE = re.compile(r"[\u4e00-\u9fffA-Za-z·]{2,20}")
_EVENT = re.compile(r"^\s*(\d{1,2})月(\d{1,2})日")


def _date(match: re.Match[str]) -> date | None:
    """The date a match of _DATE reads, or None when it names no day (2024-02-30)."""
    if match["y3"]:
        year = "".join(_HAN_DIGITS.get(c, "?") for c in match["y3"])
        if not year.isdigit():
            return None
        parts = int(year), int(parse_number(match["m3"])), int(parse_number(match["d3"]))
    else:
        parts = tuple(int(match[g] or match[f"{g}2"]) for g in ("y", "m", "d"))
    try:
        return date(*parts)
    except ValueError:
        return None


def _date_lines(s: str) -> list[re.Match[str]]:
    """The date lines in a page's first and last lines (its header and signature)."""
    shown = [(a, b) for a, b in lines(s) if s[a:b].strip()]
    spans = shown[:_HEAD_LINES] + shown[max(_HEAD_LINES, len(shown) - _TAIL_LINES):]
    return [m for a, b in spans if (m := _DATE_LINE.match(s, a, b))]


def guess_published(text: str) -> tuple[date | None, str]:
    """The publication date from the page's stamp (发布时间:2024-02-07) or a date line, with where it was read."""
    s = simplified(text)
    for pattern in _STAMPS:
        for match in pattern.finditer(s):
            found = _date(match)
            if found:
                return found, f"the page's stamp: {match.group().strip()}"
    for match in _date_lines(s):
        found = _date(match)
        if found:
            return found, f"the date line: {match.group().strip()}"
    return None, ""


def is_stamp(line: str) -> bool:
    """Whether a line carries the page's date (a stamp or a date line): the title is the line above it."""
    s = simplified(line)
    return any(pattern.search(s) for pattern in _STAMPS) or bool(_DATE_LINE.match(s.strip()))


def guess_title(text: str) -> tuple[str | None, str]:
    """The page's title, with where it was read: the line just above the date, or the first short line."""
    s = simplified(text)
    furniture = set(furniture_lines(s))
    spans = [span for span in lines(s) if text[span[0]:span[1]].strip()]
    for number, span in enumerate(spans):
        if is_stamp(s[span[0]:span[1]]) and number and spans[number - 1] not in furniture:
            return text[spans[number - 1][0]:spans[number - 1][1]].strip(), "the line above the date"
    for span in spans:
        line = text[span[0]:span[1]].strip()
        if span not in furniture and 4 <= len(line) <= 60 and not line.endswith(("。", ":", "：")):
            return line, "the first short line"
    return None, ""


def guess_publisher(text: str) -> tuple[str | None, str]:
    """Who published the page, with where it was read: its copyright, 主办 or 来源 line, else its date line."""
    s = simplified(text)
    for pattern, where in zip(_PUBLISHERS, ("the copyright line", "the copyright line", "the 主办 line",
                                            "the 来源 line")):
        for match in pattern.finditer(s):
            name = _FIELD_AFTER.sub("", match[1]) if where == "the 来源 line" else match[1]
            if len(name) >= 2 and not re.search(r"\d{3}", name) and not _NOT_A_PUBLISHER.match(name):
                return text[match.start(1):match.start(1) + len(name)].strip(), where
    for match in _date_lines(s):
        tail = match["tail"].strip()
        if _SITE.fullmatch(tail):
            start = match.start("tail") + match["tail"].index(tail)
            return text[start:start + len(tail)], "the date line"
    return None, ""


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


def zones_named(text: str, zones: Iterable[Zone]) -> Counter[str]:
    """How often the text names each known zone, by its names and aliases of four characters or more
    (shorter ones, like a city's two characters, name more than the zone)."""
    s = simplified(text)
    counts: Counter[str] = Counter()
    for zone in zones:
        times = sum(s.count(simplified(name)) for name in {zone.name, zone.short_name, *zone.aliases}
                    if len(name) >= 4)
        if times:
            counts[zone.id] = times
    return counts


def guess_zone(text: str, zones: Iterable[Zone]) -> tuple[str | None, str]:
    """The known zone the text names most often."""
    counts = zones_named(text, zones)
    if not counts:
        return None, ""
    zone_id, times = counts.most_common(1)[0]
    return zone_id, f"the text names it {times} time{'s' if times > 1 else ''}"


# A zone as prose names it: a few characters before 高新区 or its long form. The words that stand there
# without naming a zone (全省高新区, 兄弟高新区) are not names.
_ZONE_WORD = re.compile(r"(?P<before>[\u4e00-\u9fff]{0,6})(?P<word>高新技术产业开发区|高新区)")
_NOT_A_ZONE_NAME = re.compile(r"(?:全国|全省|全市|全区|国家|国家级|省级|市级|各|我|本|该|其他|兄弟|先进|同类|周边|一流|"
                              r"知名|标杆|沿海|中部|西部|东部|重点|推动|推进|建设|打造|发展|助力|服务|支持|加快|实现|"
                              r"带动|引领|作为|成为|全力|我们|一个|各类|进入|走进|来到|落户|入驻)$")


def zone_mentions(text: str) -> int:
    """How many times the text says 高新区 or its long form, whichever zone it names."""
    return len(_ZONE_WORD.findall(simplified(text)))


def guess_unknown_zone(text: str) -> tuple[str | None, int]:
    """The name of the zone a page names most often, for a page about a zone we do not know (金沙高新区),
    and how often: the shortest name that the most mentions share, so 推动金沙高新区 gives 金沙高新区."""
    counts: Counter[str] = Counter()
    for match in _ZONE_WORD.finditer(simplified(text)):
        before = match["before"]
        for size in range(2, len(before) + 1):  # none for a bare 高新区
            if not _NOT_A_ZONE_NAME.search(before[-size:]):
                counts[before[-size:] + match["word"]] += 1
    named = [(times, -len(name), name) for name, times in counts.items() if times >= 2]
    if not named:
        return None, 0
    times, _, name = max(named)
    return name, times
