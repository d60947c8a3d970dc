"""Read the quantities Chinese documents write: 477亿元, 超过90%, 6%-7%, 前十, 一万二, 壹佰贰拾元.

zonecmp compares targets and results that zone documents state in running Chinese, so it has to read
numbers the way the language writes them, not the way a spreadsheet does: Arabic, Chinese or mixed
numerals (1.2万, 一万二 = 12000, 三千五百万), financial capitals and traditional characters (壹佰, 億),
magnitudes that belong to the unit (亿元, 百亿元), comparators spread around the number (超过…, …以上,
约…左右), ranges, percentage points and ranks (第五, 前十, 百强). One reader serves `parse_quantity`
(one expression; anything left over is an error) and `find_quantities` (every quantity in a passage,
with offsets, for checking a quote against its recorded number and for the document extractor).
It imports nothing heavy: `check` and the extractor call it for every quote.

Rules that decide what a text means:
- The value stays in the unit as written: 540万元 is 540 万元. A number directly before a compound
  magnitude keeps it (1.2万亿元 is 1.2 万亿元, 3千万元 is 3 千万元); a Chinese numeral is split at its
  last 万/亿 (三千万元 is 3000 万元, 一亿二千万元 is 12000 万元).
- A bare magnitude word means one of it at the 万/亿 level: 百亿元 is 100 亿元, 千万元 1000 万元,
  万亿元 1 万亿元. Bare 万/亿 words only count money: 千亿园区 and 万家灯火 are idioms, not counts.
- 第5, 第五, 第5名 are ranks (5 位); 前十, 前10名 and 十强 are ranks <= 10. 第十二届 and 第一个 are
  ordinals of other things and no quantity. find_quantities does not read "5位" without 第/前 as a
  rank (in running text it counts people: 5位院士); parse_quantity does, as the unit table says.
- Comparator words count only when they touch the quantity: 规模以上工业增长8% is plain 8%.
- find_quantities reports only numbers with a unit, so years, dates, phone and record numbers and
  plan names ("1310"工作体系) are never quantities; a rank that fills a pair of quotes ("十强"产业)
  is a name, not a rank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .model import COMPARATORS
from .units import (
    CURRENCIES,
    MAGNITUDES,
    PERCENT,
    PERCENTAGE_POINTS,
    RANK,
    UNITS,
    UnknownUnitError,
    lookup_unit,
    normalise_unit,
    to_base,
)


@dataclass(frozen=True)
class Quantity:
    """A number with its comparator and unit, as written and in base units."""

    comparator: str            # "=", ">=", ">", "<=", "<", "~", "range"
    value: float               # in the unit as written; the low end of a range
    value_max: float | None    # the high end of a range
    unit: str                  # canonical written unit: "%", "个百分点", "亿元", "家", "位" ...
    value_base: float
    value_max_base: float | None
    base_unit: str             # "%", "pp", "CNY", "USD", "rank" or the counter word
    kind: str                  # percent | money | count | rank


class QuantityError(ValueError):
    """Text that is not a quantity; the message names the text and says why."""


def _error(text: str, why: str) -> QuantityError:
    return QuantityError(f"cannot read a quantity in '{text}': {why}")


# Variant characters, mapped one to one so offsets into the original text stay valid: full-width
# forms, financial capitals (壹 … 玖, 拾佰仟) and traditional characters.
_VARIANTS = str.maketrans(
    "０１２３４５６７８９％．，～〜－−–—―＞＜≧≦￥＄"
    "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億兩圆圓點個項戶臺強餘過於約內達數屆條張間層處類種場長資總計現簽進實",
    "0123456789%.,~~-----><≥≤¥$"
    "一二二三三四五六六七八九十百千万亿两元元点个项户台强余过于约内达数届条张间层处类种场长资总计现签进实",
)

_CN_DIGITS = {"零": 0, "〇": 0, "两": 2} | {char: n for n, char in enumerate("一二三四五六七八九", start=1)}
_PLACES = {"十": 10, "百": 100, "千": 1000}
_SECTIONS = {"万": 10**4, "亿": 10**8}
_DIGIT_CHARS = "".join(_CN_DIGITS)
_ARABIC = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
# 十/百/千 stop before 百分之, 百分点, 千瓦 and 千米, which are words of their own.
_CN_CHAR = rf"[{_DIGIT_CHARS}万亿]|十(?!分之)|百(?!分)|千(?![瓦米]|分之)"
_NUMERAL = re.compile(rf"(?:{_ARABIC}|{_CN_CHAR})(?:{_ARABIC}|{_CN_CHAR}|点(?=[0-9{_DIGIT_CHARS}]))*")
_TOKEN = re.compile(rf"{_ARABIC}|.", re.DOTALL)
_NUMERAL_CHARS = _DIGIT_CHARS + "十百千万亿"

_UNIT = re.compile("|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)))
_CANONICAL_UNIT = {"百分点": PERCENTAGE_POINTS}
# A counter that starts a longer word is no counter: 5个月 is a duration, 两部门 and 一部分 are nouns.
_NOT_A_COUNTER = {"个": ("月", "季度", "小时", "星期", "工作日"), "部": ("门", "署", "分"), "所": ("有", "以")}
_SYMBOL_CURRENCY = {"¥": "元", "$": "美元"}
# 第/前 before these name a period or a counted thing, not a rank: 第十二届, 第一季度, 前三季度, 前5个月.
_ORDINAL_NOUNS = ("年", "季", "月", "日", "天", "周", "期", "代", "轮", "阶段", "分", "秒", "小时", "步", "号", "章",
                  "节")
_NOT_TOP = "目当此之提以事空史跟面向门眼超从生战年日月期节会"   # 目前, 当前十分 … are not 前N
_WORD_BEFORE_ONE = "统唯划归专单合逐之同"                       # 统一部署, 之一, 同一个
_DIGIT_WIDTH = re.compile(r"([两双二三2-3])位数(?:的?(?:增长|增速))?")  # 两位数增长: at least 10%
_WIDTHS = {"两": 2, "双": 2, "二": 2, "2": 2, "三": 3, "3": 3}
_BARE_MAGNITUDE = re.compile(r"[百千万亿]*[万亿][百千万亿]*")
_JIAO_FEN = re.compile(rf"(?:零?([0-9{_DIGIT_CHARS}])角)?(?:零?([0-9{_DIGIT_CHARS}])分)?整?")
_RANGE_SEP = re.compile(r"[ \t]*(?:-|~|至|到)[ \t]*")
_OPEN_QUOTES, _CLOSE_QUOTES = "“\"「『‘'", "”\"」』’'"

_PREFIXES = {
    ">=": ("不低于", "不少于", "不小于", "至少", "最少", "≥", ">="),
    ">": ("超过", "突破", "高于", "多于", "大于", "逾", "超", "过", ">"),
    "<=": ("不超过", "不高于", "不多于", "不大于", "最多", "至多", "≤", "<="),
    "<": ("不到", "不足", "低于", "少于", "小于", "<"),
    "~": ("大约", "大概", "接近", "将近", "约为", "约", "近", "≈", "~"),
}
_SUFFIXES = {">=": ("及以上", "或以上", "以上"), "<=": ("及以下", "以下", "以内", "之内"), "~": ("左右", "上下")}
# One-character comparators that end other words: 通过, 签约, 最近, 赶超.
_NOT_AFTER = {"过": "通经超不越度错路跨放难穿闯", "约": "签节预合制公条特邀履违集简婚契", "近": "最附邻靠亲接将贴逼",
              "超": "赶"}
_FILLERS = ("同比增长", "年均增长", "增长率", "增长", "增加", "增速", "增幅", "提高", "提升", "达到", "达", "完成",
            "实现", "新增", "引进", "签约", "落地", "保持", "力争", "确保", "争取", "预计", "累计", "总计", "合计",
            "共计", "共", "全年", "年均", "同比", "总投资", "投资", "进入", "跻身", "位列", "位居", "排名", "稳居",
            "跃居", "冲入", "占比", "占", "为", "是", "人民币")


def _words(table: dict[str, tuple[str, ...]]) -> tuple[dict[str, str], re.Pattern[str]]:
    """A word -> comparator map and a regex that matches the longest word."""
    by_word = {word: comparator for comparator, words in table.items() for word in words}
    return by_word, re.compile("|".join(re.escape(w) for w in sorted(by_word, key=len, reverse=True)))


_PREFIX_WORDS, _PREFIX = _words(_PREFIXES)
_SUFFIX_WORDS, _SUFFIX = _words(_SUFFIXES)
# Every character a quantity can start with: a comparator word's first, a numeral's, a sign, a
# currency symbol, and 两位数, 百分之, 首位/榜首, 第N, 前N. Elsewhere `_read` cannot succeed, so
# `find_quantities` jumps from one of these to the next instead of trying every position.
_STARTS = re.compile("[" + re.escape("".join(sorted(
    {word[0] for word in _PREFIX_WORDS} | set(_SYMBOL_CURRENCY) | set(_WIDTHS) | set(_NUMERAL_CHARS)
    | set("0123456789负-第前首榜")))) + "]")
_LEADING_FILLERS = re.compile(r"(?:\s|" + "|".join(sorted(_FILLERS, key=len, reverse=True)) + ")+")
_TRAILING_FILLERS = re.compile(r"(?:\s|的增长|增长|增速|人民币)+$")


def _normalise(text: str) -> str:
    return text.translate(_VARIANTS)


def _skip_spaces(s: str, k: int) -> int:
    """The first index at or after k that holds no space."""
    while k < len(s) and s[k] in " \t\u00a0\u3000":
        k += 1
    return k


# --- numerals ---------------------------------------------------------------------------------------

def _read_integer(numeral: str) -> Decimal:
    """The value of a numeral without 点: 一万二千, 1.2万, 3千5百, 一亿零五, 百亿."""
    reader = _IntegerReader()
    tokens = _TOKEN.findall(numeral)
    for index, token in enumerate(tokens):
        if token in _PLACES:
            reader.add_place(token)
        elif token in _SECTIONS:
            reader.close_section(token, tokens[index - 1] if index else None)
        elif token in _CN_DIGITS or token[0].isdigit():
            reader.add_digit(token)
        else:
            raise ValueError(f"{token!r} is not part of a number")
    return reader.value()


class _IntegerReader:
    """What _read_integer has read of a numeral so far, so that each kind of token has a method of its own."""

    __slots__ = ("total", "high", "section", "digit", "last_place", "section_place", "zero", "chinese", "started")

    def __init__(self) -> None:
        self.total = self.high = self.section = Decimal(0)  # 亿 groups so far, the 万 part, the part below 万
        self.digit: Decimal | None = None  # a digit not yet multiplied by a place
        self.last_place = 0  # for 一万二 (= 一万二千): the place before a final digit
        self.section_place = 10**5  # places fall within a section: 一千二百, not 二百一千
        self.zero = self.chinese = False
        self.started = False  # something was read since the last 万/亿 (0万 is not 万)

    def add_place(self, token: str) -> None:
        """十, 百 or 千: the digit before it (one when there is none) times the place joins the section."""
        self.started = True
        place = _PLACES[token]
        if place >= self.section_place:
            raise ValueError(f"{token} out of order")
        self.section += (1 if self.digit is None else self.digit) * place
        self.digit, self.last_place, self.section_place, self.zero = None, place, place, False

    def close_section(self, token: str, previous: str | None) -> None:
        """万 or 亿 (previous: the token before it, None for the first): it multiplies the section before it."""
        if self.started or previous is None:  # a bare 万 or 亿 is one of it
            group = self.section + (self.digit or 0) if self.started else Decimal(1)
        elif token == "万" or previous != "万":
            raise ValueError(f"{token} right after 亿")
        else:  # 万亿: 亿 multiplies the 万 before it
            group = Decimal(0)
        if token == "万":
            if self.high:
                raise ValueError("万 twice in one number")
            self.high = group * 10**4
        else:  # 亿 multiplies everything before it: 一万亿 is 1e12
            self.total, self.high = (self.total + self.high + group) * 10**8, Decimal(0)
        self.section, self.digit, self.last_place, self.section_place = Decimal(0), None, _SECTIONS[token], 10**5
        self.zero = self.started = False

    def add_digit(self, token: str) -> None:
        """A digit, Arabic digits or 零: held until a place or the end says what it is worth."""
        self.started = True
        if self.digit is not None:
            raise ValueError("digits follow each other without 十/百/千 between them (a year or a code, not a number)")
        if token in ("零", "〇"):
            self.zero = True
        else:
            self.digit, self.chinese = Decimal(_CN_DIGITS.get(token, token.replace(",", ""))), token in _CN_DIGITS

    def value(self) -> Decimal:
        """The numeral's value once every token is read."""
        digit = self.digit
        if digit is not None and self.chinese and not self.zero and self.last_place >= 100:
            digit *= self.last_place // 10  # 一万二 is 一万二千, 三百五 is 三百五十
        return self.total + self.high + self.section + (digit or 0)


def _read_number(numeral: str) -> Decimal:
    """The value of a normalised numeral, with a Chinese decimal part (三点一四, 一点二万亿) if any."""
    whole, point, rest = numeral.partition("点")
    if not whole:
        raise ValueError("no number")
    if not point:
        return _read_integer(whole)
    fraction = re.match(rf"[0-9{_DIGIT_CHARS}]+", rest)
    if fraction is None:
        raise ValueError("no digits after 点")
    value = _read_integer(whole) + Decimal("0." + "".join(str(_CN_DIGITS.get(c, c)) for c in fraction.group()))
    for char in rest[fraction.end():]:
        if char not in _PLACES and char not in _SECTIONS:
            raise ValueError(f"{char!r} after a decimal part")
        value *= _PLACES.get(char) or _SECTIONS[char]
    return value


def parse_number(text: str) -> float:
    """A plain number: 153, 1,200, １２３, 一百五十三, 两千, 一万二 (12000), 1.2万, 零点五, 负五, 壹佰."""
    s = _normalise(text).strip()
    if s.startswith("百分之") or s.endswith("%"):
        raise _error(text, "a percent, not a number (use parse_quantity)")
    body = s[1:] if s[:1] in ("-", "+", "负") else s
    try:
        value = _read_number(body)
    except ValueError as error:
        raise _error(text, str(error)) from None
    return float(-value if s[:1] in ("-", "负") else value)


# --- quantities -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Part:
    """A quantity's body, without the comparator words around it."""

    end: int
    value: Decimal
    unit: str | None              # None: a bare number (the low end of 6-7%) or an ordinal
    comparator: str = "="         # from the body itself: 前十, 百强, 10余家, 两位数
    numeral: str = ""
    explicit: bool = True         # the unit is written (十强 and 前十 only imply 位)
    ordinal: bool = False         # 第十二届: read, but no quantity


@dataclass(frozen=True)
class _Read:
    end: int
    quantity: Quantity | None     # None for an ordinal, consumed without a quantity
    explicit: bool = True


def _glued(s: str, j: int) -> bool:
    """Whether s[j] continues the word or number before it (ICP备06041465 no, v1.2 and 2023-12 yes)."""
    before = s[j - 1] if j else ""
    return bool(before) and (before.isascii() and (before.isalnum() or before in "._@/#%") or before in _NUMERAL_CHARS)


def _numeral_at(s: str, j: int, strict: bool) -> tuple[int, str, Decimal] | None:
    """A signed numeral starting at j: (end, numeral, value)."""
    negative = s.startswith("负", j) or (s.startswith("-", j) and not _glued(s, j))
    start = j + negative
    match = _NUMERAL.match(s, start)
    if match is None or (not negative and _glued(s, start)):
        return None
    if strict and match.group().startswith("一") and start and s[start - 1] in _WORD_BEFORE_ONE:
        return None
    try:
        value = _read_number(match.group())
    except ValueError:
        return None
    return match.end(), match.group(), -value if negative else value


def _unit_at(s: str, k: int) -> tuple[str, int] | None:
    """The unit written at k, canonical, and where it ends."""
    match = _UNIT.match(s, k)
    if match is None or s.startswith(_NOT_A_COUNTER.get(match.group(), ()), match.end()):
        return None
    return _CANONICAL_UNIT.get(match.group(), match.group()), match.end()


def _value_and_unit(numeral: str, value: Decimal, unit: str) -> tuple[Decimal, str]:
    """Move the numeral's trailing magnitude into the unit where the unit table has the pair."""
    magnitude = re.search(r"[十百千万亿]+$", numeral)
    if magnitude is None:
        return value, unit
    arabic = re.fullmatch(_ARABIC, numeral[: magnitude.start()]) is not None
    tail = magnitude.group()
    for size in range(len(tail), 0, -1):
        word = tail[-size:]
        if (arabic or word in ("万亿", "亿", "万")) and word in MAGNITUDES and word + unit in UNITS:
            return value / int(MAGNITUDES[word]), word + unit
    return value, unit


def _names_a_thing(s: str, k: int) -> bool:
    return s.startswith(_ORDINAL_NOUNS, k) or _UNIT.match(s, k) is not None


def _ordinal(s: str, j: int) -> _Part | None:
    """After 第: 第五, 第5位, 第5名 are ranks; 第十二届, 第一季度 are ordinals of other things."""
    numeral = _numeral_at(s, j, strict=False)
    if numeral is None:
        return None
    end, text, value = numeral
    if s.startswith(("位", "名"), end):
        return _Part(end + 1, value, RANK, numeral=text)
    if _names_a_thing(s, end):
        return _Part(end, value, None, ordinal=True)
    return _Part(end, value, RANK, numeral=text, explicit=False)


def _top(s: str, j: int) -> _Part | None:
    """After 前: 前十, 前100位, 前十强 are ranks at or above; 前三季度 is no rank."""
    numeral = _numeral_at(s, j, strict=False)
    if numeral is None:
        return None
    end, text, value = numeral
    if s.startswith(("位", "名", "强"), end):
        return _Part(end + 1, value, RANK, "<=", text, explicit=s[end] != "强")
    if _names_a_thing(s, end):
        return None
    return _Part(end, value, RANK, "<=", text, explicit=False)


def _counted(s: str, j: int, strict: bool) -> _Part | None:
    """A numeral and its unit (477亿元, 10余家, 百强, ¥1,200, 壹佰元伍角), or a bare numeral."""
    currency = _SYMBOL_CURRENCY.get(s[j: j + 1])
    numeral = _numeral_at(s, _skip_spaces(s, j + 1) if currency else j, strict)
    if numeral is None:
        return None
    end, text, value = numeral
    k = _skip_spaces(s, end)
    comparator = ">" if s.startswith(("多", "余"), k) else "="    # 10余家, 100多亿元: more than
    k += comparator == ">"
    if s.startswith("强", k):
        return _Part(k + 1, value, RANK, "<=", text, explicit=False)
    found = _unit_at(s, k)
    if found is None and currency:               # ¥1,200: the symbol is the unit
        found = currency, k
    if found is None:
        return _Part(end, value, None, numeral=text) if comparator == "=" else None
    unit, k = found
    if strict and unit == RANK:
        return None
    value, unit = _value_and_unit(text, value, unit)
    if UNITS[unit].kind != "money" and _BARE_MAGNITUDE.fullmatch(text):
        return None
    if UNITS[unit].kind == "money":
        value, unit, k = _add_cents(s, k, value, unit)
    return _Part(k, value, unit, comparator, text)


def _add_cents(s: str, k: int, value: Decimal, unit: str) -> tuple[Decimal, str, int]:
    """Add the 角 and 分 of financial writing (壹拾元零伍分, 壹万元伍角) and pass a closing 整."""
    cents = _JIAO_FEN.match(s, k)
    if cents is None or not any(cents.groups()):
        return value, unit, cents.end() if cents else k
    currency = max((c for c in CURRENCIES if unit.endswith(c)), key=len)
    jiao, fen = (Decimal(_CN_DIGITS.get(d, d) if d else 0) for d in cents.groups())
    return value * int(UNITS[unit].factor) + jiao / 10 + fen / 100, currency, cents.end()


def _body(s: str, j: int, strict: bool) -> _Part | None:
    """The quantity that starts at j, after any comparator word."""
    width = _DIGIT_WIDTH.match(s, j)
    if width:
        return _Part(width.end(), Decimal(10) ** (_WIDTHS[width.group(1)] - 1), PERCENT, ">=")
    if s.startswith(("百分之", "千分之"), j):                  # 千分之五 is 0.5%
        numeral = _numeral_at(s, j + 3, strict=False)
        if numeral is None:
            return None
        return _Part(numeral[0], numeral[2] / (1 if s[j] == "百" else 10), PERCENT, numeral=numeral[1])
    if s.startswith(("首位", "榜首"), j):                      # 位居全市首位: first place
        return _Part(j + 2, Decimal(1), RANK, numeral=s[j:j + 2])
    if s.startswith("第", j):
        return _ordinal(s, j + 1)
    if s.startswith("前", j) and not (j and s[j - 1] in _NOT_TOP):
        return _top(s, j + 1)
    return _counted(s, j, strict)


def _range(s: str, left: _Part, strict: bool) -> tuple[int, Decimal, Decimal, str] | None:
    """6%-7%, 6-7%, 6到7个百分点, 5000万-1亿元: (end, low end, high end, unit)."""
    sep = _RANGE_SEP.match(s, left.end)
    if sep is None or left.comparator != "=":
        return None
    right = _body(s, sep.end(), strict)
    if right is None or right.unit is None or right.comparator != "=":
        return None
    low = left.value
    if left.unit is None and left.numeral[-1:] in _SECTIONS:    # 5000万-1亿元: the low end has its own magnitude
        low /= int(UNITS[right.unit].factor)
    elif left.unit is not None and left.unit != right.unit:
        return None
    return (right.end, low, right.value, right.unit) if low <= right.value else None


def _prefix(s: str, i: int) -> tuple[str, int]:
    """The comparator word at i (超过, 不低于, 约 ...) and where the number starts, or ("=", i)."""
    match = _PREFIX.match(s, i)
    if match is None or (i and s[i - 1] in _NOT_AFTER.get(match.group(), "")):
        return "=", i
    return _PREFIX_WORDS[match.group()], _skip_spaces(s, match.end())


def _read(s: str, i: int, strict: bool) -> _Read | None:
    """The quantity that starts at i, with its comparator words, or None."""
    comparator, j = _prefix(s, i)
    body = _body(s, j, strict)
    if body is None:
        return None
    if body.ordinal:
        return _Read(body.end, None) if j == i else None
    ranged = _range(s, body, strict)
    if ranged is not None:
        end, low, high, unit = ranged
        return _Read(end, _quantity("range", low, high, unit))
    if body.unit is None:
        return None
    suffix = _SUFFIX.match(s, body.end)
    if suffix is not None and s.startswith("上下游", suffix.start()):
        suffix = None
    comparators = (comparator, body.comparator, _SUFFIX_WORDS[suffix.group()] if suffix else "=")
    chosen = next((c for c in comparators if c != "="), "=")
    return _Read(suffix.end() if suffix else body.end, _quantity(chosen, body.value, None, body.unit), body.explicit)


def _quantity(comparator: str, value: Decimal, value_max: Decimal | None, unit: str) -> Quantity:
    return make_quantity(comparator, float(value), unit, None if value_max is None else float(value_max))


def make_quantity(comparator: str, value: float, unit: str, value_max: float | None = None) -> Quantity:
    """A Quantity from its written parts; the base values come from units.to_base."""
    written = f"{comparator} {value} {unit}" + ("" if value_max is None else f" {value_max}")
    if comparator not in COMPARATORS:
        raise _error(written, f"unknown comparator {comparator!r}; use one of {', '.join(COMPARATORS)}")
    if (comparator == "range") != (value_max is not None):
        raise _error(written, "a range, and only a range, has a value_max")
    unit = _CANONICAL_UNIT.get(unit, normalise_unit(unit))
    try:
        kind = lookup_unit(unit).kind
    except UnknownUnitError:
        raise _error(written, f"unknown unit {unit!r}") from None
    value_base, base_unit = to_base(value, unit)
    value_max_base = None if value_max is None else to_base(value_max, unit)[0]
    return Quantity(comparator, float(value), None if value_max is None else float(value_max), unit,
                    value_base, value_max_base, base_unit, kind)


def parse_quantity(text: str) -> Quantity:
    """One expression: 10个以上, 超过90%, 百亿元, 6%-7%, 第五, 前十, 两位数增长; verbs around it are ignored."""
    core = _normalise(text).strip()
    leading = _LEADING_FILLERS.match(core)
    core = _TRAILING_FILLERS.sub("", core[leading.end():] if leading else core)
    read = _read(core, 0, strict=False) if core else None
    if read is None or read.quantity is None or read.end != len(core):
        raise _error(text, _why(core, read))
    return read.quantity


def _why(core: str, read: _Read | None) -> str:
    """Why parse_quantity could not read a text."""
    if read is not None and read.quantity is None:
        return "an ordinal (第…届), not a quantity"
    if read is not None:
        rest = core[read.end:]
        return "a range runs from low to high in one unit" if _RANGE_SEP.match(rest) else f"{rest!r} after the quantity"
    numeral = _NUMERAL.search(core)
    if numeral is None:
        return "no number in it"
    try:
        _read_number(numeral.group())
    except ValueError as error:
        return str(error)
    if numeral.start():
        return f"{core[:numeral.start()]!r} before the number is not a comparator word"
    return f"no unit after {numeral.group()!r} (a unit such as %, 个百分点, 亿元, 家, 位)"


def _quoted(s: str, start: int, end: int) -> bool:
    """Whether s[start:end] is all that a pair of quotes holds ("十强"产业 names a group, not a rank)."""
    return start > 0 and end < len(s) and s[start - 1] in _OPEN_QUOTES and s[end] in _CLOSE_QUOTES


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Every quantity in a passage with its [start, end) offsets, comparator words included, in order."""
    s = _normalise(text)
    found: list[tuple[int, int, Quantity]] = []
    i = 0
    while (start := _STARTS.search(s, i)) is not None:
        i = start.start()
        read = _read(s, i, strict=True)
        if read is None:
            numeral = _NUMERAL.match(s, i)            # skip a whole numeral that is no quantity (2024年)
            i = numeral.end() if numeral else i + 1
            continue
        if read.quantity is not None and (read.explicit or not _quoted(s, i, read.end)):
            found.append((i, read.end, read.quantity))
        i = read.end
    return found
