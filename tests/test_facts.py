"""`zonecmp facts`: the tidy table, every curated number a row, numbers as numbers."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import yaml

from conftest import ROOT

REQUIRED_COLUMNS = ["zone", "zone_name", "period", "kind", "metric", "metric_name", "comparator", "value",
                    "value_max", "unit", "value_base", "base_unit", "text", "quote", "source", "published"]


def curated_fact_ids() -> list[str]:
    ids = []
    for path in sorted((ROOT / "data" / "sources").glob("*.yaml")):
        ids += [fact["id"] for fact in yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]]
    return ids


def test_every_curated_fact_is_a_row_with_numeric_columns(run):
    result = run("facts", "--format", "csv")
    frame = pd.read_csv(io.StringIO(result.out))
    assert set(REQUIRED_COLUMNS) <= set(frame.columns)
    assert sorted(frame["id"]) == sorted(curated_fact_ids())
    for column in ("value", "value_max", "value_base", "year"):
        assert pd.api.types.is_numeric_dtype(frame[column]), column


def test_csv_values_and_base_units(run):
    frame = pd.read_csv(io.StringIO(run("facts", "-f", "csv").out)).set_index("id")
    total = frame.loc["tangshan-2023-key-projects-total-investment"]
    assert (total["value"], total["unit"], total["value_base"], total["base_unit"]) == (477, "亿元", 47700000000, "CNY")
    award = frame.loc["tangshan-2021-award-money"]
    assert (award["value"], award["unit"], award["value_base"]) == (540, "万元", 5400000)
    projects = frame.loc["weihai-2024-projects-over-1bn-landed"]
    assert (projects["comparator"], projects["value"], projects["unit"]) == (">=", 10, "个")
    assert frame.loc["weihai-2024-gdp-growth", "quote"] == "地区生产总值增长6%"
    assert frame.loc["weihai-2024-gdp-growth", "published"] == "2024-02-07"


def test_piped_facts_read_by_pandas_as_the_issue_shows():
    command = [sys.executable, "-m", "zonecmp", "facts", "--format", "csv"]
    csv_text = subprocess.run(command, capture_output=True, text=True, check=True, encoding="utf-8").stdout
    dtypes = pd.read_csv(io.StringIO(csv_text)).dtypes
    assert dtypes["value"] == "float64" and dtypes["value_base"] == "float64"


def test_json_and_jsonl_carry_numbers_and_nulls(run):
    records = json.loads(run("facts", "-z", "weihai", "-f", "json").out)
    gdp = next(r for r in records if r["id"] == "weihai-2024-gdp-growth")
    assert gdp["value"] == 6 and isinstance(gdp["value"], int)
    assert gdp["value_max"] is None
    assert gdp["estimate"] is False
    lines = run("facts", "-z", "weihai", "-f", "jsonl").out.splitlines()
    assert [json.loads(line) for line in lines] == records


def test_filters_combine(run):
    frame = pd.read_csv(io.StringIO(run("facts", "-z", "tangshan", "-y", "2023", "-k", "actual", "-f", "csv").out))
    assert len(frame) == 11
    assert set(frame["zone"]) == {"tangshan"} and set(frame["year"]) == {2023}


def test_terminal_view_is_short(run):
    out = run("facts", "-z", "weihai", "-m", "gdp_growth", "-f", "table", "--lang", "en").out
    assert "weihai-2024-gdp-growth" in out and "地区生产总值增长6%" in out and "GDP growth" in out


def test_unknown_kind(run):
    result = run("facts", "--kind", "targte")
    assert result.code == 2
    assert result.err == "Error: unknown kind 'targte'; use one of target, actual\n"
