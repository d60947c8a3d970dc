"""Read the quantities Chinese documents write: 477亿元, 超过90%, 6%-7%, 前十, 一万二, 三分之一, 九成, 壹佰贰拾元.

zonecmp compares targets and results that zone documents state in running Chinese, so it has to read
numbers the way the language writes them, not the way a spreadsheet does: Arabic, Chinese or mixed
numerals (1.2万, 一万二 = 12000, 三千五百万, 廿二), financial capitals and traditional characters (壹佰, 億),
magnitudes that belong to the unit (亿元, 百亿元), comparators spread around the number (超过…, …以上,
约…左右), ranges (6%-7%, 三五百), fractions, tenths and shares (三分之一, 1/8, 九成, 占全市32%), percentage
points and ranks (第五, 前十, 百强). One reader serves `parse_quantity` (one expression; anything left
over is an error) and `find_quantities` (every quantity in a passage, with offsets, for checking a
quote against its recorded number and for the document extractor). It imports nothing heavy: `check`
and the extractor call it for every quote.

Rules that decide what a text means (tests/vectors/README.md fixes the conventions):
- The value stays in the unit as written: 540万元 is 540 万元. A number directly before a compound
  magnitude keeps it (1.2万亿元 is 1.2 万亿元, 3千万元 is 3 千万元); a Chinese numeral is split at its
  last 万/亿 (三千万元 is 3000 万元, 一亿二千万元 is 12000 万元). Without a unit the magnitude is the unit
  (16.4亿 is 16.4 亿, no base unit); a 万 inside a number (三万五, 1万600) leaves none.
- A bare magnitude word means one of it at the 万/亿 level: 百亿元 is 100 亿元, 千万元 1000 万元,
  万亿元 1 万亿元. Bare 万/亿 words only count money: 千亿园区, 千万不要 and 万一 are words, not numbers.
- Fractions, 百分之/千分之/万分之 and 成 are percents (三分之一 is 33.3333333333333 %, to 15 significant
  digits; 九成 is 90 %). 下降, 减少, 降低, 下滑 and 回落 just before a number make it negative.
- Adjacent digits are an approximate range (三五百 is 300-500, 十几家 11-19 家); 几十, 数百 give no number.
- 第5, 第五, 第5名 are ranks (5 位); 前十, 前10名 and 十强 are ranks <= 10. 第十二届 and 第一个 are
  ordinals of other things and no quantity. find_quantities does not read "5位" without 第/前 as a
  rank (in running text it counts people: 5位院士); parse_quantity does, as the unit table says.
- Comparator words count only when they touch the quantity: 规模以上工业增长8% is plain 8%. One
  written once after 分别 or 均 holds for each item of the list it opens (分别不少于1家、1家和7家).
- parse_quantity reads an expression that ends in its quantity; words before it name the indicator
  (GDP307.3亿元, 高新技术企业不少于300家). A number without a unit must stand alone: after words it
  is a code or a name (电话13812345678, 工业4.0).
- find_quantities reports only numbers with a unit (fractions, 成 and shares are %), so years, dates,
  phone and record numbers and plan names ("1310"工作体系) are never quantities; a rank that fills a
  pair of quotes ("十强"产业) is a name, not a rank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from typing import NamedTuple

from .model import COMPARATORS
from .units import (
    CURRENCIES,
    MAGNITUDES,
    NUMBER,
    PERCENT,
    PERCENTAGE_POINTS,
    RANK,
    UNITS,
    Unit,
    UnknownUnitError,
    lookup_unit,
    normalise_unit,
)


@dataclass(frozen=True)
class Quantity:
    """A number with its comparator and unit, as written and in base units."""

    comparator: str            # "=", ">=", ">", "<=", "<", "~", "range"
    value: float               # in the unit as written; the low end of a range
    value_max: float | None    # the high end of a range
    unit: str                  # canonical written unit: "%", "个百分点", "亿元", "家", "位", "亿", "" ...
    value_base: float
    value_max_base: float | None
    base_unit: str             # "%", "pp", "CNY", "USD", "rank", the counter word, or "" for a bare number
    kind: str                  # percent | money | count | rank | number
    share_of: str = ""         # the whole a share is of: 占全市32.46% is of 全市


class QuantityError(ValueError):
    """Text that is not a quantity; the message names the text and says why."""


def _error(text: str, why: str) -> QuantityError:
    return QuantityError(f"cannot read a quantity in '{text}': {why}")


# Variant characters, mapped one to one so offsets into the original text stay valid: full-width
# forms, financial capitals (壹 … 玖, 拾佰仟) and traditional characters.
_VARIANTS = str.maketrans(
    "０１２３４５６７８９％．，～〜－−–—―＞＜≧≦￥＄／（）"
    "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億兩圆圓點個項戶臺強餘過於約內達數屆條張間層處類種場長資總計現簽進實負塊錢幾減與佔為將",
    "0123456789%.,~~-----><≥≤¥$/()"
    "一二二三三四五六六七八九十百千万亿两元元点个项户台强余过于约内达数届条张间层处类种场长资总计现签进实负块钱几减与占为将",
)

_CN_DIGITS = {"零": 0, "〇": 0, "两": 2} | {char: n for n, char in enumerate("一二三四五六七八九", start=1)}
_TENS = {"廿": "二", "卅": "三", "卌": "四"}          # old forms of 二十, 三十, 四十
_PLACES = {"十": 10, "百": 100, "千": 1000}
_SECTIONS = {"万": 10**4, "亿": 10**8}
_DIGIT_CHARS = "".join(_CN_DIGITS)
_DIGIT = f"[0-9{_DIGIT_CHARS}]"
_ARABIC = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
# 十/百/千 stop before 十分之, 百分之, 百分点, 千瓦, 千米 and 千克, which are words of their own.
_CN_CHAR = rf"[{_DIGIT_CHARS}廿卅卌万亿]|十(?!分之)|百(?!分)|千(?![瓦米克]|分之)"
_NUMERAL = re.compile(rf"(?:{_ARABIC}|{_CN_CHAR})(?:{_ARABIC}|{_CN_CHAR}|点(?=[0-9{_DIGIT_CHARS}])|(?<=十)几)*")
_TOKEN = re.compile(rf"{_ARABIC}|.", re.DOTALL)
_PLAIN_ARABIC = re.compile(_ARABIC)
_NUMERAL_CHARS = _DIGIT_CHARS + "十百千万亿廿卅卌"
_TRAILING_MAGNITUDE = re.compile(r"[十百千万亿]+$")
# Two adjacent digits, not three: 三五百 is 300 to 500, 一九九八 is a year.
_PAIR = re.compile("(?<![零〇一二两三四五六七八九])([一二两三四五六七八九])([二两三四五六七八九])"
                   "(?![零〇一二两三四五六七八九])")

_UNIT = re.compile("|".join(re.escape(u) for u in sorted((u for u, info in UNITS.items() if info.kind != "number"),
                                                         key=len, reverse=True)))
_CANONICAL_UNIT = {"百分点": PERCENTAGE_POINTS}
# A counter that starts a longer word is no counter: 5个月 is a duration, 两部门 and 一部分 are nouns.
_NOT_A_COUNTER = {"个": ("月", "季度", "小时", "星期", "工作日"), "部": ("门", "署", "分"), "所": ("有", "以")}
_SYMBOL_CURRENCY = {"¥": "元", "$": "美元"}
# 第/前 before these name a period or a counted thing, not a rank: 第十二届, 第一季度, 前三季度, 前5个月.
_ORDINAL_NOUNS = ("年", "季", "月", "日", "天", "周", "期", "代", "轮", "阶段", "分", "秒", "小时", "步", "号", "章",
                  "节")
_NOT_TOP = "目当此之提以事空史跟面向门眼超从生战年日月期节会"   # 目前, 当前十分 … are not 前N
_WORD_BEFORE_ONE = "统唯划归专单合逐之同另"                     # 统一部署, 之一, 同一个, 另一半
_DIGIT_WIDTH = re.compile(r"([两双二三2-3])位数(?:的?(?:增长|增速))?")  # 两位数增长: at least 10%
_WIDTHS = {"两": 2, "双": 2, "二": 2, "2": 2, "三": 3, "3": 3}
_BARE_MAGNITUDE = re.compile(r"[百千万亿]*[万亿][百千万亿]*")
# 成 is a tenth (九成, 三成半, 五成五) unless it starts a word: 三五成群, 一成不变, 八成新.
_TENTH = re.compile(rf"成(?![群不员立为果本功效交都绩就熟新品型长千])(半|{_DIGIT}(?![0-9{_NUMERAL_CHARS}点]))?")
_FRACTION = re.compile(rf"([0-9]+|[{_NUMERAL_CHARS}]+)分之|百分(?=[{_NUMERAL_CHARS}0-9])")   # 三分之一, 百分三十
_SLASH = re.compile(r"([1-9][0-9]*)/([1-9][0-9]*)(?![0-9/.])")
_HALF_ALONE = re.compile(r"$|以上|[^\u4e00-\u9fff0-9]")    # 过半, 过半以上: a half after a comparator word
# What _worded reads starts like this; anything else is a numeral and its unit, or a rank.
_WORDED = re.compile(rf"[两双二三23]位数|[负-]|[0-9]+/|(?:[0-9]+|[{_NUMERAL_CHARS}]+)分|一半|半|首位|榜首")
_PERCENT_DIGITS = 15                                  # a fraction that does not end is rounded to this
# Money below the yuan: 角 and 毛 are 0.1 元, 分 0.01 元; a last digit after 块 counts 毛, after 毛 分.
_JIAO_FEN = re.compile(rf"(?:零?({_DIGIT})[角毛])?(?:零?({_DIGIT})分)?")
_AMOUNT_END = r"(?=$|钱|左右|上下|以[上下内]|[^\u4e00-\u9fff0-9.])"
_LAST_DIGIT = re.compile(rf"({_DIGIT}){_AMOUNT_END}")
_SMALL_CHANGE = re.compile(rf"(?:([角毛])(?:零?({_DIGIT})(?:分|{_AMOUNT_END}))?|分)(钱)?")
_KUAI_MONEY = re.compile(rf"钱|零?{_DIGIT}[角毛]|{_DIGIT}{_AMOUNT_END}")   # 三块五, 十块钱: money, not 三块土地
_RANGE_SEP = re.compile(r"[ \t]*(?:-|~|至|到|(和|与))[ \t]*")
_SECOND_DASH = re.compile(r"-[ \t]*")                      # 1万元--5万元; but 6–-5 is 6 to -5
# The low end of a range before a start (7%至6%, 6%至7个): no indicator, but a range the parser refused.
_RANGE_BEFORE = re.compile("[0-9" + re.escape(_NUMERAL_CHARS + "".join({u[-1] for u in UNITS if u})) +
                           r"][ \t]*(?:-|~|至|到|和|与)[ \t]*$")
_OPEN_QUOTES, _CLOSE_QUOTES = "“\"「『‘'", "”\"」』’'"
_FALL = re.compile(r"(?:下降|减少|降低|下滑|回落|负增长)了?$")     # 下降3.2% is a change of -3.2%
_SHARE_REACH = 40
_SHARE = re.compile(r"占(?!比)([^占，,。；;、：:！!？?\s()]{1,30}?)的?(?:比重|份额|比例)?的?"
                    r"(?:达到|达|为|是|已|(?:提高|提升|增加|下降|降低)了?)?$")

_PREFIXES = {
    ">=": ("不低于", "不少于", "不小于", "至少", "最少", "大于等于", "大于或等于", "大于或者等于", "≥", ">="),
    ">": ("超过", "突破", "高于", "多于", "大于", "逾", "超", "过", ">"),
    "<=": ("不超过", "不高于", "不多于", "不大于", "最多", "至多", "小于等于", "小于或等于", "小于或者等于", "≤", "<="),
    "<": ("不到", "不足", "低于", "少于", "小于", "<"),
    "~": ("大约", "大概", "接近", "将近", "约为", "约", "近", "≈", "~"),
}
_SUFFIXES = {
    ">=": ("及以上", "或以上", "(含)以上", "以上(含)", "以上"),
    ">": ("以上(不含)",),
    "<=": ("及以下", "或以下", "(含)以下", "以下(含)", "以下", "以内", "之内"),
    "<": ("以下(不含)",),
    "~": ("左右", "上下"),
}
_AFTER_PREFIX = re.compile(r"了|有|为|是|达到|达")    # 超过了, 至少有, 最多为
# One-character comparators that end other words: 通过, 签约, 最近, 赶超.
_NOT_AFTER = {"过": "通经超不越度错路跨放难穿闯", "约": "签节预合制公条特邀履违集简婚契", "近": "最附邻靠亲接将贴逼",
              "超": "赶"}
_FILLERS = ("同比增长", "年均增长", "增长率", "增长", "增加", "增速", "增幅", "提高", "提升", "达到", "达", "完成",
            "实现", "新增", "引进", "签约", "落地", "保持", "力争", "确保", "争取", "预计", "累计", "总计", "合计",
            "共计", "共", "全年", "年均", "同比", "总投资", "投资", "进入", "跻身", "位列", "位居", "排名", "稳居",
            "跃居", "冲入", "占比", "为", "是", "人民币")


def _words(table: dict[str, tuple[str, ...]]) -> tuple[dict[str, str], re.Pattern[str]]:
    """A word -> comparator map and a regex that matches the longest word."""
    by_word = {word: comparator for comparator, words in table.items() for word in words}
    return by_word, re.compile("|".join(re.escape(w) for w in sorted(by_word, key=len, reverse=True)))


_PREFIX_WORDS, _PREFIX = _words(_PREFIXES)
_SUFFIX_WORDS, _SUFFIX = _words(_SUFFIXES)
# Every character a quantity can start with: a comparator word's first, a numeral's, a sign, a
# currency symbol, and 两位数, 百分之, 半数, 首位/榜首, 第N, 前N. Elsewhere `_read` cannot succeed, so
# `find_quantities` jumps from one of these to the next instead of trying every position.
_STARTS = re.compile("[" + re.escape("".join(sorted(
    {word[0] for word in _PREFIX_WORDS} | set(_SYMBOL_CURRENCY) | set(_WIDTHS) | set(_NUMERAL_CHARS)
    | set("0123456789负-+第前首榜半")))) + "]")
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
    """The value of a numeral without 点: 一万二千, 1.2万, 3千5百, 一亿零五, 百亿, 廿二, 四万万."""
    reader = _IntegerReader()
    tokens = _TOKEN.findall(numeral)
    for index, token in enumerate(tokens):
        if token in _PLACES:
            reader.add_place(token)
        elif token in _SECTIONS:
            reader.close_section(token, tokens[index - 1] if index else None)
        elif token in _TENS:
            reader.add_digit(_TENS[token])
            reader.add_place("十")
        elif token in _CN_DIGITS or token[0].isdigit():
            reader.add_digit(token)
        else:
            raise ValueError(f"{token!r} is not part of a number")
    return reader.value()


class _IntegerReader:
    """What _read_integer has read of a numeral so far, so that each kind of token has a method of its own."""

    __slots__ = ("total", "high", "section", "digit", "last_place", "section_place", "zero", "single", "started")

    def __init__(self) -> None:
        self.total = self.high = self.section = Decimal(0)  # 亿 groups so far, the 万 part, the part below 万
        self.digit: Decimal | None = None  # a digit not yet multiplied by a place
        self.last_place = 0  # for 一万二 (= 一万二千): the place before a final digit
        self.section_place = 10**5  # places fall within a section: 一千二百, not 二百一千
        self.zero = self.single = False  # single: one digit, which a place before it scales (一万二, 2万5)
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
        elif previous != "万":
            raise ValueError(f"{token} right after 亿")
        else:  # 万亿: 亿 multiplies the 万 before it; 万万 (四万万) is the old way to write 亿
            group = Decimal(0)
            if token == "万":
                token, self.high = "亿", self.high / 10**4
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
            self.digit, self.single = Decimal(_CN_DIGITS.get(token, token.replace(",", ""))), len(token) == 1

    def value(self) -> Decimal:
        """The numeral's value once every token is read."""
        digit = self.digit
        if digit is not None and self.single and not self.zero and self.last_place >= 100:
            digit *= self.last_place // 10  # 一万二 is 一万二千, 三百五 is 三百五十, 2万5 is 25000 (1万600 is 10600)
        return self.total + self.high + self.section + (digit or 0)


def _read_number(numeral: str) -> Decimal:
    """The value of a normalised numeral, with a Chinese decimal part (三点一四, 一点二万亿) if any."""
    if _PLAIN_ARABIC.fullmatch(numeral):          # most numbers in reports: no token reader needed
        return Decimal(numeral.replace(",", ""))
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


def _approximate(numeral: str) -> tuple[Decimal, Decimal] | None:
    """An approximate range written with adjacent digits: 三五百 (300-500), 十五六, 三两个 (2-3), 十几 (11-19)."""
    if "几" in numeral:
        low, high = numeral.replace("几", "一"), numeral.replace("几", "九")
    else:
        pairs = _PAIR.findall(numeral)
        if len(pairs) != 1:
            return None
        first, second = pairs[0]
        if (first, second) == ("三", "两"):
            first, second = "两", "三"
        elif not 0 < _CN_DIGITS[second] - _CN_DIGITS[first] <= 2:
            return None
        pair = "".join(pairs[0])
        low, high = numeral.replace(pair, first, 1), numeral.replace(pair, second, 1)
    try:
        return _read_number(low), _read_number(high)
    except ValueError:
        return None


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


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    """part/whole in percent, to 15 significant digits: 三分之一 is 33.3333333333333."""
    with localcontext() as context:
        context.prec = _PERCENT_DIGITS
        return Decimal(100) * part / whole


def rounded_by_parser(value: float) -> bool:
    """Whether a value is a fraction the parser had to round (三分之一 is 33.3333333333333): it carries
    15 significant digits, which no number written in a document does."""
    return len(Decimal(repr(float(value))).normalize().as_tuple().digits) >= _PERCENT_DIGITS


# --- quantities -------------------------------------------------------------------------------------

class _Num(NamedTuple):
    """A numeral read at some position: where it ends, its text and value, the high end of 三五百."""

    end: int
    text: str
    value: Decimal
    high: Decimal | None = None


@dataclass(slots=True)            # not frozen: a frozen dataclass is slower to make, and find makes one per numeral
class _Part:
    """A quantity's body, without the comparator words around it."""

    end: int
    value: Decimal
    unit: str | None              # None: a bare number (the low end of 6-7%) or an ordinal
    comparator: str = "="         # from the body itself: 前十, 百强, 10余家, 两位数
    numeral: str = ""
    explicit: bool = True         # the unit is written (十强 and 前十 only imply 位)
    ordinal: bool = False         # 第十二届: read, but no quantity
    value_max: Decimal | None = None  # the high end of an approximate range (三五百)
    words: bool = False           # the unit is written before the number (百分之三十): it serves a range's high end
    scale: int = 1                # what the numeral is multiplied by: 10 for 成, so 二至三成 is 20-30%


@dataclass(frozen=True)
class _Read:
    end: int
    quantity: Quantity | None     # None for an ordinal, consumed without a quantity
    explicit: bool = True


def _glued(s: str, j: int) -> bool:
    """Whether s[j] continues the number or code before it (ICP备06041465 no, 2023-12, v1.2 and 几十 yes).
    A Latin word before a number names the indicator (GDP307.3亿元), so letters do not glue; 上千, like 几十,
    gives no number."""
    before = s[j - 1] if j else ""
    if not before:
        return False
    if before.isascii():   # and 1,20,000: a comma after a digit (not 项目,99个, where it is punctuation)
        return before.isdigit() or before in "._@/#%" or (before == "," and j > 1 and s[j - 2].isdigit())
    return before in _NUMERAL_CHARS or (before in "几数" and s[j] in _NUMERAL_CHARS) or (
        before == "上" and s[j] in "百千万亿")


def _numeral_at(s: str, j: int, strict: bool) -> _Num | None:
    """A signed numeral starting at j, or an approximate range of two (三五百)."""
    negative = s.startswith("负", j) or (s.startswith("-", j) and not _glued(s, j))
    start = j + (negative or (s.startswith("+", j) and not _glued(s, j)))
    match = _NUMERAL.match(s, start)
    if match is None or (start == j and _glued(s, start)):
        return None
    text = match.group()
    if strict and text.startswith("一") and start and s[start - 1] in _WORD_BEFORE_ONE:
        return None
    if text[0] in _SECTIONS and not _BARE_MAGNITUDE.fullmatch(text):    # 万一 is a word
        return None
    try:
        value = _read_number(text)
    except ValueError:
        span = _approximate(text)
        if span is None or negative:
            return None
        return _Num(match.end(), text, *span)
    return _Num(match.end(), text, -value if negative else value)


def _unit_at(s: str, k: int) -> tuple[str, int] | None:
    """The unit written at k, canonical, and where it ends."""
    match = _UNIT.match(s, k)
    if match is None or s.startswith(_NOT_A_COUNTER.get(match.group(), ()), match.end()):
        return None
    return _CANONICAL_UNIT.get(match.group(), match.group()), match.end()


def _value_and_unit(numeral: str, unit: str) -> tuple[int, str]:
    """(factor, unit): the numeral's trailing magnitude moves into the unit where the unit table has the pair."""
    magnitude = _TRAILING_MAGNITUDE.search(numeral)
    if magnitude is None:
        return 1, unit
    arabic = re.fullmatch(_ARABIC, numeral[: magnitude.start()]) is not None
    tail = magnitude.group()
    for size in range(len(tail), 0, -1):
        word = tail[-size:]
        if (arabic or word in ("万亿", "亿", "万")) and word in MAGNITUDES and word + unit in UNITS:
            return int(MAGNITUDES[word]), word + unit
    return 1, unit


def _names_a_thing(s: str, k: int) -> bool:
    return s.startswith(_ORDINAL_NOUNS, k) or _UNIT.match(s, k) is not None


def _ordinal(s: str, j: int) -> _Part | None:
    """After 第: 第五, 第5位, 第5名 are ranks; 第十二届, 第一季度 are ordinals of other things."""
    numeral = _numeral_at(s, j, strict=False)
    if numeral is None or numeral.high is not None:
        return None
    end, text, value, _ = numeral
    if s.startswith(("位", "名"), end):
        return _Part(end + 1, value, RANK, numeral=text)
    if _names_a_thing(s, end):
        return _Part(end, value, None, ordinal=True)
    return _Part(end, value, RANK, numeral=text, explicit=False)


def _top(s: str, j: int) -> _Part | None:
    """After 前: 前十, 前100位, 前十强 are ranks at or above; 前三季度 is no rank."""
    numeral = _numeral_at(s, j, strict=False)
    if numeral is None or numeral.high is not None:
        return None
    end, text, value, _ = numeral
    if s.startswith(("位", "名", "强"), end):
        return _Part(end + 1, value, RANK, "<=", text, explicit=s[end] != "强")
    if _names_a_thing(s, end):
        return None
    return _Part(end, value, RANK, "<=", text, explicit=False)


_AFTER_NUMERAL = frozenset(" \t\u00a0\u3000多余来")


def _after_numeral(s: str, k: int, numeral: str) -> tuple[str, int]:
    """10余家 and 100多亿元 are more than the number; 十来家 and 两百来个 (a round number) are about it."""
    if s.startswith(("多", "余"), k):
        return ">", k + 1
    if s.startswith("来", k) and numeral[-1] in "十百千万亿0":
        return "~", k + 1
    return "=", k


def _counted(s: str, j: int, strict: bool) -> _Part | None:
    """A numeral and its unit (477亿元, 10余家, 百强, ¥1,200, 九成, 三块五), or a bare numeral."""
    currency = _SYMBOL_CURRENCY.get(s[j: j + 1])
    num = _numeral_at(s, _skip_spaces(s, j + 1) if currency else j, strict)
    if num is None:
        return None
    comparator, k = "=", num.end
    if s[k:k + 1] in _AFTER_NUMERAL:
        comparator, k = _after_numeral(s, _skip_spaces(s, k), num.text)
    after = s[k:k + 1]
    if after == "强" and num.high is None:
        return _Part(k + 1, num.value, RANK, "<=", num.text, explicit=False)
    if after and after in "成角毛分":
        return _tenths(s, k, num, comparator) or _small_change(s, k, num, comparator, strict)
    found = _unit_after(s, k, strict) or ((currency, k, False) if currency else None)
    if found is None:
        return _Part(num.end, num.value, None, numeral=num.text, value_max=num.high) if comparator == "=" else None
    unit, k, spoken = found
    if strict and unit == RANK:
        return None
    factor, unit = _value_and_unit(num.text, unit)
    if UNITS[unit].kind != "money" and _BARE_MAGNITUDE.fullmatch(num.text):
        return None
    value, high = num.value, num.high
    if factor != 1:
        value, high = value / factor, None if high is None else high / factor
    if UNITS[unit].kind == "money" and high is None:
        value, unit, k = _add_cents(s, k, value, unit, spoken)
    return _Part(k, value, unit, comparator, num.text, value_max=high)


def _unit_after(s: str, k: int, strict: bool) -> tuple[str, int, bool] | None:
    """(unit, end, spoken): the unit at k; 块 is 元 (spoken: a last digit counts 毛), in a passage only
    when money follows (三块五, 十块钱; 三块土地 counts plots)."""
    if s.startswith("块", k):
        if strict and not _KUAI_MONEY.match(s, k + 1):
            return None
        return "元", k + 1, True
    found = _unit_at(s, k)
    return None if found is None else (*found, False)


def _tenths(s: str, k: int, num: _Num, comparator: str) -> _Part | None:
    """九成 is 90%, 三成半 35%, 五成五 55%, 七八成 70-80%, 三成多 more than 30%."""
    match = _TENTH.match(s, k)
    if match is None or _BARE_MAGNITUDE.fullmatch(num.text):
        return None
    extra, end = match.group(1), match.end()
    if extra and num.high is not None:
        return None
    if not extra and comparator == "=" and s.startswith(("多", "余"), end):   # 三成多: more than 30%
        comparator, end = ">", end + 1
    value = num.value * 10 + (5 if extra == "半" else Decimal(_CN_DIGITS.get(extra, extra)) if extra else 0)
    high = None if num.high is None else num.high * 10
    return _Part(end, value, PERCENT, comparator, num.text, value_max=high, scale=10)


def _small_change(s: str, k: int, num: _Num, comparator: str, strict: bool) -> _Part | None:
    """五毛, 八毛五, 玖角玖分, 一分钱: an amount below one 元; in a passage only before 钱 (金三角, 得分5分)."""
    match = _SMALL_CHANGE.match(s, k)
    if match is None or num.high is not None or (strict and not match.group(3)):
        return None
    jiao, fen = match.group(1, 2)
    if jiao is None:
        value = num.value / 100
    else:
        value = num.value / 10 + (Decimal(_CN_DIGITS.get(fen, fen)) / 100 if fen else 0)
    return _Part(match.end(), value, "元", comparator, num.text)


def _add_cents(s: str, k: int, value: Decimal, unit: str, spoken: bool) -> tuple[Decimal, str, int]:
    """Add the 角 and 分 of financial writing (壹拾元零伍分, 壹万元伍角) or speech (三块五, 两块五毛, 五块三毛二),
    and pass a closing 整 or 钱."""
    cents = _JIAO_FEN.match(s, k)
    jiao, fen = cents.groups() if cents else (None, None)
    end = cents.end() if cents else k
    last = _LAST_DIGIT.match(s, end) if fen is None and (spoken or jiao) else None
    if last is not None:
        jiao, fen = (jiao, last.group(1)) if jiao else (last.group(1), None)
        end = last.end()
    end += s.startswith(("整", "钱"), end)
    if jiao is None and fen is None:
        return value, unit, end
    currency = max((c for c in CURRENCIES if unit.endswith(c)), key=len)
    tenths, hundredths = (Decimal(_CN_DIGITS.get(d, d) if d else 0) for d in (jiao, fen))
    return value * int(UNITS[unit].factor) + tenths / 10 + hundredths / 100, currency, end


def _fraction(s: str, j: int) -> _Part | None:
    """三分之一, 五分之6, 百分之五, 千分之15, 万分之三, 百分三十, 百分百, 1/8: all in percent."""
    slash = _SLASH.match(s, j)
    if slash is not None and not _glued(s, j):
        part, whole = (Decimal(n) for n in slash.groups())
        return _Part(slash.end(), _percent(part, whole), PERCENT, numeral=slash.group()) if part < whole else None
    match = _FRACTION.match(s, j)
    if match is None or _glued(s, j):
        return None
    try:
        whole = _read_number(match.group(1) or "百")
    except ValueError:
        return None
    num = _numeral_at(s, match.end(), strict=False)
    if num is None or not whole:
        return None
    high = None if num.high is None else _percent(num.high, whole)
    return _Part(num.end, _percent(num.value, whole), PERCENT, numeral=num.text, value_max=high, words=True)


def _half(s: str, j: int, prefixed: bool) -> _Part | None:
    """一半 and 半数 are 50%, 半成 5%, 半个百分点 0.5 points; 半 alone only after a comparator word (过半)."""
    if s.startswith(("一半", "半数"), j) and not (j and s[j - 1] in _WORD_BEFORE_ONE):
        return _Part(j + 2, Decimal(50), PERCENT, numeral=s[j:j + 2])
    if s.startswith("半成", j):
        return _Part(j + 2, Decimal(5), PERCENT, numeral="半")
    if s.startswith("半个百分点", j):
        return _Part(j + 5, Decimal("0.5"), PERCENTAGE_POINTS, numeral="半")
    if prefixed and s.startswith("半", j) and _HALF_ALONE.match(s, j + 1):
        return _Part(j + 1, Decimal(50), PERCENT, numeral="半")
    return None


def _negated(part: _Part | None) -> _Part | None:
    if part is None:
        return None
    high = None if part.value_max is None else -part.value
    return replace(part, value=-(part.value_max if part.value_max is not None else part.value), value_max=high)


def _body(s: str, j: int, strict: bool, prefixed: bool = False) -> _Part | None:
    """The quantity that starts at j, after any comparator word."""
    if _WORDED.match(s, j):                                # one test keeps the rarer forms off the common path
        part = _worded(s, j, prefixed)
        if part is not None:
            return part
    if s.startswith("第", j):
        return _ordinal(s, j + 1)
    if s.startswith("前", j) and not (j and s[j - 1] in _NOT_TOP):
        return _top(s, j + 1)
    return _counted(s, j, strict)


def _worded(s: str, j: int, prefixed: bool) -> _Part | None:
    """两位数, 负百分之九十八, fractions, halves and 首位: the bodies that are more than a numeral and its unit."""
    width = _DIGIT_WIDTH.match(s, j)
    if width:
        return _Part(width.end(), Decimal(10) ** (_WIDTHS[width.group(1)] - 1), PERCENT, ">=")
    if s.startswith(("负", "-"), j) and not _glued(s, j):
        return _negated(_fraction(s, j + 1))
    if s.startswith(("首位", "榜首"), j):                      # 位居全市首位: first place
        return _Part(j + 2, Decimal(1), RANK, numeral=s[j:j + 2])
    return _fraction(s, j) or _half(s, j, prefixed)


def _in_unit(left: _Part, unit: str, scale: int) -> Decimal | None:
    """A range's low end in the high end's unit: 6-7% and 二至三成 (bare), 5000万-1亿元, 8000万元~1.2亿元."""
    if left.unit is None:
        return left.value / int(UNITS[unit].factor) if left.numeral[-1:] in _SECTIONS else left.value * scale
    if left.unit == unit:
        return left.value
    low, high = UNITS[left.unit], UNITS[unit]
    if low.base != high.base or low.kind not in ("money", "count"):
        return None
    return left.value * int(low.factor) / int(high.factor)


def _range(s: str, left: _Part, strict: bool) -> tuple[int, Decimal, Decimal, str] | None:
    """6%-7%, 6-7%, 6到7个百分点, 5000万-1亿元, 百分之三十到四十一, 介于5%和8%之间: (end, low, high, unit)."""
    sep = _RANGE_SEP.match(s, left.end)
    if sep is None or left.comparator != "=" or left.value_max is not None:
        return None
    ranged = _range_to(s, left, sep.end(), bool(sep.group(1)), strict)
    second = _SECOND_DASH.match(s, sep.end()) if ranged is None and sep.group().strip() == "-" else None
    return ranged if second is None else _range_to(s, left, second.end(), False, strict)


def _range_to(s: str, left: _Part, j: int, joined: bool, strict: bool) -> tuple[int, Decimal, Decimal, str] | None:
    """The range from left to the high end at j; joined: the ends are joined by 和, as only 之间 closes."""
    right = _body(s, j, strict)
    if right is None or right.comparator != "=" or right.value_max is not None or right.ordinal:
        return None
    end = right.end + 2 * s.startswith("之间", right.end)
    if joined and end == right.end:
        return None
    unit = right.unit if right.unit is not None else left.unit if left.words else None
    low = None if unit is None else _in_unit(left, unit, right.scale)
    return (end, low, right.value, unit) if low is not None and unit is not None and low <= right.value else None


def _prefix(s: str, i: int) -> tuple[str, int]:
    """The comparator word at i (超过, 不低于, 约, 至少有 ...) and where the number starts, or ("=", i)."""
    match = _PREFIX.match(s, i)
    if match is None or (i and s[i - 1] in _NOT_AFTER.get(match.group(), "")):
        return "=", i
    particle = _AFTER_PREFIX.match(s, match.end())
    return _PREFIX_WORDS[match.group()], _skip_spaces(s, particle.end() if particle else match.end())


def _suffix(s: str, k: int) -> tuple[str, int]:
    """The comparator word after a quantity (以上, 以内, 左右, (含)以上 ...) and where it ends, or ("=", k)."""
    match = _SUFFIX.match(s, k)
    if match is None or s.startswith("上下游", k):
        return "=", k
    return _SUFFIX_WORDS[match.group()], match.end()


def _bare(body: _Part) -> _Part | None:
    """A number without a unit, its trailing magnitude as the unit (16.4亿); a magnitude alone is a word."""
    if _BARE_MAGNITUDE.fullmatch(body.numeral):
        return None
    factor, unit = _value_and_unit(body.numeral, NUMBER)
    high = None if body.value_max is None else body.value_max / factor
    return replace(body, value=body.value / factor, value_max=high, unit=unit)


def _read(s: str, i: int, strict: bool) -> _Read | None:
    """The quantity that starts at i, with its comparator words, or None."""
    comparator, j = _prefix(s, i)
    body = _body(s, j, strict, prefixed=j != i)
    if body is None:
        return None
    if body.ordinal:
        return _Read(body.end, None) if j == i else None
    ranged = _range(s, body, strict)
    if ranged is not None:
        end, low, high, unit = ranged
        return _Read(end, _quantity(s, i, "range", low, high, unit))
    if body.unit is None:
        body = None if strict else _bare(body)
        if body is None:
            return None
    after, end = _suffix(s, body.end)
    chosen = "range" if body.value_max is not None else next(
        (c for c in (comparator, body.comparator, after) if c != "="), "=")
    return _Read(end, _quantity(s, i, chosen, body.value, body.value_max, body.unit or NUMBER), body.explicit)


def _quantity(s: str, i: int, comparator: str, value: Decimal, value_max: Decimal | None, unit: str) -> Quantity:
    """The Quantity read at s[i:], made negative after 下降 and given the whole of a share (占全市…)."""
    if i > 1 and s[i - 1] in "降少低滑落长了" and value >= 0 and _FALL.search(s, i - 4 if i > 4 else 0, i):
        value, value_max = (-value, None) if value_max is None else (-value_max, -value)
    q = _made(comparator, float(value), None if value_max is None else float(value_max), UNITS[unit])
    if q.kind == "percent" and s.find("占", max(0, i - _SHARE_REACH), i) >= 0:
        share = _SHARE.search(s, max(0, i - _SHARE_REACH), i)
        return replace(q, share_of=share.group(1)) if share else q
    return q


def make_quantity(comparator: str, value: float, unit: str, value_max: float | None = None) -> Quantity:
    """A Quantity from its written parts; the base values come from the unit table."""
    if comparator not in COMPARATORS:
        raise _error(_written(comparator, value, unit, value_max),
                     f"unknown comparator {comparator!r}; use one of {', '.join(COMPARATORS)}")
    if (comparator == "range") != (value_max is not None):
        raise _error(_written(comparator, value, unit, value_max), "a range, and only a range, has a value_max")
    canonical = _CANONICAL_UNIT.get(unit, normalise_unit(unit))
    try:
        info = lookup_unit(canonical)
    except UnknownUnitError:
        raise _error(_written(comparator, value, unit, value_max), f"unknown unit {canonical!r}") from None
    return _made(comparator, float(value), None if value_max is None else float(value_max), info)


def _made(comparator: str, value: float, value_max: float | None, unit: Unit) -> Quantity:
    """The Quantity of checked parts: the parser's own, which need no checking (find makes one per number)."""
    high_base = None if value_max is None else unit.base_value(value_max)
    return Quantity(comparator, value, value_max, unit.written, unit.base_value(value), high_base, unit.base, unit.kind)


def _written(comparator: str, value: float, unit: str, value_max: float | None) -> str:
    return f"{comparator} {value} {unit}" + ("" if value_max is None else f" {value_max}")


def parse_quantity(text: str) -> Quantity:
    """One expression that ends in its quantity: 10个以上, 超过90%, 百亿元, 6%-7%, 第五, 三分之一, 一千零十,
    GDP307.3亿元 (words before a quantity with a unit name the indicator); anything after it is an error."""
    core = _normalise(text).strip()
    leading = _LEADING_FILLERS.match(core)
    core = _TRAILING_FILLERS.sub("", core[leading.end():] if leading else core)
    covered = 0                                   # a start inside an earlier reading is part of it: 三分之一强
    for start in _STARTS.finditer(core):
        i = start.start()
        read = None if i < covered or (i and _RANGE_BEFORE.search(core, 0, i)) else _read(core, i, strict=False)
        if read is not None and _whole(core, i, read):
            return read.quantity
        covered = max(covered, read.end if read else 0)
    raise _error(text, _why(core))


def _whole(core: str, i: int, read: _Read) -> bool:
    """Whether the read at i is the expression's quantity: it runs to the end, and the words before it can
    name an indicator; a number without a unit must stand alone (电话13812345678 is a code)."""
    if read.quantity is None or read.end != len(core):
        return False
    return not i or read.quantity.kind != "number"


def _why(core: str) -> str:
    """Why parse_quantity could not read a text."""
    read = _read(core, 0, strict=False) if core else None
    if read is not None:
        return _why_read(core, read)
    numeral = _NUMERAL.search(core)
    if numeral is None:
        return "no number in it"
    try:
        _read_number(numeral.group())
    except ValueError as error:
        return str(error)
    start = numeral.start()
    if start and _glued(core, start) and core[start - 1] in "几数上":
        return f"{core[start - 1:numeral.end()]!r} gives no number: it has no bound"
    if start:
        bare = _read(core, start, strict=False)
        if bare is not None and bare.end == len(core):
            return f"a number without a unit stands alone: after {core[:start]!r} it is a code or a name"
        return _why(core[start:])
    if _BARE_MAGNITUDE.fullmatch(numeral.group()) or numeral.group()[0] in _SECTIONS:
        return f"{numeral.group()!r} is a word here, not a number (write the number: 1000亿元)"
    return f"no unit after {numeral.group()!r} (a unit such as %, 个百分点, 亿元, 家, 位)"


def _why_read(core: str, read: _Read) -> str:
    """Why a quantity read at the start of a text is not all of it."""
    if read.quantity is None:
        return "an ordinal (第…届), not a quantity"
    rest = core[read.end:]
    if _RANGE_SEP.match(rest):
        if read.quantity.kind == "number":
            return "numbers joined by a dash without a unit are a date or a code, not a range"
        return "a range runs from low to high in one unit"
    if read.quantity.kind == "number":
        return (f"no unit after {core[:read.end]!r}: {rest!r} is not a unit zonecmp reads "
                "(a unit such as %, 个百分点, 亿元, 家, 位)")
    return f"{rest!r} after the quantity"


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
    return _shared_comparators(s, found)


_EACH = re.compile(r"(?:分别|均|各)(?:为|是|达到|达)?$")   # 分别不少于1家、1家和7家: the comparator of each
_LIST_JOIN = re.compile(r"[ \t]*(?:、|,|和|及|与|以及)[ \t]*$")


def _shared_comparators(s: str, found: list[tuple[int, int, Quantity]]) -> list[tuple[int, int, Quantity]]:
    """A comparator written once before a list after 分别 or 均 holds for every item of it: in
    分别不少于1家、1家和7家 each of the three is at least (the list names each item's number, not its own
    comparator). An item written with a comparator of its own keeps it."""
    result = list(found)
    for n, (start, _, first) in enumerate(found):
        if first.comparator in ("=", "range") or not _EACH.search(s, 0, start) or s[start] in "0123456789":
            continue
        for m in range(n + 1, len(found)):
            gap_start, (start_m, end_m, item) = result[m - 1][1], found[m]
            if not _LIST_JOIN.fullmatch(s, gap_start, start_m) or item.kind != first.kind:
                break
            if item.comparator == "=":
                result[m] = (start_m, end_m, replace(item, comparator=first.comparator))
    return result
