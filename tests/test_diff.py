"""`zonecmp diff`: per metric, how the right side differs from the left."""

from __future__ import annotations

import io
import json

import pandas as pd

from conftest import FIXTURES

SHAPES = str(FIXTURES / "shapes")


def frame_of(text: str) -> pd.DataFrame:
    text_columns = ("detail", "left", "right", "reason", "change_unit")
    frame = pd.read_csv(io.StringIO(text), dtype={c: "object" for c in text_columns})
    return frame.fillna({c: "" for c in text_columns})


def test_every_verdict_on_fixture_years(run):
    result = run("diff", "example@2024", "example@2025", "--data", SHAPES, "-f", "csv")
    assert result.code == 0
    rows = frame_of(result.out).set_index(["metric", "detail"])
    fai = rows.loc[("fixed_asset_investment_growth", "")]
    assert (fai["left"], fai["right"], fai["change"], fai["change_unit"], fai["verdict"]) == (
        "9%", "8%", -1, "pp", "lowered")
    relative = rows.loc[("gdp_growth", "vs 全市")]
    assert (relative["change"], relative["change_unit"], relative["verdict"]) == (0.5, "pp", "raised")
    assert rows.loc[("general_budget_revenue_growth", ""), "verdict"] == "same"
    assert rows.loc[("foreign_investment_amount", ""), "change_unit"] == "亿美元"
    assert rows.loc[("gdp_growth", "floor"), "verdict"] == "new"
    assert rows.loc[("gdp_growth", "Q1"), "verdict"] == "dropped"


def test_quarter_against_year_is_not_comparable(run):
    result = run("diff", "example@2024-Q1", "example@2024", "-m", "gdp_growth", "--data", SHAPES, "-f", "json")
    rows = json.loads(result.out)
    plain = next(r for r in rows if r["detail"] == "")
    assert plain["verdict"] == "not comparable"
    assert plain["reason"] == "a quarter against a year"
    assert plain["change"] is None


def test_percent_against_percentage_points_is_not_comparable():
    from zonecmp.api import load
    from zonecmp.dataset.model import facts_of
    from zonecmp.views.comparison import incomparable  # the rule itself, on two real facts of different units

    facts = {fact.id: fact for fact in facts_of(load(SHAPES).facts)}
    left, right = facts["example-2024-gdp-growth"], facts["example-2025-gdp-growth-vs-city"]
    assert incomparable(left, right) == "percent against percentage points"
    assert incomparable(right, left) == "percent against percentage points"


def test_weihai_2024_against_tangshan_2023_targets(run):
    result = run("diff", "weihai@2024", "tangshan@2023", "--kind", "target", "-f", "csv")
    frame = frame_of(result.out)
    assert result.code == 0
    assert set(frame["verdict"]) == {"dropped"}
    assert frame.set_index("metric").loc["gdp_growth", "left"] == "6%"
    assert len(frame) == 16


def test_weihai_against_tangshan_2024(run):
    frame = frame_of(run("diff", "weihai@2024", "tangshan@2024", "-f", "csv").out).set_index("metric")
    assert frame.loc["business_environment_rank", "verdict"] == "new"
    assert frame.loc["business_environment_rank", "right"] == "1 位"
    assert frame.loc["retail_sales_growth", "verdict"] == "dropped"


def test_exit_code_option(run):
    assert run("diff", "weihai@2024", "tangshan@2024", "--exit-code", "-f", "csv").code == 1
    assert run("diff", "weihai@2024", "weihai@2024", "--exit-code", "-f", "csv").code == 0
    assert run("diff", "weihai@2024", "tangshan@2024", "-f", "csv").code == 0


def test_actuals_kind(run):
    frame = frame_of(run("diff", "tangshan@2023", "yueyang-anon@2022", "--kind", "actual", "-f", "csv").out)
    ranks = frame.set_index("metric").loc["provincial_rank"]
    assert (ranks["left"], ranks["right"], ranks["verdict"], ranks["reason"]) == (
        "第一方阵", "5 位", "changed", "qualitative: compare the wording")


def test_bad_side_is_a_usage_error(run):
    result = run("diff", "weihai2024", "tangshan@2024")
    assert result.code == 2
    assert result.err == "Error: 'weihai2024' is not ZONE@PERIOD; write it like weihai@2024 or tangshan@2024-H1\n"


def test_table_for_people_writes_the_change_with_sign_and_unit(run):
    out = run("diff", "example@2024", "example@2025", "--data", SHAPES, "-f", "table", "--lang", "en").out
    relative = next(line for line in out.splitlines() if "vs 全市" in line)
    assert "1.5 个百分点" in relative and "+0.5 pp" in relative and "raised" in relative
    assert "reason" not in out  # a column empty in every row is left out of a table


def test_a_side_with_no_facts_says_so_and_names_the_periods_the_zone_has(run):
    result = run("diff", "weihai@2019", "weihai@2024", "-f", "csv")
    assert result.code == 0
    assert set(frame_of(result.out)["verdict"]) == {"new"}
    assert "note: weihai@2019 has no targets; weihai has targets for 2024-Q1, 2024-H1, 2024" in result.err
    assert "weihai@2024 has no" not in result.err
    assert "has no actuals" not in run("diff", "tangshan@2021", "tangshan@2023", "--kind", "actual").err
