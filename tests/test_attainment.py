"""`zonecmp attainment`: each target beside its actual, with a verdict, the gap and a per-zone summary."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from conftest import FIXTURES

ATTAINMENT = str(FIXTURES / "attainment")
HEADER = ("zone,metric,metric_name,period,tier,detail,target,actual,actual_period,met_if,tolerance,verdict,gap,"
          "gap_unit,gap_pct,reason,target_id,actual_id")
NO_PAIRS = "note: no zone has both a target and an actual for the same metric and period\n"


def rows_of(text: str) -> pd.DataFrame:
    periods = {"period": str, "actual_period": str}
    return pd.read_csv(io.StringIO(text), keep_default_na=False, dtype=periods).set_index("target_id")


def test_bundled_data_has_no_pairs_and_says_so(run):
    result = run("attainment", "-f", "csv")
    assert result.code == 0
    assert result.out == HEADER + "\n"
    assert result.err == NO_PAIRS


def test_bundled_data_summary_is_empty_too(run):
    result = run("attainment", "--summary", "-f", "csv")
    assert (result.code, result.out, result.err) == (
        0, "zone,met_of_assessed,targets,assessed,met,missed,estimated,not_comparable\n", NO_PAIRS)


# target id: (target, actual, met_if, tolerance, verdict, gap, gap_unit, gap_pct, reason)
EVERY_VERDICT = {
    "alpha-2024-gdp-growth-floor": ("6%", "6.5%", "≥6%", "", "met", 0.5, "pp", "", ""),
    "alpha-2024-gdp-growth-stretch": ("7%", "6.5%", "≥7%", "", "missed", -0.5, "pp", "", ""),
    "alpha-2024-q1-gdp-growth": ("5%", "6.5%", "≥5%", "", "not comparable", "", "", "", "a quarter against a year"),
    "alpha-2024-industrial-value-added-growth": ("8%", "7.5% (est.)", "≥8%", "", "missed (estimate)", -0.5, "pp", "",
                                                 ""),
    "alpha-2024-fixed-asset-investment-growth": ("~8%", "7.6%", "7.5–8.5%", "±0.5 pp", "met", -0.4, "pp", "", ""),
    "alpha-2024-general-budget-revenue-growth": ("5–6%", "5.2%", "5–6%", "", "met", -0.3, "pp", "", ""),
    "alpha-2024-retail-sales-growth": ("7%", "7.3% (est.)", "≥7%", "", "met (estimate)", 0.3, "pp", "", ""),
    "alpha-2024-projects-signed": ("≥10 个", "12 个", "≥10 个", "", "met", 2, "个", 20, ""),
    "alpha-2024-domestic-capital-in-place": ("~100 亿元", "96 亿元", "95–105 亿元", "±5%", "met", -4, "亿元", -4,
                                             ""),
    "alpha-2024-key-projects": ("≥10 个", "9 个", "≥10 个", "", "missed", -1, "个", -10, ""),
    "alpha-2024-project-start-rate": ("95%", "3 个百分点", "≥95%", "", "not comparable", "", "", "",
                                      "percent against percentage points"),
    "alpha-2024-new-high-tech-enterprises": ("100 家", "90 个", "≥100 家", "", "not comparable", "", "", "",
                                             "different units: 家 against 个"),
    "alpha-2024-provincial-rank": ("≤10 位", "7 位", "≤10 位", "", "met", -3, "位", "", ""),
    "alpha-2024-national-htz-rank": ("第一方阵", "30 位", "", "", "not comparable", "", "", "",
                                     "qualitative target: compare the wording"),
    "beta-2024-gdp-growth": ("6%", "6.1% | 5.8% [conflict]", "≥6%", "", "not comparable", "", "", "",
                             "sources disagree on the actual"),
    "beta-2024-retail-sales-growth": ("6.5%", "6.8%", "≥6.5%", "", "met", 0.3, "pp", "", ""),
    "beta-2024-main-indicators-growth": ("12%", "≥10%", "≥12%", "", "not comparable", "", "", "",
                                         "the actual is only a bound (≥10%)"),
    "beta-2022-2024-total-revenue": (">1000 亿元", "1050 亿元", ">1000 亿元", "", "met", 50, "亿元", 5, ""),
    "beta-2024-business-environment-rank": ("1 位", "3 位", "≤1 位", "", "missed", 2, "位", "", ""),
}


def test_every_verdict_on_fixture_data(run):
    result = run("attainment", "--data", ATTAINMENT, "-f", "csv")
    assert result.code == 0 and result.err == ""
    assert result.out.splitlines()[0] == HEADER
    rows = rows_of(result.out)
    assert list(rows.index) == list(EVERY_VERDICT)  # zones, then years and metrics in registry order
    columns = ["target", "actual", "met_if", "tolerance", "verdict", "gap", "gap_unit", "gap_pct", "reason"]
    for target_id, expected in EVERY_VERDICT.items():
        assert tuple(rows.loc[target_id, columns]) == tuple(map(str, expected)), target_id  # as the CSV writes them


def test_pairs_name_the_facts_and_periods(run):
    rows = rows_of(run("attainment", "--data", ATTAINMENT, "-f", "csv").out)
    # A span target is assessed against its last year; a floor and a stretch target each get a row.
    span = rows.loc["beta-2022-2024-total-revenue"]
    assert (span["period"], span["actual_period"], span["actual_id"]) == ("2022-2024", "2024",
                                                                          "beta-2024-total-revenue")
    tiers = rows.loc[["alpha-2024-gdp-growth-floor", "alpha-2024-gdp-growth-stretch"], "tier"]
    assert list(tiers) == ["floor", "stretch"]
    # A final figure replaces the estimate for the same period.
    assert rows.loc["beta-2024-retail-sales-growth", "actual_id"] == "beta-2024-retail-sales-growth-final"
    assert rows.loc["beta-2024-gdp-growth", "actual_id"] == ("beta-2024-gdp-growth-report; "
                                                             "beta-2024-gdp-growth-statistics")
    assert rows.loc["alpha-2024-provincial-rank", "detail"] == "全省"


def test_summary_counts_targets_met_of_assessed(run):
    result = run("attainment", "--data", ATTAINMENT, "--summary", "-f", "csv")
    assert result.out == ("zone,met_of_assessed,targets,assessed,met,missed,estimated,not_comparable\n"
                          "alpha,7 of 10,14,10,7,3,2,4\n"
                          "beta,2 of 3,5,3,2,1,0,2\n")


def test_tolerance_is_settable_and_stated(run):
    result = run("attainment", "--data", ATTAINMENT, "--tolerance", "0.2pp", "-t", "2%",
                 "-m", "fixed_asset_investment_growth", "-m", "domestic_capital_in_place", "-f", "csv")
    rows = rows_of(result.out)
    columns = ["met_if", "tolerance", "verdict", "gap"]
    assert tuple(rows.loc["alpha-2024-fixed-asset-investment-growth", columns]) == ("7.8–8.2%", "±0.2 pp", "missed",
                                                                                   -0.4)
    assert tuple(rows.loc["alpha-2024-domestic-capital-in-place", columns]) == ("98–102 亿元", "±2%", "missed", -4)


def test_bad_tolerance_is_a_usage_error(run):
    result = run("attainment", "--tolerance", "2")
    assert result.code == 2
    assert result.err == ("Error: --tolerance '2': write percentage points for percent metrics, like 1pp, or a percent "
                          "of the target for the others, like 10%\n")


def test_filters_select_targets(run):
    records = json.loads(run("attainment", "--data", ATTAINMENT, "-z", "甲示例高新区", "-m", "gdp_growth", "-y", "2024",
                             "-f", "json").out)
    assert [(r["period"], r["tier"], r["verdict"]) for r in records] == [
        ("2024", "floor", "met"), ("2024", "stretch", "missed"), ("2024-Q1", "", "not comparable")]
    assert records[0]["gap"] == 0.5 and records[0]["gap_pct"] is None
    assert run("attainment", "--data", ATTAINMENT, "-y", "2023", "-f", "csv").err == NO_PAIRS


def test_markdown_for_people_in_chinese(run):
    result = run("attainment", "--data", ATTAINMENT, "-z", "beta", "-f", "markdown", "--lang", "zh")
    assert result.out == (
        "| 高新区 | 指标 | 期间 | 目标 | 实际 | 结论 | 差距 |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n"
        "| 乙示例高新区 | 地区生产总值增速 | 2024 | 6% | 6.1% \\| 5.8% [conflict] | "
        "不可比：各来源的实际数值不一致 |  |\n"
        "| 乙示例高新区 | 社会消费品零售总额增速 | 2024 | 6.5% | 6.8% | 已完成 | +0.3 pp |\n"
        "| 乙示例高新区 | 主要经济指标增速 | 2024 | 12% | ≥10% | "
        "不可比：实际值只是一个界限（≥10%） |  |\n"
        "| 乙示例高新区 | 技工贸总收入 | 2022-2024 | >1000 亿元 | 1050 亿元 (2024) | 已完成 | +50 亿元 (+5%) |\n"
        "| 乙示例高新区 | 营商环境排名 | 2024 · 全市 | 1 位 | 3 位 | 未完成 | +2 位 |\n")


def test_table_states_the_rule_and_the_tolerance_then_the_summary(run):
    out = run("attainment", "--data", ATTAINMENT, "-z", "alpha", "-m", "fixed_asset_investment_growth", "-f", "table",
              "--lang", "en").out
    lines = out.splitlines()
    title = " ".join(line.strip() for line in lines[:lines.index(next(row for row in lines if row.startswith("┏")))])
    assert title == ("Targets against actuals, all years: a target with no comparator is a floor (a rank: a ceiling); "
                     "~ within ±0.5 pp for percents, ±5% of the target otherwise")
    assert "~8% (7.5–8.5%)" in out
    assert any(line.rstrip() == "Targets met per zone" for line in lines)
    assert "1 of 1" in lines[-2]


@pytest.mark.parametrize("target, actual, verdict", [
    ({"comparator": ">", "value_base": 100.0}, {"comparator": "=", "value_base": 100.0}, "missed"),
    ({"comparator": ">=", "value_base": 100.0}, {"comparator": "=", "value_base": 100.0}, "met"),
    ({"comparator": "<", "value_base": 5.0}, {"comparator": "=", "value_base": 4.0}, "met"),
    ({"comparator": "range", "value_base": 5.0, "value_max_base": 6.0}, {"comparator": "=", "value_base": 6.0}, "met"),
    ({"comparator": "range", "value_base": 5.0, "value_max_base": 6.0}, {"comparator": "=", "value_base": 6.1},
     "missed"),
    ({"comparator": ">", "value_base": 100.0}, {"comparator": ">", "value_base": 100.0}, "met"),
    ({"comparator": ">=", "value_base": 100.0}, {"comparator": "<", "value_base": 100.0}, "missed"),
    ({"comparator": "~", "value_base": 6.0}, {"comparator": "=", "value_base": 6.5}, "met"),
    ({"comparator": "~", "value_base": 6.0}, {"comparator": "=", "value_base": 6.6}, "missed"),
    ({"comparator": "=", "value_base": 6.0}, {"comparator": "range", "value_base": 5.0, "value_max_base": 7.0},
     "not comparable"),
])
def test_the_comparator_decides(target, actual, verdict):
    from zonecmp.dataset.model import Fact
    from zonecmp.views.attainment import Tolerance, _verdict

    def fact(fields: dict) -> Fact:
        blank = dict.fromkeys(Fact._fields, "")
        base = {"period": "2024", "text": "", "unit": "%", "base_unit": "%", "value_max_base": None,
                "estimate": False, "value": fields["value_base"], "value_max": fields.get("value_max_base")}
        return Fact(**{**blank, **base, **fields})

    assert _verdict(fact(target), fact(actual), Tolerance(), lower_is_better=False)[0] == verdict
