"""Periods as documents state them: runs of months (2024-01..09) and totals as of a day (2024-09-30),
through every command, on a fictional zone's plan, quarterly reports and year report."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from conftest import FIXTURES

PERIODS = str(FIXTURES / "periods")


def csv_of(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


@pytest.mark.parametrize("text, granularity, slot, year", [
    ("2024-01..09", "9 months", "01..09", 2024),
    ("2024-01..06", "half", "H1", 2024),
    ("2024-04..06", "quarter", "Q2", 2024),
    ("2024-09-30", "as of", "as of 09-30", 2024),
    ("2024-Q1", "quarter", "Q1", 2024),
    ("2021-2025", "span", "5-year span", 2025),
])
def test_each_form_has_its_length_and_place_in_the_year(text, granularity, slot, year):
    from zonecmp.dataset.periods import parse_period

    period = parse_period(text)
    assert (period.granularity, period.slot(), period.year, period.text) == (granularity, slot, year, text)


def test_a_half_and_its_run_of_months_are_the_same_period():
    from zonecmp.dataset.periods import mismatch, parse_period

    assert parse_period("2024-H1") == parse_period("2024-01..06")
    assert mismatch(parse_period("2024-H1"), parse_period("2024-01..06")) == ""
    assert parse_period("2024-09") != parse_period("2024-09-30")  # September's flow is not the total at its end


@pytest.mark.parametrize("text, message", [
    ("2024-09..01", "'2024-09..01': a run of months must end after it starts, like '2024-01..09'"),
    ("2024-01..12", "'2024-01..12': January to December is the year; write '2024'"),
    ("2023-02-29", "'2023-02-29' is not a day of the calendar; a total as of a day is written '2024-09-30'"),
])
def test_impossible_periods_are_refused_with_the_form_to_write(run, tmp_path, text, message):
    from zonecmp.dataset.periods import PeriodError, parse_period

    with pytest.raises(PeriodError) as refused:
        parse_period(text)
    assert str(refused.value) == message
    result = run("diff", f"gamma@{text}", "gamma@2024", "--data", PERIODS)
    assert (result.code, result.err) == (2, f"Error: 'gamma@{text}': {message}\n")


def test_year_selects_the_runs_and_totals_that_end_in_it(run):
    result = run("facts", "--data", PERIODS, "--zone", "gamma", "--year", "2024", "--format", "json")
    periods = {row["period"] for row in json.loads(result.out)}
    assert periods == {"2024", "2024-H1", "2024-01..06", "2024-01..09", "2024-09-30", "2024-12-31"}
    result = run("facts", "--data", PERIODS, "--zone", "gamma", "--year", "2023", "--format", "json")
    assert {row["period"] for row in json.loads(result.out)} == {"2023-01..09"}


def test_side_by_side_tables_show_the_period_as_written(run):
    frame = csv_of(run("actuals", "--data", PERIODS, "--zone", "gamma", "--zone", "delta", "-f", "csv").out)
    rows = {(m, d): (g23, g24, d24) for m, d, g23, g24, d24 in
            zip(frame["metric"], frame["detail"], frame["gamma@2023"], frame["gamma@2024"], frame["delta@2024"])}
    assert rows[("gdp_growth", "2024-01..09")] == ("", "6.1%", "5.9%")
    assert rows[("gdp_growth", "2023-01..09")] == ("5.2%", "", "")
    assert rows[("high_tech_enterprises", "2024-09-30")] == ("", "34 家", "52 家")


def test_attainment_pairs_the_same_months_and_refuses_january_to_september_against_a_year(run):
    frame = csv_of(run("attainment", "--data", PERIODS, "-f", "csv").out).set_index("target_id")
    seen = {target: tuple(frame.loc[target, ["period", "actual_period", "verdict", "reason"]])
            for target in frame.index}
    assert seen == {
        "gamma-2024-gdp-growth": ("2024", "2024", "met", ""),
        "gamma-2024-h1-gdp-growth": ("2024-H1", "2024-01..06", "met", ""),
        "gamma-2024-01-to-09-industrial-value-added-growth-target": ("2024-01..09", "2024-01..09", "met", ""),
        "gamma-2024-fixed-asset-investment-growth": ("2024", "2024-01..09", "not comparable",
                                                     "a year against January–September"),
        "gamma-2024-12-31-high-tech-enterprises": ("2024-12-31", "2024-12-31", "met", ""),
    }


def test_attainment_table_for_people_names_the_actual_period_where_it_differs(run):
    out = run("attainment", "--data", PERIODS, "-f", "table").out
    assert "5.8% (2024-01..06)" in out
    assert "not comparable: a year against" in out and "January–September" in out


def test_diff_of_two_years_lines_up_january_to_september(run):
    frame = csv_of(run("diff", "gamma@2023", "gamma@2024", "--kind", "actual", "--data", PERIODS, "-f", "csv").out)
    rows = {(m, d): (left, right, v) for m, d, left, right, v in
            zip(frame["metric"], frame["detail"], frame["left"], frame["right"], frame["verdict"])}
    assert rows[("gdp_growth", "01..09")] == ("5.2%", "6.1%", "raised")
    assert rows[("industrial_value_added_growth", "01..09")] == ("6.5%", "7.2%", "raised")
    assert rows[("gdp_growth", "H1")] == ("", "5.8%", "new")  # 2024-01..06 sits where a half does
    assert rows[("high_tech_enterprises", "as of 09-30")] == ("", "34 家", "new")


def test_diff_of_january_to_september_against_the_year_is_not_comparable(run):
    result = run("diff", "gamma@2024-01..09", "gamma@2024", "-m", "gdp_growth", "--kind", "actual", "--data",
                 PERIODS, "-f", "json")
    plain = next(r for r in json.loads(result.out) if r["detail"] == "")
    assert (plain["left"], plain["right"], plain["verdict"], plain["reason"]) == (
        "6.1%", "6.3%", "not comparable", "January–September against a year")


def test_diff_of_two_runs_of_the_same_months(run):
    result = run("diff", "gamma@2023-01..09", "gamma@2024-01..09", "--kind", "actual", "--data", PERIODS,
                 "-f", "json")
    rows = {r["metric"]: (r["change"], r["change_unit"], r["verdict"]) for r in json.loads(result.out)}
    assert rows["gdp_growth"] == (0.9, "pp", "raised")
    result = run("diff", "gamma@2024-H1", "gamma@2024-01..06", "--kind", "actual", "--data", PERIODS, "-f", "json")
    assert [(r["left"], r["right"], r["verdict"]) for r in json.loads(result.out)] == [("5.8%", "5.8%", "same")]


def test_total_as_of_a_day_compares_with_totals_only():
    from zonecmp.dataset.periods import mismatch, parse_period

    assert mismatch(parse_period("2024-12-31"), parse_period("2024")) == "a total as of 2024-12-31 against a year"
    assert mismatch(parse_period("2024"), parse_period("2024-09-30")) == "a year against a total as of 2024-09-30"
    assert mismatch(parse_period("2024-09-30"), parse_period("2023-09-30")) == ""
    assert not parse_period("2024-09-30").overlaps(parse_period("2024-09-15"))  # totals on two days differ


def test_rank_keeps_one_period_length_on_its_scale(run):
    frame = csv_of(run("rank", "gdp_growth", "--kind", "actual", "--year", "2024", "--data", PERIODS,
                       "-f", "csv").out)
    assert list(zip(frame["rank"], frame["zone"], frame["period"], frame["reason"])) == [
        ("1", "gamma", "2024-01..09", ""), ("2", "delta", "2024-01..09", ""),
        ("", "gamma", "2024", "a year against January–September"),
        ("", "gamma", "2024-01..06", "January–June against January–September")]


def test_rank_puts_totals_as_of_a_day_on_one_scale(run):
    frame = csv_of(run("rank", "high_tech_enterprises", "--kind", "actual", "--data", PERIODS, "-f", "csv").out)
    assert list(zip(frame["rank"], frame["zone"], frame["period"], frame["value"])) == [
        ("1", "delta", "2024-09-30", "52 家"), ("2", "gamma", "2024-12-31", "41 家"),
        ("3", "gamma", "2024-09-30", "34 家")]


def test_chart_of_one_zone_orders_its_periods_in_time_and_draws_one_length(run):
    frame = csv_of(run("chart", "gdp_growth", "--zone", "gamma", "--kind", "actual", "--data", PERIODS,
                       "-f", "csv").out)
    assert list(zip(frame["period"], frame["bar"], frame["note"])) == [
        ("2023-01..09", "0.8525", ""), ("2024-01..09", "1", ""),
        ("2024-01..06", "", "January–June against January–September"),
        ("2024", "", "a year against January–September")]


def test_the_fixture_checks_clean(run):
    result = run("check", "--data", PERIODS, "--no-cache")
    assert (result.code, result.err) == (0, "")
