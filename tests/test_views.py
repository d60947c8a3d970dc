"""`targets`, `actuals` and `compare` on the bundled data: the side-by-side views."""

from __future__ import annotations

import io
import json

import pandas as pd

from conftest import FIXTURES, ROOT

GOLDEN = ROOT / "tests" / "golden"


def test_targets_2024_csv_matches_golden(run):
    result = run("targets", "--year", "2024", "--format", "csv", "--lang", "en")
    assert result.code == 0
    assert result.out == (GOLDEN / "targets-2024.csv").read_bytes().decode("utf-8")


def test_facts_json_matches_golden(run):
    result = run("facts", "--zone", "weihai", "--format", "json")
    assert result.out == (GOLDEN / "facts-weihai.json").read_bytes().decode("utf-8")


def test_targets_2024_shows_weihai_growth_targets_beside_tangshan(run):
    frame = pd.read_csv(io.StringIO(run("targets", "-y", "2024", "-f", "csv").out), keep_default_na=False)
    assert list(frame.columns) == ["metric", "metric_name", "detail", "tangshan", "weihai"]
    weihai = dict(zip(frame["metric"] + frame["detail"], frame["weihai"]))
    assert weihai["gdp_growth"] == "6%"
    assert weihai["industrial_value_added_growth"] == "8%"
    assert weihai["fixed_asset_investment_growth"] == "8%"
    assert weihai["general_budget_revenue_growth"] == "7%"
    assert weihai["retail_sales_growth"] == "5.5%"
    assert weihai["projects_over_1bn_landed"] == "≥10 个"
    assert weihai["domestic_capital_in_place"] == ">100 亿元"
    assert weihai["foreign_investment_utilised"] == "量稳质升"
    assert weihai["project_start_rate2024-Q1 · stretch"] == ">90%"
    assert weihai["project_start_rate2024-H1 · floor"] == "100%"
    tangshan = dict(zip(frame["metric"], frame["tangshan"]))
    assert tangshan["business_environment_rank"] == "1 位"
    assert tangshan["gdp_growth"] == ""


def test_targets_table_for_people_uses_chinese_names(run):
    result = run("targets", "-y", "2024", "-f", "table", "--lang", "zh")
    assert result.code == 0
    header = next(line for line in result.out.splitlines() if "威海高区" in line)
    assert "唐山高新区" in header
    gdp = next(line for line in result.out.splitlines() if "地区生产总值增速" in line)
    assert "6%" in gdp


def test_targets_zone_by_alias_and_chinese_name(run):
    by_alias = run("targets", "-y", "2024", "-z", "威海高新区", "-f", "csv").out
    by_name = run("targets", "-y", "2024", "-z", "威海火炬高技术产业开发区", "-f", "csv").out
    by_id = run("targets", "-y", "2024", "-z", "weihai", "-f", "csv").out
    assert by_alias == by_name == by_id
    assert by_id.splitlines()[0] == "metric,metric_name,detail,weihai"


def test_year_selects_spans_ending_in_it(run):
    frame = pd.read_csv(io.StringIO(run("targets", "-y", "2025", "-f", "csv").out), keep_default_na=False)
    assert list(frame.columns) == ["metric", "metric_name", "detail", "tangshan", "huaian"]
    rows = frame.set_index(["metric", "detail"])
    assert rows.loc[("national_htz_rank", "2022-2025 · 全国高新区"), "huaian"] == "≤100 位"
    assert rows.loc[("national_htz_rank", "2021-2025 · 全国高新区"), "tangshan"] == "第二方阵"


def test_several_years_make_zone_at_year_columns(run):
    header = run("targets", "-f", "csv").out.splitlines()[0]
    assert header == (
        "metric,metric_name,detail,tangshan@2021,tangshan@2024,tangshan@2025,weihai@2024,huaian@2025,yueyang-anon@2023")


def test_actuals_2023(run):
    records = json.loads(run("actuals", "--year", "2023", "--format", "json").out)
    tangshan = {r["metric"]: r["tangshan"] for r in records}
    assert tangshan["projects_signed"] == "153 个"
    assert tangshan["key_projects_total_investment"] == "477 亿元"
    assert tangshan["new_robot_enterprises"] == "65 家"
    assert tangshan["main_indicators_growth"] == "≥10%"


def test_compare_three_zones(run):
    result = run("compare", "tangshan", "weihai", "huaian", "--format", "csv")
    assert result.code == 0
    frame = pd.read_csv(io.StringIO(result.out), keep_default_na=False)
    assert list(frame.columns) == ["metric", "metric_name", "detail", "kind", "tangshan@2021", "tangshan@2023",
                                   "tangshan@2024", "tangshan@2025", "weihai@2024", "huaian@2025"]
    rows = frame.set_index(["metric", "detail", "kind"])
    assert rows.loc[("gdp_growth", "", "target"), "weihai@2024"] == "6%"
    assert rows.loc[("projects_signed", "", "actual"), "tangshan@2023"] == "153 个"
    assert rows.loc[("award_money", "", "actual"), "tangshan@2021"] == "540 万元"
    assert rows.loc[("national_htz_rank", "2022-2025 · 全国高新区", "target"), "huaian@2025"] == "≤100 位"


def test_compare_json_parses(run):
    records = json.loads(run("compare", "tangshan", "weihai", "huaian", "-f", "json").out)
    assert {"metric", "kind", "weihai@2024"} <= set(records[0])


def test_empty_result_prints_header_and_a_note(run):
    result = run("targets", "--year", "1999", "--format", "csv")
    assert result.code == 0
    assert result.out == "metric,metric_name,detail\n"
    assert "note: no targets match these filters" in result.err


def test_unknown_zone_suggests(run):
    result = run("targets", "--zone", "weihia")
    assert result.code == 2
    assert result.err == "Error: unknown zone 'weihia' (did you mean 'weihai'?); `zonecmp zones` lists them\n"


def test_conflicting_sources_both_shown_and_marked(run):
    result = run("targets", "-y", "2024", "-m", "gdp_growth", "--data", str(FIXTURES / "conflict"), "-f", "csv")
    assert result.out.splitlines()[1] == "gdp_growth,GDP growth,,6% | ~6.5% [conflict]"


def test_data_directories_from_the_environment(run, monkeypatch):
    monkeypatch.setenv("ZONECMP_DATA", str(FIXTURES / "shapes"))
    header = run("targets", "-y", "2025", "-f", "csv").out.splitlines()[0]
    assert header == "metric,metric_name,detail,tangshan,huaian,example"


def test_display_language_follows_the_locale(run, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "地区生产总值增速" in run("targets", "-y", "2024", "-z", "weihai", "-f", "csv").out
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert "GDP growth" in run("targets", "-y", "2024", "-z", "weihai", "-f", "csv").out


def test_a_city_name_suggests_the_zones_named_after_it(run):
    result = run("targets", "--zone", "保定")
    assert result.code == 2
    assert result.err == "Error: unknown zone '保定' (did you mean 'baoding'?); `zonecmp zones` lists them\n"
