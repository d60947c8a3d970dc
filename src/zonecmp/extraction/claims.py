"""Find the numeric claims in a zone document: one candidate fact per claim, for a curator to review.

Chinese government prose states its targets and results in clauses between commas: 地区生产总值增长7%左右,
力争全年新签约亿元以上项目20个以上. The extractor reads every quantity with the quantity parser, drops
what is not data, cuts a verbatim quote around each claim, and guesses the metric, the kind (target
or actual) and the period from the words around it. Nothing here knows any particular document: the
rules are about how such prose is written.

What is not data (each rule names the habit it follows):
- page furniture: lines with copyright, ICP, phone, view counts, publication stamps, and everything
  from 上一篇/相关阅读 to the end of the page;
- lines a mirror site injects: a web address, or an advertisement's words (扫码, 下载APP, 红包, 日赚,
  加微信); government prose names no web address in a sentence about its figures;
- names: numbers inside 《书名》 or a short “quoted slogan” (“2345”工作机制, “三区两中心”, “全国十强园区”);
- ordinals that name a thing: 第一梯队, 第一动力 (a rank is followed by punctuation, 的, 位 or 名);
- groups, not ranks: 中国500强企业 (a N强 rank counts only after 跻身, 进入, 位居 ...);
- enumerations and articles written in Chinese numerals before their noun: 三条主线, 五个专项行动, 一批,
  一个中心 (statistics are written in Arabic digits; a Chinese-numeral count that ends its clause stays);
- thresholds that qualify another count: 亿元以上项目20个 is a count of projects, not a sum;
- 首位 in 摆在首位 (a priority, not a place): 首位 counts after 居, 列 or 排.
Quantities the parser does not report (years, dates, phone and record numbers) never come up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from ..dataset.model import Metric
from ..dataset.periods import as_of_text, months_label, months_text, parse_period
from ..dataset.quantities import Quantity, find_quantities, parse_number
from .pages import simplified

CLAUSE_MARKS = "，,。；;、：:！!？?\n\r"
SENTENCE_MARKS = "。；;！!？?\n\r"
_HAN = re.compile(r"[\u3400-\u9fff]")
_QUOTE_CHARS = re.compile(r"[“”\"'「」『』‘’]")

# --- page furniture ---------------------------------------------------------------------------------

_FURNITURE = re.compile(
    r"版权所有|版权归|copyright|©|icp|备案号|公网安备|许可证|电话|热线|传真|邮箱|e-?mail|邮编|地址[:：]|网站地图|"
    r"联系我们|主办单位|承办单位|技术支持|网站标识码|浏览|阅读[次数量]|阅览|点击[率数量]|访问量|发布时间|发布日期|"
    r"更新时间|来源[:：]|字号|打印本页|关闭窗口|分享到|当前位置|现在的位置|首页\s*[>＞»]", re.IGNORECASE)
_SPAM = re.compile(r"https?://|www\.|\.com\b|扫码|扫一扫|下载\s*app|红包|日赚|月入|加微信|微信号|长按识别|"
                   r"点击(?:进入|下载|领取)|更多精彩|免费领|注册即送", re.IGNORECASE)
_TAIL = re.compile(r"\s*(?:上一篇|下一篇|上一条|下一条|相关(?:阅读|新闻|文章|链接|推荐)|推荐(?:阅读|访问|文章)|"
                   r"热点推荐|猜你喜欢|延伸阅读)")
_FURNITURE_LINE_MAX = 120


def lines(text: str) -> list[tuple[int, int]]:
    """The [start, end) of every line, without its line end."""
    spans, start = [], 0
    for match in re.finditer(r"\r\n|\n|\r", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def furniture_lines(text: str) -> list[tuple[int, int]]:
    """The lines that are page furniture, not the article: headers, footers, links to other pages."""
    found = []
    all_lines = lines(text)
    for number, (start, end) in enumerate(all_lines):
        line = text[start:end]
        if number >= len(all_lines) // 2 and _TAIL.match(line):
            found.extend(all_lines[number:])
            break
        if (_FURNITURE.search(line) or _SPAM.search(line)) and len(line.strip()) <= _FURNITURE_LINE_MAX:
            found.append((start, end))
    return found


# --- time words -------------------------------------------------------------------------------------

_TIME = re.compile(
    r"(?P<span>(?<!\d)(?P<s1>20\d{2})\s*年?\s*[-—–~至到]+\s*(?P<s2>20\d{2})\s*年)"
    r"|(?P<asof>(?:截至|截止到?)\s*(?:(?:(?P<asof_year>20\d{2})\s*年|今年|本年)?\s*"
    r"(?P<asof_month>1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])\s*月\s*(?:(?P<asof_day>3[01]|[12]?\d)\s*日|末|底|份)?"
    r"|(?P<asof_now>目前|当前|现在|今日|今天)))"
    r"|(?P<by>(?P<by_word>到|至|截至|截止到?)\s*(?P<by_year>20\d{2})\s*年(?P<by_end>底|末)?)"
    r"|(?P<plan>十(?P<plan_n>[一二三四五六])五)[”\"」』]?(?P<plan_tail>末|开局|收官|时期|期间|以来|期)?"
    r"|(?P<year>(?<!\d)20\d{2})\s*年(?:度|来)?"
    r"|(?P<cum>(?<!\d)(?P<cum_from>1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])\s*[-—–~至到]\s*"
    r"(?P<cum_to>1[0-2]|[2-9]|十[一二]?|[二三四五六七八九])\s*月)"
    r"|(?P<first_n>前(?P<first_q>[一二三1-3])季度|前(?P<first_m>[2-9]|1[01]|[二三四五六七八九]|十一?)个月)"
    r"|(?P<quarter>(?:第?(?P<q>[一二三四1-4])|首)季度?)"
    r"|(?P<half>[上下]半年)"
    r"|(?P<rel>今年|本年度?|(?<![比较于同])(?:去年|上年度?|上一年)(?!同期)|明年|来年|一年来|过去一年)"
    r"|(?P<whole>全年|年内|年度|当年|这一年)"
    r"|(?P<plans>下一步|下步|接下来|今后)"
)
_PLAN_FIRST_YEAR = 2006    # 十一五 is 2006-2010; each plan is five years


def _small(numeral: str) -> int:
    """A month, quarter or plan number as the time words write it (9, 九, 十一), read by the quantity parser."""
    return int(parse_number(numeral))


@dataclass(frozen=True)
class PeriodReading:
    """A period guessed for a claim: the period text, the words it came from, and whether it is a guess."""

    text: str | None            # None: the words name no year the page gives (今年 on a page without a date)
    why: str
    guess: bool


def _plan(match: re.Match[str], s: str, published: date | None) -> tuple[str, str] | None:
    """The period a five-year plan's name gives: 十四五时期 2021-2025, 十四五开局 2021; None for the plan
    itself (实施“十四五”规划 names a document, not a time)."""
    start = _PLAN_FIRST_YEAR + 5 * (_small(match["plan_n"]) - 1)
    end = start + 4
    tail = match["plan_tail"]
    if tail is None and not re.search(r"(?:进入|在|到|至)[“\"「『]?$", s[max(0, match.start() - 3):match.start()]):
        return None
    if tail == "开局":
        return str(start), f"{match['plan']}开局 (its first year)"
    if tail == "收官":
        return str(end), f"{match['plan']}收官 (its last year)"
    by_the_end = tail == "末" and "到" in s[max(0, match.start() - 2):match.start()]
    if by_the_end and published is not None and start < published.year < end:
        return f"{published.year}-{end}", f"到{match['plan']}末, said in {published.year}"
    return f"{start}-{end}", match["plan"]


def resolve_period(s: str, position: int, published: date | None, paragraph_start: int = 0,
                   furniture: Iterable[tuple[int, int]] = ()) -> PeriodReading:
    """The period of a claim at `position`: the last time word before it.

    A year (2023年, 今年, 到2025年, “十四五”时期, 2022—2025年) holds until the next one, across
    paragraphs, as a report's section heading 一、2023年工作回顾 does; a part of the year (一季度,
    上半年, 1-9月 and 前三季度 as the run of months 01..09) and a total as of a day (截至9月末, 截至目前,
    截至2024年底) hold to the end of their paragraph, or until 全年 or 年内. 累计 with no other part of
    the year in force is a total too, as of the publication date (or the end of an earlier year): a
    guess. Comparison bases (比2020年, 较上年) and titles in 《》 are not periods. Without a publication
    date, words counted from it (今年, 去年, 截至目前) and claims with no time word have no period (text None).
    A part of the year that opens its line (a heading 1-11月经济运行情况, a paragraph 前三季度，全区...)
    frames the text after it: it holds, as a guess, into the next paragraphs until another time word or
    下一步 (the plans that follow a review); one said in passing ends with its paragraph.
    """
    years = _YearReading(s, published)
    sub: _Part | None = None
    skip = list(furniture)
    for match in _TIME.finditer(s, 0, position):
        if _not_a_period(s, match.start(), skip):
            continue
        earlier = "" if match.start() >= paragraph_start else ", earlier in the text"
        if any(match[group] for group in _PARTS_OF_YEAR):
            sub = _part_of_year(match, published)
            if earlier and sub is not None:
                sub = sub._replace(words=sub.words + earlier, guess=True) if _opens_its_line(s, match.start()) \
                    else None
        else:
            sub = _year_end_total(match) if not earlier else None
            years.read(match, earlier)
    if sub is None and years.span is None and _CUMULATIVE.search(s, _clause_start(s, position), position):
        sub = years.running_total()
    return years.period(sub)


_PARTS_OF_YEAR = ("quarter", "half", "cum", "first_n", "asof")  # the groups of _TIME that name a part of the year


def _opens_its_line(s: str, start: int) -> bool:
    """Whether the time word at start opens its line: no clause mark between the line's start and it."""
    line_start = max(s.rfind("\n", 0, start), s.rfind("\r", 0, start)) + 1
    return not any(mark in s[line_start:start] for mark in CLAUSE_MARKS)
_CUMULATIVE = re.compile(r"累计")


class _Part(NamedTuple):
    """A part of the year (or a day in it) a time word names: its period given the year read, the words,
    whether it is a guess, and whether the words date it themselves (截至2024年底: the year read does not count)."""

    text: Callable[[int], str | None]
    words: str
    guess: bool = False
    dated: bool = False


def _clause_start(s: str, position: int) -> int:
    """Where the clause holding position starts: 累计 counts only in the claim's own clause."""
    return max(s.rfind(mark, 0, position) for mark in CLAUSE_MARKS) + 1
_RELATIVE_YEARS = {"今": 0, "本": 0, "去": -1, "上": -1, "明": 1, "来": 1}  # 今年, 去年, 明年 ...: the offset


def _not_a_period(s: str, start: int, furniture: list[tuple[int, int]]) -> bool:
    """Whether the time word at start names no period: in a title, a comparison base (比2020年), or furniture."""
    return (_inside_title(s, start) or s[max(0, start - 1):start] in ("比", "较", "与", "同")
            or any(a <= start < b for a, b in furniture))


class _YearReading:
    """The year (or span of years) that resolve_period has read so far, so each kind of time word has a method."""

    def __init__(self, s: str, published: date | None) -> None:
        self.s, self.published = s, published
        self.year: int | None = published.year if published else None
        self.why = "no time word, so the year of publication" if published else \
            "no time word, and the page gives no publication date"
        self.guess = True
        self.span: tuple[str, str] | None = None  # a span of years that holds instead of one year

    def read(self, match: re.Match[str], earlier: str) -> None:
        """Take a time word that names no part of a year (earlier: set when it precedes the claim's paragraph)."""
        for group, update in self._UPDATES:
            if match[group]:
                update(self, match, earlier)
                return

    def period(self, sub: _Part | None) -> PeriodReading:
        """The period read: the part of the year sub names when one holds, else the span, else the year."""
        if sub is not None and sub.dated:
            return PeriodReading(sub.text(self.year), sub.words, sub.guess)
        if sub is not None and self.year is None:
            return PeriodReading(None, f"{sub.words}, {self._of_year()}", True)
        if sub is not None:
            return PeriodReading(sub.text(self.year), f"{sub.words}, {self._of_year()}", sub.guess or self.guess)
        if self.span is not None:
            return PeriodReading(self.span[0], self.span[1], False)
        return PeriodReading(None if self.year is None else str(self.year), self.why, self.guess)

    def running_total(self) -> _Part | None:
        """累计 with no date: a total as of the publication date, or as of the end of an earlier year read;
        None on a page without a date, where neither day is known."""
        if self.published is None:
            return None
        if self.year < self.published.year:
            return _Part(lambda year: as_of_text(year, 12), "累计 (a running total, at the end of the year)", True)
        when = self.published
        return _Part(lambda _: as_of_text(when.year, when.month, when.day),
                     f"累计 (a running total, as of the publication date {when})", True, dated=True)

    def _of_year(self) -> str:
        """Which year a word like 全年 or 一季度 belongs to, as its explanation says it."""
        if self.year is None:
            return "of a year the page does not give"
        return "in the year of publication" if self.guess else f"of {self.year}"

    def _whole_year(self, match: re.Match[str], earlier: str) -> None:
        """全年, 年内: the year read so far, named again."""
        self.why = f"{match['whole']}, {self._of_year()}"

    def _span(self, match: re.Match[str], earlier: str) -> None:
        """2022—2025年: a span of years, unless it runs backwards."""
        if int(match["s2"]) > int(match["s1"]):
            self.span = (f"{match['s1']}-{match['s2']}", match["span"] + earlier)

    def _by_year(self, match: re.Match[str], earlier: str) -> None:
        """到2025年: that year if it has come (or 截至 says so), else the span from the publication to it."""
        target = int(match["by_year"])
        if match["by_word"].startswith("截") or (self.published is not None and target <= self.published.year):
            self.year, self.why, self.guess, self.span = target, match["by"] + earlier, False, None
        elif self.published is None:                 # a span from a year the page does not give
            self.year, self.why, self.guess, self.span = None, f"{match['by']}{earlier}, from the year of " \
                "publication, and the page gives no date", True, None
        else:
            self.span = (f"{self.published.year}-{target}", f"{match['by']}, said in {self.published.year}{earlier}")

    def _plan_years(self, match: re.Match[str], earlier: str) -> None:
        """“十四五”时期: the plan's years, when the words name a time and not the plan (see _plan)."""
        found = _plan(match, self.s, self.published)
        if found is not None:
            self.span = (found[0], found[1] + earlier)

    def _year(self, match: re.Match[str], earlier: str) -> None:
        """2023年: that year."""
        self.year, self.why, self.guess, self.span = int(match["year"]), match.group().strip() + earlier, False, None

    def _relative_year(self, match: re.Match[str], earlier: str) -> None:
        """今年, 去年, 一年来: a year counted from the publication date."""
        word = match["rel"]
        if self.published is None:                   # counted from a date the page does not give
            self.year, self.why, self.guess, self.span = None, f"{word}, and the page gives no publication " \
                f"date{earlier}", True, None
            return
        offset = _RELATIVE_YEARS.get(word[0])
        self.guess = offset is None                  # 一年来, 过去一年: the year under review, by the month
        if offset is None:
            offset = 0 if self.published.month >= 10 else -1
        self.year = self.published.year + offset
        self.why, self.span = f"{word}, in a text published {self.published}{earlier}", None

    # The groups of _TIME for a year, a span or a repetition of the year, and what each does.
    _UPDATES = (("whole", _whole_year), ("span", _span), ("by", _by_year), ("plan", _plan_years), ("year", _year),
                ("rel", _relative_year))


def _part_of_year(match: re.Match[str], published: date | None) -> _Part | None:
    """The part of the year 一季度, 上半年, 1至9月, 前三季度 or 截至9月末 names; None for a run that runs backwards."""
    if match["quarter"]:
        quarter = _small(match["q"]) if match["q"] else 1
        return _Part(lambda year: f"{year}-Q{quarter}", match["quarter"])
    if match["half"]:
        half = "H1" if match["half"][0] == "上" else "H2"
        return _Part(lambda year: f"{year}-{half}", match["half"])
    if match["asof"]:
        return _total_as_of(match, published)
    if match["cum"]:
        first, last, words = _small(match["cum_from"]), _small(match["cum_to"]), match["cum"]
    else:
        first, words = 1, match["first_n"]
        last = _small(match["first_q"]) * 3 if match["first_q"] else _small(match["first_m"])
    if last <= first:
        return None
    return _Part(lambda year: months_text(year, first, last), f"{words} ({months_label(first, last)})")


def _total_as_of(match: re.Match[str], published: date | None) -> _Part:
    """截至9月末, 截至2024年9月30日, 截至目前: a total as of that day (目前: the publication date, which
    a page without a date does not give)."""
    if match["asof_now"] and published is None:
        return _Part(lambda _: None, f"{match['asof']} (a total as of the publication date, which the page does not "
                     "give)", True, dated=True)
    if match["asof_now"]:
        return _Part(lambda _: as_of_text(published.year, published.month, published.day),
                     f"{match['asof']} (a total, as of the publication date {published})", dated=True)
    month, day = _small(match["asof_month"]), int(match["asof_day"] or 0)
    words = f"{match['asof']} (a total as of the day)"
    if match["asof_year"]:
        year = int(match["asof_year"])
        return _Part(lambda _: as_of_text(year, month, day), words, dated=True)
    return _Part(lambda year: as_of_text(year, month, day), words)


def _year_end_total(match: re.Match[str]) -> _Part | None:
    """截至2024年底: a total as of the year's end (the year itself holds for later claims, as 2024年 does)."""
    if not (match["by"] and match["by_word"].startswith("截")):
        return None
    year = int(match["by_year"])
    return _Part(lambda _: as_of_text(year, 12), f"{match['by']} (a total as of the end of the year)", dated=True)


def is_past(period: str, published: date) -> bool:
    """Whether a period has ended by the publication month (a December report closes its year)."""
    return parse_period(period).end <= (published.year, published.month)


# --- kind -------------------------------------------------------------------------------------------

_TARGET = re.compile(r"力争|确保|争取|目标|预期|计划|(?<![主重需纲摘只不])要(?![素求点闻])|(?<![即])将(?![近])|"
                     r"努力|冲刺|奋力|保持|突破|力求|以上的目标")
_STRONG_TARGET = re.compile(r"力争|确保|争取|目标|预期|计划|冲刺|力求")
_PAST = re.compile(r"(?<![为除])了(?![解])|已经|已|截至|截止|成功|获批|累计")
_ESTIMATE = re.compile(r"预计")
_STRETCH, _FLOOR = re.compile(r"力争|冲刺|争取|力求"), re.compile(r"确保|保底|保证")


# --- metrics ----------------------------------------------------------------------------------------

_GENERIC_TAIL = re.compile(r"(?:增速|增长率|增长|增幅|总数|数量|总量|位次|排名|金额|面积|数)$")
_GROWTH_TAIL = re.compile(r"(?:增速|增长率|增长|增幅)$")
_GROWTH = re.compile(r"增速|增长|增幅|下降|回落|减少")  # how a growth rate is said (提高到 is a level)
_NEW = re.compile(r"新增|新认定|新引进|新培育|新落地|新签约|新开工|新备案|新注册")  # a flow, not a stock
_SCOPES = re.compile(r"全国|全省|全市|全区")  # a rank or share among the nation's, province's, city's ...
_DERIVED = re.compile(r"能耗|强度|比重|占比|密度|贡献率|率")  # X能耗, X强度 ...: another quantity built on X


def _terms(metric: Metric) -> Iterable[tuple[str, bool]]:
    """The words that name a metric, as simplified text without quote marks, each with whether it
    names a growth rate only by its tail: its name and aliases, and their cores without 增速, 数 ...
    (新增高新技术企业 for 新增高新技术企业数; 研发经费投入 for 研发经费投入增长, which then needs a growth word)."""
    for term in (metric.name, *metric.aliases):
        term = _QUOTE_CHARS.sub("", simplified(term))
        yield term, False
        core = _GENERIC_TAIL.sub("", term)
        if core != term and len(core) >= 3:
            yield core, bool(_GROWTH_TAIL.search(term))


def _contradicts(metric: Metric, indicator: str) -> bool:
    """Whether the indicator says what the metric's names rule out: another scope (全国高新区综合评价 is
    not a rank among the province's zones), or a flow (新增, 新认定) where the metric counts a stock."""
    names = " ".join((metric.name, *metric.aliases))
    said, named = set(_SCOPES.findall(indicator)), set(_SCOPES.findall(names))
    if said and named and not said & named:
        return True
    return bool(_NEW.search(indicator)) and not _NEW.search(names)


def _names(term: str, indicator: str) -> int:
    """How well the indicator names the term: len(term) when written in it whole, one less when a
    qualifier of one or two characters stands inside it (研发经费投入强度 for 研发投入强度, 新认定省级专精特新
    for 新认定专精特新), 0 when not, or when it is the base of another quantity (工业增加值 in
    单位工业增加值能耗 names energy use, not value added)."""
    at = indicator.find(term)
    if at >= 0:
        return 0 if _DERIVED.match(indicator, at + len(term)) else len(term)
    end = _end_with_qualifier(term, indicator) if len(term) >= 5 else -1
    return len(term) - 1 if end >= 0 and not _DERIVED.match(indicator, end) else 0


def _end_with_qualifier(term: str, indicator: str) -> int:
    """Where the term ends in the indicator when one or two characters stand inside it, after its
    first two characters and before its last two; -1 when it is not written so."""
    if term[:2] not in indicator or term[-2:] not in indicator:
        return -1
    for split in range(2, len(term) - 1):
        head, tail = term[:split], term[split:]
        at = indicator.find(head)
        while at >= 0:
            for gap in (1, 2):
                start = at + split + gap
                if indicator.startswith(tail, start) and all(_HAN.match(c) for c in indicator[at + split:start]):
                    return start + len(tail)
            at = indicator.find(head, at + 1)
    return -1


def _named_by(metric: Metric, indicator: str) -> int:
    """How many characters of the indicator name the metric (its longest name, alias or core written
    in it), 0 if none does or the indicator contradicts it."""
    growth = bool(_GROWTH.search(indicator))
    found = max((_names(term, indicator) for term, needs_growth in _terms(metric)
                 if term and (growth or not needs_growth)), default=0)
    return found if found and not _contradicts(metric, indicator) else 0


def match_metric(indicator: str, kind: str, metrics: Iterable[Metric]) -> str | None:
    """The metric of the quantity's kind that the indicator's own words name, or None: a wrong metric is
    worse than none, so nothing is guessed from the sentence around it or from words that only look alike.
    A metric of the user's own comes before a reference one (registry/), then the longest name wins; a
    tie is None."""
    text = _QUOTE_CHARS.sub("", simplified(indicator))
    scored = [(not m.reference, _named_by(m, text), m.id) for m in metrics if m.unit_kind == kind]
    scored = sorted((s for s in scored if s[1]), reverse=True)
    if not scored:
        return None
    if len(scored) > 1 and scored[1][:2] == scored[0][:2]:
        return None
    return scored[0][2]


# --- candidates -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    """One numeric claim found in a document, with everything a draft fact needs."""

    start: int                  # the quantity in the text
    end: int
    quote: str                  # verbatim: text[quote_start:quote_end]
    quote_start: int
    quantity: Quantity
    indicator: str              # the indicator's words (simplified), for matching and for the curator
    metric: str | None
    period: PeriodReading
    kind: str
    kind_why: str
    kind_guess: bool
    estimate: bool = False
    tier: str = ""
    tier_why: str = ""


def _bounds(s: str, i: int, marks: str) -> tuple[int, int]:
    """The [start, end) of the clause or sentence around index i."""
    start = i
    while start > 0 and s[start - 1] not in marks:
        start -= 1
    end = i
    while end < len(s) and s[end] not in marks:
        end += 1
    return start, end


def _inside_title(s: str, i: int) -> bool:
    """Whether i is inside 《...》 on its line."""
    line_start = max(s.rfind("\n", 0, i), s.rfind("\r", 0, i)) + 1
    return s.rfind("《", line_start, i) > s.rfind("》", line_start, i)


_OPEN, _CLOSE = "“「『\"‘", "”」』\"’"
_QUOTE_STOPS = CLAUSE_MARKS.replace("、", "")   # a slogan may list items with 、, never a comma
_QUOTED_MAX = 16


def _in_short_quotes(s: str, start: int, end: int) -> bool:
    """Whether s[start:end] stands inside a short quoted name or slogan: “2345”, “全国十强园区”."""
    left = start - 1
    while left >= max(0, start - _QUOTED_MAX) and s[left] not in _OPEN and s[left] not in _QUOTE_STOPS:
        if s[left] in _CLOSE and s[left] != '"':
            return False
        left -= 1
    if left < 0 or s[left] not in _OPEN:
        return False
    right = end
    while right < min(len(s), end + _QUOTED_MAX) and s[right] not in _CLOSE and s[right] not in _QUOTE_STOPS:
        right += 1
    return right < len(s) and s[right] in _CLOSE and right - left <= _QUOTED_MAX + 1


_PARTICLES = "的了和与及并等或是为在将已也都还而之中"
_JOINS = re.compile(r"跻身|进入|迈入|迈进|挺进|跨入|晋级|晋升|稳居|位居|位列|保持|冲刺|冲击|入围|入选|列入|成为|名列")
_PLACE_VERBS = re.compile(r"居|列|排")
_QUALIFIES = re.compile(r"(?:的)?[\u3400-\u9fff]{0,6}?(?:项目|企业|工程)")


def _noun_follows(s: str, end: int) -> bool:
    """Whether a CJK word that is no particle follows end directly: 四条|赛道, 第一|方阵."""
    return end < len(s) and bool(_HAN.match(s[end])) and s[end] not in _PARTICLES


def _is_data(s: str, start: int, end: int, q: Quantity, clause: tuple[int, int], later: bool) -> bool:
    """Whether the quantity at s[start:end] is a claim rather than a name, an idiom or a qualifier."""
    written = s[start:end]
    if _inside_title(s, start) or _in_short_quotes(s, start, end):
        return False
    arabic = bool(re.search(r"[0-9]", written))
    before = s[clause[0]:start]
    if q.unit == "位":
        if written.endswith(("首位", "榜首")):
            return bool(_PLACE_VERBS.search(before))
        if written.endswith("强") or "前" in written:
            return bool(_JOINS.search(before)) or not _noun_follows(s, end)
        return written.endswith(("位", "名")) or not _noun_follows(s, end)
    if q.kind == "count" and not arabic:
        if re.search(r"(?<![十百千万亿])一", written) and q.value == 1:
            return False                             # 一个, 一批: an article, not a count
        return not _noun_follows(s, end)
    return not (q.kind in ("money", "percent") and later and _QUALIFIES.match(s, end))


_CUE_WORDS = re.compile(
    r"^(?:(?:力争|确保|争取|预计|计划|努力|要|将|全年|年内|今年|当年|上半年|下半年|[一二三四]季度|实现|完成|达到|达|"
    r"同比|累计|共|其中|全区|全县|全市|以|为|在|和|与|及|并|了|是|等|总量|均|分别|主要目标|预期目标|目标)\s*)+")
_TRAILING_WORDS = re.compile(r"(?:达到|达|为|是|实现|完成|超过|突破|至少|不低于|约|近|"
                             r"累计|共计?|分别|均|继续|保持|同比|比上年)+$")
_GROWTH_ONLY = re.compile(r"^(?:同比|比上年|较上年)?(?:增长|增速|增幅|提高|提升|增加|下降)?$")
_SEGMENT_BREAKS = re.compile(r"年度|全年|年内|今年|[一二三四]季度|[上下]半年|同比|和|与|及|并|进行")
_CONJUNCTIONS = re.compile(r"^(?:和|与|及|以及|并|且)")


def _indicator(text: str) -> str:
    """The indicator's words in a stretch of simplified text: cue, time and linking words removed."""
    words = _CUE_WORDS.sub("", text.strip())
    words = _TRAILING_WORDS.sub("", words)
    return _QUOTE_CHARS.sub("", words).strip()


def _clauses(s: str) -> Iterable[tuple[int, int]]:
    start = 0
    for i, char in enumerate(s):
        if char in CLAUSE_MARKS:
            yield start, i
            start = i + 1
    yield start, len(s)


def _quote_bounds(s: str, q_start: int, q_end: int, seg_start: int, seg_end: int, noun_after: bool) -> tuple[int, int]:
    """The shortest verbatim stretch that carries the claim: indicator words and number."""
    start = seg_start
    if noun_after:                                    # 30家规上企业通过认定: the noun follows the number
        enumeration = s.rfind("等", seg_start, q_start)
        start = enumeration + 1 if enumeration >= 0 else seg_start
        breaks = _SEGMENT_BREAKS.search(s, q_end, seg_end)
        end = breaks.start() if breaks else seg_end
    else:
        end = q_end
    while start < q_start and s[start] in " \t\u3000" + _CLOSE:
        start += 1
    while end > q_end and s[end - 1] in " \t\u3000" + _OPEN:
        end -= 1
    return start, end


def _widen(s: str, start: int, q_start: int, after: str, sentence_start: int) -> int:
    """Move a quote's start back over whole clauses until it holds indicator words (第三 → 位列第二、第三)."""
    while _GROWTH_ONLY.match(_indicator(s[start:q_start]) + after.strip()):
        if start <= sentence_start:
            break
        previous = start - 1
        while previous > sentence_start and s[previous - 1] not in CLAUSE_MARKS:
            previous -= 1
        start = previous
    return start


def _kind(s: str, sentence: tuple[int, int], clause: tuple[int, int], q_start: int, period: PeriodReading,
          published: date | None) -> tuple[str, str, bool, bool]:
    """(kind, why, guess, estimate) from the words before the number and whether the period is over."""
    window = s[sentence[0]:q_start]
    after = s[q_start:sentence[1]]
    estimate = _ESTIMATE.search(window)
    if estimate:
        return "actual", "预计: an estimate of a result", False, True
    here = s[clause[0]:clause[1]]
    if published is not None and period.text is not None and is_past(period.text, published):
        strong = _STRONG_TARGET.search(here)
        if strong:
            return "target", f"{strong.group()}, though {period.text} was over when published", True, False
        return "actual", f"{period.text} was over when published", period.guess, False
    cues = list(_TARGET.finditer(s, clause[0], q_start)) or list(_TARGET.finditer(window)) or \
        list(_TARGET.finditer(after))[:1]
    if cues:
        return "target", cues[-1].group(), False, False
    past = _PAST.search(window)
    if past:
        return "actual", f"{past.group()}: said as done", True, False
    unsettled = f"{period.text} was not over when published" if published else "the page gives no date"
    return "target", f"no target or result word, and {unsettled}", True, False


def _tiers(candidates: list[Candidate], s: str) -> list[Candidate]:
    """floor/stretch where one sentence gives two levels for one metric (确保 … 力争 …)."""
    result = list(candidates)
    for i, one in enumerate(candidates):
        for j, other in enumerate(candidates):
            if j <= i or one.metric is None or one.metric != other.metric:
                continue
            if _bounds(s, one.start, SENTENCE_MARKS) != _bounds(s, other.start, SENTENCE_MARKS):
                continue
            levels = [_level(s, c) for c in (one, other)]
            if levels[0] and levels[1] and levels[0][0] != levels[1][0]:
                result[i] = replace(result[i], tier=levels[0][0], tier_why=levels[0][1])
                result[j] = replace(result[j], tier=levels[1][0], tier_why=levels[1][1])
    return result


def _level(s: str, c: Candidate) -> tuple[str, str] | None:
    clause = _bounds(s, c.start, CLAUSE_MARKS)
    text = s[clause[0]:c.end]
    stretch, floor = _STRETCH.search(text), _FLOOR.search(text)
    if stretch and not floor:
        return "stretch", stretch.group()
    if floor and not stretch:
        return "floor", floor.group()
    return None


# --- lists ------------------------------------------------------------------------------------------

class _List(NamedTuple):
    """Indicators named in a row and their numbers given together: 规上工业增加值、固定资产投资分别增长
    8.2%、15.7% (one number each), or 地区生产总值、税收收入等主要指标实现两位数增长 (one for all)."""

    start: int                            # the quote: from the first indicator to the last number
    end: int
    indicators: list[str]                 # each indicator's words, simplified, with the verb they share
    quantities: list[tuple[int, int, Quantity]]   # one per indicator (the same one, repeated, for 等...指标)


_DISTRIBUTES = re.compile(r"分别|均|各")
_ALL_OF = re.compile(r"等(?:主要|重要|核心|各项)?(?:经济|发展)?(?:指标|数据)")
_NAME_JOINS = re.compile(r"、|以及|和|及")
_LIST_MARKS = "，,。；;：:！!？?\n\r"   # a list's indicators run to the clause before them, past its 、
_SHARED_VERB = re.compile(r"(?:为|是|达到|达|实现|完成|同比|保持|继续)*"
                          r"((?:同比)?(?:增长|增速|增幅|提高|提升|增加|下降)?)")


def _lists(s: str, paragraph: tuple[int, int]) -> list[_List]:
    """The lists in a paragraph whose indicators and numbers pair up one to one (or all to one)."""
    found = []
    for word in (*_DISTRIBUTES.finditer(s, *paragraph), *_ALL_OF.finditer(s, *paragraph)):
        start = max(s.rfind(mark, paragraph[0], word.start()) for mark in _LIST_MARKS) + 1
        start = max(start, paragraph[0])
        names = [n for n in _NAME_JOINS.split(s[start:word.start()]) if n.strip()]
        sentence_end = min((i for i in (s.find(m, word.end(), paragraph[1]) for m in SENTENCE_MARKS + "，,")
                            if i >= 0), default=paragraph[1])
        quantities = [(a + word.start(), b + word.start(), q) for a, b, q in
                      find_quantities(s[word.start():sentence_end]) if a >= word.end() - word.start()]
        if len(names) < 2 or not quantities:
            continue
        verb = _SHARED_VERB.match(s, word.end(), quantities[0][0])[1]
        if not verb and _GROWTH.search(s, quantities[0][0], quantities[0][1]):
            verb = "增长"                                   # 实现两位数增长: the growth word is in the number
        if _DISTRIBUTES.fullmatch(word.group()):
            items = _chained(s, quantities)
            if len(items) != len(names):
                continue
        else:
            items = [quantities[0]] * len(names)
        indicators = _shared_flow([_indicator(name) + verb for name in names])
        found.append(_List(start, items[-1][1], indicators, items))
    return found


def _chained(s: str, quantities: list[tuple[int, int, Quantity]]) -> list[tuple[int, int, Quantity]]:
    """The quantities written one after another with only 、, 和 or 及 between them: the numbers of a list."""
    items = quantities[:1]
    for item in quantities[1:]:
        if not re.fullmatch(r"\s*(?:、|,|，|和|及|以及)\s*", s[items[-1][1]:item[0]]):
            break
        items.append(item)
    return items


def _shared_flow(indicators: list[str]) -> list[str]:
    """新增A、B和C: the flow word before the first indicator names the others too."""
    flow = _NEW.match(indicators[0])
    if flow is None:
        return indicators
    return indicators[:1] + [i if i.startswith(flow.group()) else flow.group() + i for i in indicators[1:]]


def _list_candidates(s: str, text: str, found: _List, published: date | None, metrics: list[Metric],
                     context: tuple[tuple[int, int], list[tuple[int, int]]]) -> list[Candidate]:
    """One candidate per indicator of a list, each quoting the whole list (the number of each is in it)."""
    paragraph, furniture = context
    out = []
    for indicator, (a, b, q) in zip(found.indicators, found.quantities):
        period = resolve_period(s, a, published, paragraph[0], furniture)
        sentence = _bounds(s, a, SENTENCE_MARKS)
        kind, why, kind_guess, estimate = _kind(s, sentence, _bounds(s, a, CLAUSE_MARKS), a, period, published)
        out.append(Candidate(a, b, text[found.start:found.end], found.start, q, indicator,
                             match_metric(indicator, q.kind, metrics), period, kind, why, kind_guess, estimate))
    return out


def find_candidates(text: str, published: date | None, metrics: Iterable[Metric] = ()) -> list[Candidate]:
    """Every numeric claim in a document, in order, one candidate per claim."""
    s = simplified(text)
    metrics = list(metrics)
    furniture = furniture_lines(s)
    paragraphs = [span for span in lines(s) if span not in furniture]
    found: list[Candidate] = []
    seen: set[tuple] = set()
    for paragraph in paragraphs:
        lists = _lists(s, paragraph)
        in_lists = {a for one in lists for a, _, _ in one.quantities}
        for one in lists:
            found += _list_candidates(s, text, one, published, metrics, (paragraph, furniture))
        for clause in _clauses_in(s, paragraph):
            quantities = [(a + clause[0], b + clause[0], q) for a, b, q in find_quantities(s[clause[0]:clause[1]])]
            kept = [(a, b, q) for n, (a, b, q) in enumerate(quantities)
                    if _is_data(s, a, b, q, clause, later=n + 1 < len(quantities))]
            seg_start = clause[0]
            for n, (a, b, q) in enumerate(kept):
                if a in in_lists:
                    continue
                seg_end = kept[n + 1][0] if n + 1 < len(kept) else clause[1]
                conjunction = _CONJUNCTIONS.match(s, seg_start)
                start, end = _quote_bounds(s, a, b, conjunction.end() if conjunction else seg_start, seg_end,
                                           _noun_follows(s, b))
                sentence = _bounds(s, a, SENTENCE_MARKS)
                start = _widen(s, start, a, s[b:end], max(sentence[0], paragraph[0]))
                seg_start = end
                indicator = _indicator(s[start:a]) + s[b:end]
                metric = match_metric(indicator, q.kind, metrics)
                period = resolve_period(s, a, published, paragraph[0], furniture)
                kind, why, kind_guess, estimate = _kind(s, sentence, clause, a, period, published)
                key = (metric or indicator, q.comparator, q.value, q.value_max, q.unit, period.text, kind)
                if key in seen:
                    continue
                seen.add(key)
                found.append(Candidate(a, b, text[start:end], start, q, indicator, metric, period, kind, why,
                                       kind_guess, estimate))
    return _tiers(found, s)


def _clauses_in(s: str, paragraph: tuple[int, int]) -> list[tuple[int, int]]:
    return [(paragraph[0] + a, paragraph[0] + b) for a, b in _clauses(s[paragraph[0]:paragraph[1]]) if b > a]
