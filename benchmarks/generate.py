"""Write a synthetic zonecmp data directory of a chosen size, in the real data format.

    python benchmarks/generate.py OUTDIR --facts 100000 [--seed 1]

The directory is self-contained (its own zones.yaml and metrics.yaml, with ids that the bundled
dataset does not use), so `zonecmp --data OUTDIR ...` loads it after the bundled data. Each source is
one zone's work conference for one year: the year's targets and the previous year's results, 20 to
50 facts, and a document that contains every quote verbatim, so `zonecmp check` accepts it.
The same size and seed always give the same bytes.

YAML is written with string formatting rather than yaml.dump: a million facts in well under a minute,
and every value written is a plain number, a quoted unit or Chinese text without YAML syntax in it.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

FIRST_YEAR = 2015
YEARS = 10  # 2015..2024: each year's conference sets that year's targets and reports the year before

# Place-name syllables with their pinyin, for zone names like 安江高新技术产业开发区 (Anjiang ...).
SYLLABLES = {
    "安": "an", "宁": "ning", "平": "ping", "江": "jiang", "山": "shan", "阳": "yang", "新": "xin",
    "德": "de", "兴": "xing", "华": "hua", "东": "dong", "清": "qing", "河": "he", "林": "lin",
    "泉": "quan", "海": "hai", "嘉": "jia", "丰": "feng", "永": "yong", "昌": "chang", "源": "yuan",
    "湖": "hu", "鹤": "he", "云": "yun", "川": "chuan", "金": "jin", "石": "shi", "桂": "gui",
    "荣": "rong", "明": "ming", "远": "yuan", "崇": "chong", "临": "lin", "南": "nan", "春": "chun",
    "文": "wen", "广": "guang", "瑞": "rui", "溪": "xi", "岳": "yue",
}
PROVINCES = ("河北", "山东", "江苏", "浙江", "广东", "湖南", "湖北", "河南", "四川", "安徽", "福建",
             "江西", "陕西", "辽宁", "吉林", "黑龙江", "山西", "云南", "贵州", "广西")


@dataclass(frozen=True)
class MetricSpec:
    """A synthetic metric and how its facts read: `phrase` + number + unit, e.g. 新增高新技术企业12家."""

    id: str
    name: str
    name_en: str
    unit_kind: str
    definition: str
    phrase: str
    unit: str = ""
    low: float = 0.0  # range of the zone's typical value in the first year
    high: float = 0.0
    decimals: int = 0
    growth: float = 1.0  # yearly trend factor of the level (1.0 for rates)
    rank_scope: str = ""
    rank_size: int = 0
    text: str = ""

    @property
    def is_rate(self) -> bool:
        """A growth rate (a percent with no trend): it scatters by points and may be stated as a range."""
        return self.unit_kind == "percent" and self.growth == 1.0


def _growth(key: str, name: str, name_en: str, phrase: str, low: float, high: float) -> MetricSpec:
    return MetricSpec(f"syn_{key}", name, name_en, "percent", f"Year-on-year growth ({name_en}).", phrase,
                      "%", low, high, 1)


def _share(key: str, name: str, name_en: str, phrase: str, low: float, high: float) -> MetricSpec:
    return MetricSpec(f"syn_{key}", name, name_en, "percent", f"{name_en}, as a percentage.", phrase,
                      "%", low, high, 1, 1.02)


def _money(key: str, name: str, name_en: str, phrase: str, unit: str, low: float, high: float,
           decimals: int = 1) -> MetricSpec:
    return MetricSpec(f"syn_{key}", name, name_en, "money", f"{name_en} in the year.", phrase, unit, low,
                      high, decimals, 1.08)


def _count(key: str, name: str, name_en: str, phrase: str, unit: str, low: float, high: float) -> MetricSpec:
    return MetricSpec(f"syn_{key}", name, name_en, "count", f"{name_en} in the year.", phrase, unit, low,
                      high, 0, 1.06)


METRICS: tuple[MetricSpec, ...] = (
    _growth("gdp_growth", "地区生产总值增速", "GDP growth", "地区生产总值增长", 4, 9),
    _growth("industrial_value_added_growth", "规模以上工业增加值增速", "Industrial value added growth",
            "规模以上工业增加值增长", 5, 14),
    _growth("fixed_asset_investment_growth", "固定资产投资增速", "Fixed-asset investment growth",
            "固定资产投资增长", 4, 18),
    _growth("budget_revenue_growth", "一般公共预算收入增速", "Budget revenue growth", "一般公共预算收入增长", 3, 11),
    _growth("retail_sales_growth", "社会消费品零售总额增速", "Retail sales growth", "社会消费品零售总额增长",
            4, 10),
    _growth("foreign_trade_growth", "外贸进出口总额增速", "Foreign trade growth", "外贸进出口总额增长", 3, 18),
    _growth("high_tech_output_growth", "高新技术产业产值增速", "High-tech output growth", "高新技术产业产值增长",
            6, 20),
    _growth("tax_revenue_growth", "税收收入增速", "Tax revenue growth", "税收收入增长", 3, 12),
    _share("rd_intensity", "研发经费投入强度", "R&D intensity", "研发经费投入强度达到", 2, 7),
    _share("high_tech_output_share", "高新技术产业产值占比", "High-tech share of industrial output",
           "高新技术产业产值占规上工业总产值比重达到", 40, 70),
    _share("strategic_industry_share", "战略性新兴产业产值占比", "Strategic emerging industries share",
           "战略性新兴产业产值占比达到", 20, 55),
    _money("total_revenue", "营业总收入", "Total operating revenue", "实现营业总收入", "亿元", 100, 2500, 0),
    _money("industrial_output", "规上工业总产值", "Industrial output", "规上工业总产值", "亿元", 50, 1800, 0),
    _money("budget_revenue", "一般公共预算收入", "General budget revenue", "一般公共预算收入", "亿元", 5, 90),
    _money("tax_revenue", "税收收入", "Tax revenue", "税收收入", "亿元", 3, 70),
    _money("domestic_capital", "到位内资", "Domestic capital in place", "到位内资", "亿元", 10, 280),
    _money("foreign_investment", "实际使用外资", "Foreign investment utilised", "实际使用外资", "亿美元", 0.5, 15),
    _money("exports", "出口总额", "Exports", "出口总额", "亿美元", 1, 90),
    _money("fixed_asset_investment", "固定资产投资额", "Fixed-asset investment", "完成固定资产投资", "亿元",
           20, 450, 0),
    _money("key_projects_investment", "重点项目总投资", "Total investment of key projects", "重点项目总投资", "亿元",
           50, 1400, 0),
    _money("rd_spending", "研发经费投入", "R&D spending", "研发经费投入", "亿元", 2, 70),
    _money("tech_loans", "科技型企业贷款余额", "Loans to tech enterprises", "科技型企业贷款余额", "亿元", 10, 260, 0),
    _money("award_money", "奖补资金", "Awards and subsidies paid", "兑现各类奖补资金", "万元", 100, 15000, 0),
    _count("new_high_tech_enterprises", "新增高新技术企业", "New high-tech enterprises", "新增高新技术企业", "家",
           10, 260),
    _count("high_tech_enterprises", "高新技术企业总数", "High-tech enterprises in total", "高新技术企业总数达到", "家",
           100, 2600),
    _count("new_specialised_smes", "新增专精特新中小企业", "New specialised SMEs", "新增专精特新中小企业", "家", 5, 90),
    _count("tech_smes", "入库科技型中小企业", "Registered tech SMEs", "入库科技型中小企业", "家", 50, 1300),
    _count("projects_signed", "签约项目", "Projects signed", "签约项目", "个", 10, 180),
    _count("key_projects", "重点项目", "Key projects", "实施重点项目", "项", 10, 160),
    _count("projects_into_production", "竣工投产项目", "Projects into production", "竣工投产项目", "个", 5, 90),
    _count("invention_patents", "发明专利授权", "Invention patents granted", "新增发明专利授权", "件", 50, 2600),
    _count("talents", "引进高层次人才", "High-level talents attracted", "引进高层次人才", "名", 20, 900),
    _count("new_market_entities", "新增市场主体", "New market entities", "新增市场主体", "户", 500, 18000),
    _count("new_jobs", "新增城镇就业", "New urban jobs", "新增城镇就业", "人", 1000, 26000),
    _count("incubators", "新增省级科技企业孵化器", "New provincial incubators", "新增省级科技企业孵化器", "家", 1, 9),
    _count("listed_companies", "新增上市企业", "Newly listed companies", "新增上市企业", "家", 1, 7),
    _count("land_revitalised", "盘活闲置土地", "Idle land put back to use", "盘活闲置土地", "亩", 100, 2800),
    MetricSpec("syn_national_rank", "全国高新区综合排名", "Rank among national high-tech zones", "rank",
               "The zone's place in the national evaluation of high-tech zones.", "综合评价中位列第", "位", 20,
               170, 0, 0.97, "全国高新区", 178),
    MetricSpec("syn_provincial_rank", "全省高新区综合排名", "Rank among the province's high-tech zones", "rank",
               "The zone's place in the provincial evaluation of high-tech zones.", "在全省高新区综合评价中位列第",
               "位", 2, 20, 0, 0.97, "全省"),
    MetricSpec("syn_foreign_trade_quality", "外贸发展质量", "Quality of foreign trade", "text",
               "A qualitative target for foreign trade.", "外贸进出口实现", text="量稳质升"),
)


@dataclass(frozen=True)
class Summary:
    """What was generated, for the benchmark to pick its queries from."""

    facts: int
    sources: int
    zones: tuple[str, ...]
    years: tuple[int, ...]


def _number(value: float, decimals: int) -> str:
    """The number as a document writes it: 6, 6.5, 1200 (never 6.0); also valid YAML for the value."""
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class _Zone:
    """One synthetic zone: its names and the level each metric starts from."""

    def __init__(self, index: int, place: str, rng: random.Random) -> None:
        self.id = f"zone{index:04d}"
        self.place = place
        self.pinyin = "".join(SYLLABLES[c] for c in place).capitalize()
        self.province = rng.choice(PROVINCES)
        self.national = rng.random() < 0.6
        self.base = {m.id: rng.uniform(m.low, m.high) for m in METRICS}

    def yaml(self) -> str:
        level = "national" if self.national else "provincial"
        kind = "国家" if self.national else "省级"
        return (f"- id: {self.id}\n  name: {self.place}高新技术产业开发区\n  short_name: {self.place}高新区\n"
                f"  name_en: {self.pinyin} High-Tech Industrial Development Zone\n  province: {self.province}\n"
                f"  city: {self.place}\n  level: {level}\n  aliases: [{self.place}{kind}高新区]\n\n")

    def trend(self, metric: MetricSpec, year: int) -> float:
        """The zone's underlying level of a metric in a year; targets and results scatter around it."""
        return self.base[metric.id] * metric.growth ** (year - FIRST_YEAR)


def _places(count: int, rng: random.Random) -> list[str]:
    """Distinct two-character place names (three characters once those run out)."""
    chars = list(SYLLABLES)
    names = [a + b for a in chars for b in chars if a != b]
    rng.shuffle(names)
    extra = count - len(names)
    if extra > 0:
        more = [a + b + c for a in chars for b in chars for c in chars if len({a, b, c}) == 3]
        rng.shuffle(more)
        names += more[:extra]
    if len(names) < count:
        raise SystemExit(f"cannot name {count} zones; at most {len(names)}")
    return names[:count]


# How a single number is qualified: the first (roll below, comparator, quote, for percents too) that applies,
# else "=".
QUALIFIERS = (
    (0.3, ">=", "{phrase}{shown}{unit}以上", True),
    (0.4, ">", "{phrase}超过{shown}{unit}", False),
    (0.45, "~", "{phrase}{shown}{unit}左右", True),
)


def _fact_entries(zone: _Zone, metric: MetricSpec, year: int, kind: str,
                  rng: random.Random) -> list[tuple[str, str, str]]:
    """The facts one sentence gives: (fact id, YAML fields, quote); two for a floor/stretch pair."""
    period = year if kind == "target" else year - 1
    slug = metric.id.removeprefix("syn_").replace("_", "-")
    fact_id = f"{zone.id}-{period}-{slug}" + ("" if kind == "target" else "-actual")
    head = "" if kind == "target" else f'    period: "{period}"\n    kind: actual\n'
    if metric.text:
        quote = metric.phrase + metric.text
        return [(fact_id, f"{head}    metric: {metric.id}\n    text: {metric.text}\n", quote)]
    value, decimals = _value(zone, metric, period, kind, rng)
    fields = f"{head}    metric: {metric.id}\n"
    if metric.unit_kind == "rank":
        return [_rank_entry(fact_id, fields, metric, _number(value, decimals))]
    roll = rng.random() if kind == "target" else rng.random() * 0.4 + 0.6
    return _number_entries(fact_id, fields, metric, value, decimals, roll)


def _value(zone: _Zone, metric: MetricSpec, period: int, kind: str, rng: random.Random) -> tuple[float, int]:
    """A fact's number and decimals, scattered around the zone's trend: targets closer to it than results."""
    spread = (0.95, 1.1) if kind == "target" else (0.85, 1.15)
    if metric.is_rate:  # scatter by points, not by factor
        value = max(0.5, zone.trend(metric, period) + rng.uniform(-2, 2))
    else:
        value = zone.trend(metric, period) * rng.uniform(*spread)
    decimals = 0 if kind == "target" and metric.unit_kind == "percent" and rng.random() < 0.5 else metric.decimals
    if metric.unit_kind == "rank":
        value = min(max(1, round(value)), metric.rank_size or 30)
    return value, decimals


def _rank_entry(fact_id: str, fields: str, metric: MetricSpec, shown: str) -> tuple[str, str, str]:
    """A rank's fact: a place, with its scope and the number of zones ranked when the metric has them."""
    extra = ""
    if metric.rank_scope:
        extra += f"    rank_scope: {metric.rank_scope}\n"
    if metric.rank_size:
        extra += f"    rank_size: {metric.rank_size}\n"
    prefix = f"在全国{metric.rank_size}家国家高新区" if metric.rank_size else ""
    quote = f"{prefix}{metric.phrase}{shown}{metric.unit}"
    return (fact_id, f"{fields}    value: {shown}\n    unit: {metric.unit}\n{extra}", quote)


def _number_entries(fact_id: str, fields: str, metric: MetricSpec, value: float, decimals: int,
                    roll: float) -> list[tuple[str, str, str]]:
    """A number's facts as the roll words it: a floor/stretch pair or a range (rates only), else a comparator."""
    shown, unit = _number(value, decimals), metric.unit
    if metric.is_rate and roll < 0.14:
        higher = _number(value + 1, decimals)
        if roll < 0.06:
            quote = f"确保{metric.phrase}{shown}{unit}，力争{higher}{unit}"
            return [(f"{fact_id}-{tier}", f'{fields}    value: {number}\n    unit: "{unit}"\n    tier: {tier}\n',
                     quote) for tier, number in (("floor", shown), ("stretch", higher))]
        quote = f"{metric.phrase}{shown}{unit}-{higher}{unit}"
        fields += f"    comparator: range\n    value_max: {higher}\n"
    else:
        comparator, template = _qualifier(metric, roll)
        quote = template.format(phrase=metric.phrase, shown=shown, unit=unit)
        if comparator != "=":
            fields += f'    comparator: "{comparator}"\n'
    return [(fact_id, f'{fields}    value: {shown}\n    unit: "{unit}"\n', quote)]


def _qualifier(metric: MetricSpec, roll: float) -> tuple[str, str]:
    """The comparator and quote template that QUALIFIERS give a roll, so the mix of comparators is in one place."""
    for below, comparator, template, for_percents in QUALIFIERS:
        if roll < below and (for_percents or metric.unit_kind != "percent"):
            return comparator, template
    return "=", "{phrase}{shown}{unit}"


def _source(zone: _Zone, year: int, budget: int, rng: random.Random) -> tuple[str, str, str, int]:
    """One work conference: (source id, YAML text, document text, number of facts), at most `budget` facts."""
    source_id = f"{zone.id}-{year}-work-conference"
    month, day = rng.randint(1, 3), rng.randint(1, 27)
    numeric = [m for m in METRICS if not m.text]
    facts: list[tuple[str, str, str]] = []
    sentences: dict[str, list[str]] = {"actual": [], "target": []}
    for kind in ("actual", "target"):
        chosen = rng.sample(numeric, rng.randint(10, 24))
        if kind == "target" and rng.random() < 0.3:
            chosen.append(METRICS[-1])
        for metric in chosen:
            entries = _fact_entries(zone, metric, year, kind, rng)
            if len(facts) + len(entries) > budget:
                break
            facts.extend(entries)
            sentences[kind].append(entries[0][2])
    lines = [
        f"source:\n  id: {source_id}\n  title: {zone.place}高新区召开{year}年工作会议\n"
        f"  publisher: {zone.place}高新区管委会\n  published: \"{year}-{month:02d}-{day + 1:02d}\"\n"
        f"  event_date: \"{year}-{month:02d}-{day:02d}\"\n  document: documents/{source_id}.txt\n"
        f"  zones: [{zone.id}]\n\ndefaults:\n  zone: {zone.id}\n  period: \"{year}\"\n  kind: target\n\nfacts:\n"
    ]
    for fact_id, fields, quote in facts:
        lines.append(f"  - id: {fact_id}\n{fields}    quote: {quote}\n\n")
    document = (
        f"{zone.place}高新区召开{year}年工作会议\n"
        f"发布日期:{year}-{month:02d}-{day + 1:02d} 来源:{zone.place}高新区管委会\n\n"
        f"{month}月{day}日，{zone.place}高新技术产业开发区召开{year}年工作会议，"
        f"总结{year - 1}年工作，部署{year}年重点任务。\n\n"
        f"会议指出，{year - 1}年，全区{'，'.join(sentences['actual']) or '各项工作稳步推进'}。\n\n"
        f"会议提出，{year}年主要预期目标是：{'；'.join(sentences['target']) or '保持经济平稳增长'}。\n\n"
        "会议要求，全区上下要锚定目标不放松，以更加饱满的热情、更加务实的作风，推动高新区高质量发展。\n"
    )
    return source_id, "".join(lines), document, len(facts)


def generate(outdir: Path, facts: int, seed: int = 1) -> Summary:
    """Write a data directory with exactly `facts` facts into `outdir` (replacing what is there)."""
    if facts < 1:
        raise ValueError("facts must be at least 1")
    rng = random.Random(seed)
    zones_needed = -(-facts // (20 * YEARS)) + 1  # a source has at least 20 facts unless it is the last
    zones = [_Zone(i + 1, place, rng) for i, place in enumerate(_places(zones_needed, rng))]
    if outdir.exists():
        shutil.rmtree(outdir)
    (outdir / "sources").mkdir(parents=True)
    (outdir / "documents").mkdir()
    written = sources = 0
    used: list[_Zone] = []
    years = range(FIRST_YEAR, FIRST_YEAR + YEARS)
    for zone in zones:
        if written >= facts:
            break
        used.append(zone)
        for year in years:
            if written >= facts:
                break
            source_id, yaml_text, document, count = _source(zone, year, facts - written, rng)
            (outdir / "sources" / f"{source_id}.yaml").write_text(yaml_text, encoding="utf-8")
            (outdir / "documents" / f"{source_id}.txt").write_text(document, encoding="utf-8")
            written += count
            sources += 1
    (outdir / "zones.yaml").write_text("".join(z.yaml() for z in used), encoding="utf-8")
    metric_yaml = "".join(
        f"- id: {m.id}\n  name: {m.name}\n  name_en: {m.name_en}\n  unit_kind: {m.unit_kind}\n"
        f"  definition: {json.dumps(m.definition)}\n\n" for m in METRICS
    )
    (outdir / "metrics.yaml").write_text(metric_yaml, encoding="utf-8")
    return Summary(written, sources, tuple(z.id for z in used), tuple(years))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path, help="directory to write (replaced if it exists)")
    parser.add_argument("--facts", type=int, required=True, help="number of facts, e.g. 100000")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    summary = generate(args.outdir, args.facts, args.seed)
    print(f"{args.outdir}: {summary.facts} facts in {summary.sources} sources, {len(summary.zones)} zones, "
          f"years {summary.years[0]}-{summary.years[-1]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
