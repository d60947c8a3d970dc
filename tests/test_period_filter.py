"""`--period` selects the facts of one period by its syntax, on every view that takes `--year`; `--year
2024-H1` points to it (issue #14, item 6)."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES

PERIODS = str(FIXTURES / "periods")  # zone gamma writes its first half both 2024-H1 and 2024-01..06


def ids(run, *args: str) -> list[str]:
    result = run(*args, "-f", "json")
    assert result.code == 0, result.err
    return [row["id"] for row in json.loads(result.out)]


def test_a_half_selects_the_facts_that_write_it_either_way(run):
    assert ids(run, "facts", "--data", PERIODS, "-z", "gamma", "--period", "2024-H1") == [
        "gamma-2024-01-to-06-gdp-growth", "gamma-2024-h1-gdp-growth"]
    assert ids(run, "facts", "--data", PERIODS, "-z", "gamma", "--period", "2024-01..06") == [
        "gamma-2024-01-to-06-gdp-growth", "gamma-2024-h1-gdp-growth"]


def test_a_period_is_only_that_period_and_the_option_repeats(run):
    """`--period 2024` is the year's own facts, not its quarters; a total as of a day is that day only."""
    assert ids(run, "facts", "-z", "weihai", "-p", "2024-Q1", "-p", "2024-H1") == [
        "weihai-2024-h1-project-start-rate-floor", "weihai-2024-q1-project-start-rate-stretch"]
    assert len(ids(run, "facts", "-z", "weihai", "-p", "2024")) == 14
    assert ids(run, "facts", "--data", PERIODS, "-z", "gamma", "-p", "2024-09-30") == [
        "gamma-2024-09-30-high-tech-enterprises"]
    assert ids(run, "facts", "-p", "2021-2025") == ["tangshan-2021-2025-provincial-rank",
                                                    "tangshan-2021-2025-national-htz-rank"]


def test_year_and_period_both_apply(run):
    assert run("targets", "-y", "2024", "-p", "2024-Q1", "-f", "csv").out == (
        "metric,metric_name,detail,weihai\nproject_start_rate,Key project start rate,2024-Q1 · stretch,>90%\n")
    result = run("targets", "-y", "2023", "-p", "2024-Q1", "-f", "csv")
    assert (result.code, result.out, result.err) == (0, "metric,metric_name,detail\n",
                                                      "note: no targets match these filters\n")


def test_a_period_no_fact_writes_selects_nothing(run):
    result = run("facts", "-p", "2019-Q3", "-f", "csv")
    assert result.code == 0 and result.out.count("\n") == 1
    assert result.err == "note: no facts match these filters\n"


@pytest.mark.parametrize("args, shown", [
    (("targets",), "Targets, 2024-H1"),
    (("actuals", "--data", PERIODS), "Actuals, 2024-H1"),
    (("compare", "gamma", "--data", PERIODS), "2024-H1"),
    (("attainment", "--data", PERIODS), "met"),
    (("rank", "gdp_growth", "--data", PERIODS), "GDP growth, targets 2024-H1: largest first"),
    (("chart", "gdp_growth", "--data", PERIODS), "gamma: GDP growth, targets 2024-H1: in time order"),
    (("coverage",), "2024-H1"),
])
def test_every_view_that_takes_year_takes_period(run, args, shown):
    result = run(*args, "--period", "2024-H1", "-f", "table")
    assert result.code == 0, result.err
    assert shown in result.out


def test_attainment_selects_the_targets_of_the_period_and_pairs_them_as_before(run):
    result = run("attainment", "--data", PERIODS, "-p", "2024-H1", "-f", "json")
    assert [(row["target_id"], row["actual_id"], row["verdict"]) for row in json.loads(result.out)] == [
        ("gamma-2024-h1-gdp-growth", "gamma-2024-01-to-06-gdp-growth", "met")]


def test_diff_of_a_half_finds_it_written_the_other_way(run):
    """diff's exact side and --period share one rule (dataset/periods.written_periods)."""
    result = run("diff", "gamma@2024-H1", "gamma@2024-01..06", "--kind", "actual", "--data", PERIODS, "-f", "json")
    assert [(row["left"], row["right"], row["verdict"]) for row in json.loads(result.out)] == [
        ("5.8%", "5.8%", "same")]


@pytest.mark.parametrize("value, message", [
    ("2024-H1", "Error: --year 2024-H1: that is a period, not a year; ask for it with --period 2024-H1"),
    ("2021-2025", "Error: --year 2021-2025: that is a period, not a year; ask for it with --period 2021-2025"),
    ("24", "Error: --year 24: write the year in four digits, like 2024"),
    ("H1", "Error: --year 'H1': write the year in four digits, like 2024"),
])
@pytest.mark.parametrize("command", [("targets",), ("facts",), ("compare", "weihai"), ("attainment",),
                                     ("rank", "gdp_growth"), ("chart", "gdp_growth")])
def test_a_year_that_is_not_a_year_is_one_line_and_exit_2(run, command, value, message):
    result = run(*command, "--year", value)
    assert (result.code, result.out, result.err) == (2, "", message + "\n")


def test_a_period_that_is_not_one_names_the_syntax(run):
    result = run("facts", "--period", "2024-H3")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("Error: --period '2024-H3' is not a period; write a year '2024', a quarter ")
    assert result.err.count("\n") == 1


def test_the_python_api_takes_a_period_too():
    import zonecmp

    dataset = zonecmp.load(PERIODS)
    assert list(zonecmp.facts(dataset, zone="gamma", period="2024-H1")["id"]) == [
        "gamma-2024-01-to-06-gdp-growth", "gamma-2024-h1-gdp-growth"]
    assert len(zonecmp.facts(dataset, year=2024, zone="gamma")) == 12
    with pytest.raises(zonecmp.UsageError, match="ask for it with --period 2024-H1"):
        zonecmp.facts(dataset, year="2024-H1")
