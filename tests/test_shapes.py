"""The shapes real documents use, each held by its own field (fixture: a fictional zone's report)."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES


@pytest.fixture
def facts(run):
    result = run("facts", "--data", str(FIXTURES / "shapes"), "--zone", "example", "--format", "json")
    assert result.code == 0
    return {r["id"]: r for r in json.loads(result.out)}


def test_estimate_is_an_actual_marked_as_estimate(facts):
    estimate = facts["example-2024-gdp-growth-estimate"]
    reported = facts["example-2024-industrial-value-added-growth"]
    assert (estimate["kind"], estimate["estimate"]) == ("actual", True)
    assert (reported["kind"], reported["estimate"]) == ("actual", False)


def test_floor_and_stretch_are_two_facts_not_a_conflict(facts):
    floor, stretch = facts["example-2025-gdp-growth-floor"], facts["example-2025-gdp-growth-stretch"]
    assert (floor["tier"], floor["value"], stretch["tier"], stretch["value"]) == ("floor", 6, "stretch", 7)
    assert floor["conflict"] is False and stretch["conflict"] is False


def test_relative_target_keeps_its_base_and_percentage_points(facts):
    fact = facts["example-2025-gdp-growth-vs-city"]
    assert (fact["value"], fact["unit"], fact["base_unit"], fact["relative_to"]) == (2, "个百分点", "pp", "全市")


def test_share_of_a_parent_total(facts):
    fact = facts["example-2024-high-tech-output-share"]
    assert (fact["value"], fact["unit"], fact["share_of"]) == (32, "%", "全市")


def test_ranks_with_scope_size_top_n_and_text(facts):
    rank = facts["example-2024-zone-rank"]
    assert (rank["value"], rank["base_unit"], rank["rank_size"], rank["rank_scope"]) == (
        15, "rank", 97, "全省开发区综合考评")
    top10 = facts["example-2025-zone-rank-top10"]
    assert (top10["comparator"], top10["value"]) == ("<=", 10)
    assert facts["example-2025-zone-rank-tier"]["text"] == "第一方阵"
    assert facts["example-2025-zone-rank-tier"]["value"] is None


def test_multi_year_average(facts):
    fact = facts["example-2024-industrial-investment-growth"]
    assert (fact["value"], fact["average_years"]) == (7.9, 2)


def test_foreign_currency_is_kept_not_converted(facts):
    fact = facts["example-2025-foreign-investment-amount"]
    assert (fact["value_base"], fact["base_unit"]) == (500000000, "USD")


def test_deadline_as_a_span(facts):
    fact = facts["example-2025-2027-new-high-tech-enterprises"]
    assert (fact["period"], fact["year"], fact["comparator"], fact["value"]) == ("2025-2027", 2027, ">=", 100)


def test_several_metrics_share_one_sentence(facts):
    first = facts["example-2025-fixed-asset-investment-growth"]
    second = facts["example-2025-general-budget-revenue-growth"]
    assert first["quote"] == second["quote"]
    assert (first["metric"], first["value"], second["metric"], second["value"]) == (
        "fixed_asset_investment_growth", 8, "general_budget_revenue_growth", 5)
