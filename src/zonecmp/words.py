"""What people read, in the language they chose: column headers, titles, notes and verdict words.

Only a table or markdown, and the notes on stderr, are for people; CSV, TSV, JSON and xlsx keep the
English column names and codes (`raised`, `new`, `met`) that scripts match on, whatever the language.
The English text is the key, as gettext does it, so a call site reads as its English output, and a
text missing from the Chinese table shows in English rather than failing. Error messages stay English.
Like errors.py, this module depends on nothing of zonecmp's, so every layer may use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Column headers of the frames people read, by their English (machine) name.
HEADERS_ZH = {
    "metric": "指标", "metric_name": "指标", "detail": "说明", "kind": "类型", "zone": "高新区",
    "zone_name": "高新区名称", "period": "期间", "stated": "表述", "value": "数值", "value_max": "上限值",
    "unit": "单位", "fact_id": "事实编号", "id": "编号", "tier": "档次", "quote": "原文", "left": "左侧",
    "right": "右侧", "change": "变化", "verdict": "结论", "reason": "原因", "target": "目标", "actual": "实际",
    "gap": "差距", "met_of_assessed": "完成情况", "targets": "目标数", "assessed": "已评估", "met": "已完成",
    "missed": "未完成", "estimated": "据预计", "not_comparable": "不可比", "rank": "名次", "label": "标签",
    "value_base": "基准数值", "base_unit": "基准单位", "bar": "条长", "note": "备注", "field": "字段",
    "name": "名称", "name_en": "英文名称", "province": "省份", "city": "城市", "level": "级别",
    "identity": "身份", "unit_kind": "单位类型", "published": "发布日期", "zones": "高新区", "title": "标题",
}

# Words inside cells and titles: kinds, verdicts, and the fields `show` lists.
WORDS_ZH = {
    "target": "目标", "actual": "实际", "targets": "目标", "actuals": "实际", "Targets": "目标",
    "Actuals": "实际", "raised": "提高", "lowered": "降低", "same": "持平", "changed": "有变化",
    "new": "新增", "dropped": "删除", "not comparable": "不可比", "met": "已完成", "missed": "未完成",
    "met (estimate)": "已完成（预计）", "missed (estimate)": "未完成（预计）", "all years": "全部年份",
    "Facts": "事实", "Zones": "高新区", "Metrics": "指标", "Sources": "来源",
    "largest first": "从大到小", "smallest first": "从小到大", "in time order": "按时间顺序",
    "a smaller number is a higher place": "数字越小名次越高",
    "id": "编号", "zone": "高新区", "metric": "指标", "period": "期间", "kind": "类型", "tier": "档次",
    "stated": "表述", "value_base": "基准数值", "detail": "说明", "quote": "原文", "context": "上下文",
    "note": "备注", "source": "来源", "publisher": "发布者", "published": "发布日期", "document": "文档",
    "url": "网址", "defined at": "定义位置", "conflict": "冲突",
    "yes: another source gives a different value": "是：另有来源给出不同的数值",
    "not stated": "未提及", "withdrawn": "不再提及", "now stated": "转为提及",
}

# Titles and notes, by their English template; the fields are filled in already translated.
TEXTS_ZH = {
    "{kinds}, {years}": "{kinds}，{years}",
    "Compare {zones}": "对比 {zones}",
    "{left} → {right} ({kinds})": "{left} → {right}（{kinds}）",
    "{label}, {kinds} {years}: {order}": "{label}，{kinds}，{years}：{order}",
    "{zone}: {title}": "{zone}：{title}",
    "{title}; bars to one scale in {unit}": "{title}；条长按同一刻度（{unit}）",
    "Targets met per zone": "各高新区目标完成情况",
    "Targets met per zone, {years}": "各高新区目标完成情况，{years}",
    "Targets against actuals, {years}: a target with no comparator is a floor (a rank: a ceiling); ~ within "
    "±{points} pp for percents, ±{percent}% of the target otherwise":
        "目标对照实际，{years}：未写比较符的目标为下限（名次为上限）；~ 的允许偏差：百分数 ±{points} 个百分点，"
        "其他为目标的 ±{percent}%",
    "{verdict}: {reason}": "{verdict}：{reason}",
    "{met} of {assessed}": "{assessed} 项中 {met} 项",
    "{kind} (estimate)": "{kind}（预计）",
    "note: {note}": "提示：{note}",
    "no rows match": "没有符合的行",
    "no {kinds} match these filters": "没有符合条件的{kinds}",
    "no {kinds} of {metric} match these filters": "{metric}没有符合条件的{kinds}",
    "no facts match these filters": "没有符合条件的事实",
    "Coverage, {years}: t targets, a actuals; paired: targets attainment sets beside an actual":
        "覆盖情况，{years}：t 为目标，a 为实际；paired 为 attainment 与实际配对的目标",
    "these zones have no facts that match": "这些高新区没有符合条件的事实",
    "neither side has {kinds}": "两侧都没有{kinds}",
    "no zone has both a target and an actual for the same metric and period":
        "没有高新区在同一指标、同一期间既有目标又有实际",
    "{side} has no {kinds}; {zone} has {kinds} for {periods}": "{side} 没有{kinds}；{zone} 有{kinds}的期间：{periods}",
    "{side} has no {kinds}; {zone} has no {kinds} at all": "{side} 没有{kinds}；{zone} 没有任何{kinds}",
}


def header(name: str, lang: str) -> str:
    """A column's header as people read it: the machine name in English, its Chinese name in zh."""
    return HEADERS_ZH.get(name, name) if lang == "zh" else name


def word(code: str, lang: str) -> str:
    """A code (a verdict, a kind, a field of `show`) as people read it in the language."""
    return WORDS_ZH.get(code, code) if lang == "zh" else code


def say(template: str, lang: str, **fields: object) -> str:
    """A title or note from its English template, in the language; the fields go in as given."""
    return (TEXTS_ZH.get(template, template) if lang == "zh" else template).format(**fields)


def listed(items: Iterable[object], lang: str) -> str:
    """Items named in a row: 'tangshan, weihai', or with the enumeration comma, 'tangshan、weihai'."""
    return ("、" if lang == "zh" else ", ").join(map(str, items))


def years(chosen: Iterable[int], lang: str) -> str:
    """The years a title names: '2023, 2024' or '2023、2024年'; 'all years' when none is chosen."""
    chosen = list(chosen)
    if not chosen:
        return word("all years", lang)
    return listed(chosen, lang) + ("年" if lang == "zh" else "")


# Reasons a row is not comparable or unranked: fixed phrases, and the forms that name what differs.
REASONS_ZH = {
    "qualitative": "定性表述", "qualitative: compare the wording": "定性表述，请对照原文措辞",
    "qualitative target: compare the wording": "目标为定性表述，请对照原文措辞",
    "qualitative actual: compare the wording": "实际为定性表述，请对照原文措辞",
    "sources disagree on the actual": "各来源的实际数值不一致",
    "sources disagree on one side; see `zonecmp facts`": "一侧的来源说法不一致，见 `zonecmp facts`",
    "several facts on one side; see `zonecmp facts`": "一侧有多条事实，见 `zonecmp facts`",
    "a range compares by its midpoint": "区间按中点比较", "percent against percentage points": "百分比对百分点",
    "a smaller rank number is a higher place": "名次数字越小越靠前", "a smaller number is better": "数字越小越好",
    "one source states it, another does not; see `zonecmp show`": "一个来源有表述，另一个来源未提及，见 `zonecmp show`",
    "a year": "全年", "a half": "半年", "a quarter": "季度", "a month": "单月", "a span": "多年期", "none": "无",
}
_FORMS_ZH = (
    (re.compile(r"different units: (.+) against (.+)"), "{0} 与 {1} 单位不同"),
    (re.compile(r"different qualifiers: (.+) against (.+)"), "{0} 与 {1} 限定条件不同"),
    (re.compile(r"the actual is only a bound \((.+)\)"), "实际值只是一个界限（{0}）"),
    (re.compile(r"same number, comparator (.+) → (.+)"), "数字相同，比较符 {0} → {1}"),
    (re.compile(r"not stated in (.+)"), "{0} 未提及"),
    (re.compile(r"(.+) states no target"), "{0} 未给出目标"),
    (re.compile(r"(.+) states no actual"), "{0} 未给出实际"),
    (re.compile(r"not stated before, in (.+)"), "此前 {0} 未提及"),
    (re.compile(r"(.+) against (.+)"), "{0}对{1}"),
    (re.compile(r"a total as of (.+)"), "截至 {0} 的累计"),
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def reason(text: str, lang: str) -> str:
    """Why a row is not comparable or unranked, as people read it: the English reason (which machine
    formats keep) in zh, phrase by phrase, its ids and units as they are."""
    if lang != "zh" or not text:
        return text
    if text in REASONS_ZH:
        return REASONS_ZH[text]
    first, dash, last = text.partition("–")  # a run of months, as periods.months_label writes it
    if dash and first in _MONTHS and last in _MONTHS:
        return f"{_MONTHS.index(first) + 1}–{_MONTHS.index(last) + 1}月"
    for form, template in _FORMS_ZH:
        match = form.fullmatch(text)
        if match:
            return template.format(*(reason(part, lang) for part in match.groups()))
    return text
