"""`zonecmp coverage`: per zone and period, the targets, the actuals and the targets attainment pairs."""

from __future__ import annotations

import json
import re
import sys

import pytest
from rich.cells import cell_len

from conftest import FIXTURES
from test_terminal import on_a_terminal

PERIODS = str(FIXTURES / "periods")
HEADER = "zone,period,targets,actuals,pairs,not_stated,written_as"
BUNDLED = f"""{HEADER}
tangshan,"2021",1,3,0,0,"2021"
tangshan,"2023",0,11,0,0,"2023"
tangshan,"2024",1,0,0,0,"2024"
tangshan,"2021-2025",2,0,0,0,"2021-2025"
weihai,"2024-Q1",1,0,0,0,"2024-Q1"
weihai,"2024-H1",1,0,0,0,"2024-H1"
weihai,"2024",14,0,0,0,"2024"
huaian,"2022-2025",1,0,0,0,"2022-2025"
yueyang-anon,"2022",0,2,0,0,"2022"
yueyang-anon,"2023",2,0,0,0,"2023"
yueyang-green-chem,"2022",0,1,0,0,"2022"
pingjiang,"2022",0,1,0,0,"2022"
"""
TITLE = "Coverage, all years: t targets, a actuals; paired: targets attainment sets beside an actual"


def test_bundled_data_per_zone_and_period_in_time_order(run):
    """The bundled data has no pair (as `attainment` says): every target lacks an actual of its period."""
    result = run("coverage", "-f", "csv")
    assert (result.code, result.out, result.err) == (0, BUNDLED, "")


def test_the_table_has_a_row_per_zone_and_a_column_per_period(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    result = run("coverage", "-f", "table")
    assert result.code == 0
    assert result.out.replace("\u00a0", " ") == f"""{TITLE}
┏━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━┓
┃ zone               ┃ 2021      ┃ 2022      ┃ 2023       ┃ 2024-Q1   ┃ 2024-H1   ┃ 2024       ┃ 2021-2025 ┃ 2022-2025 ┃
┡━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━┩
│ tangshan           │ 1 t · 3 a │           │ 0 t · 11 a │           │           │ 1 t · 0 a  │ 2 t · 0 a │           │
│ weihai             │           │           │            │ 1 t · 0 a │ 1 t · 0 a │ 14 t · 0 a │           │           │
│ huaian             │           │           │            │           │           │            │           │ 1 t · 0 a │
│ yueyang-anon       │           │ 0 t · 2 a │ 2 t · 0 a  │           │           │            │           │           │
│ yueyang-green-chem │           │ 0 t · 1 a │            │           │           │            │           │           │
│ pingjiang          │           │ 0 t · 1 a │            │           │           │            │           │           │
└────────────────────┴───────────┴───────────┴────────────┴───────────┴───────────┴────────────┴───────────┴───────────┘
"""


def test_a_half_written_two_ways_is_one_period_and_pairs_are_attainment_s(run):
    """2024-H1 and 2024-01..06 are one half: one row, whose target attainment pairs with the actual. The
    2024 fixed-asset target counts as paired too: attainment sets it beside the January–September actual
    (and calls it not comparable)."""
    result = run("coverage", "--data", PERIODS, "--zone", "gamma", "-f", "csv")
    assert result.code == 0
    assert result.out == f"""{HEADER}
gamma,"2023-01..09",0,2,0,0,"2023-01..09"
gamma,"2024-H1",1,1,1,0,"2024-01..06 = 2024-H1"
gamma,"2024-01..09",1,3,1,0,"2024-01..09"
gamma,"2024-09-30",0,1,0,0,"2024-09-30"
gamma,"2024",2,1,2,0,"2024"
gamma,"2024-12-31",1,1,1,0,"2024-12-31"
"""
    paired = run("attainment", "--data", PERIODS, "--zone", "gamma", "-f", "json")
    assert len({row["target_id"] for row in json.loads(paired.out)}) == 1 + 1 + 2 + 1


def test_pairs_show_on_the_table_only_where_there_are_some(run):
    shown = run("coverage", "--data", PERIODS, "-z", "gamma", "-p", "2024-09-30", "-p", "2024-H1", "-f", "markdown")
    assert shown.out.replace("\u00a0", " ") == """\
| zone | 2024-01..06 = 2024-H1 | 2024-09-30 |
| --- | --- | --- |
| gamma | 1 t · 1 a · 1 paired | 0 t · 1 a |
"""
    assert shown.code == 0


@pytest.mark.parametrize("args, rows", [
    (("-z", "weihai", "-z", "tangshan", "-y", "2024"),
     ['weihai,"2024-Q1",1,0,0,0,"2024-Q1"', 'weihai,"2024-H1",1,0,0,0,"2024-H1"', 'weihai,"2024",14,0,0,0,"2024"',
      'tangshan,"2024",1,0,0,0,"2024"']),
    (("-p", "2024-H1",), ['weihai,"2024-H1",1,0,0,0,"2024-H1"']),
    (("-y", "2025",), ['tangshan,"2021-2025",2,0,0,0,"2021-2025"', 'huaian,"2022-2025",1,0,0,0,"2022-2025"']),
    (("-m", "gdp_growth",), ['weihai,"2024",1,0,0,0,"2024"']),
    (("-z", "baoding",), []),
])
def test_the_filters_select_what_is_counted(run, args, rows):
    result = run("coverage", *args, "-f", "csv")
    assert result.code == 0
    assert result.out.splitlines() == [HEADER, *rows]
    assert result.err == ("" if rows else "note: no facts match these filters\n")


def test_json_is_one_object_per_zone_and_period_with_counts_as_numbers(run):
    rows = json.loads(run("coverage", "-z", "tangshan", "-f", "json").out)
    assert rows[0] == {"zone": "tangshan", "period": "2021", "targets": 1, "actuals": 3, "pairs": 0, "not_stated": 0,
                       "written_as": "2021"}
    assert [row["period"] for row in rows] == ["2021", "2023", "2024", "2021-2025"]


def test_zones_are_named_in_the_language_asked(run):
    result = run("coverage", "-z", "weihai", "--lang", "zh", "-f", "markdown")
    assert result.out.splitlines()[2].startswith("| 威海高区 |")


def test_bad_filters_are_one_line_errors(run):
    assert run("coverage", "--year", "2024-H1").err == (
        "Error: --year 2024-H1: that is a period, not a year; ask for it with --period 2024-H1\n")
    result = run("coverage", "-z", "nowhere")
    assert result.code == 2 and result.err.startswith("Error: ") and result.err.count("\n") == 1


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("columns", [60, 80, 100])
def test_on_a_terminal_no_count_is_split_and_nothing_runs_past_the_edge(columns):
    code, received = on_a_terminal("coverage", columns=columns)
    text = re.sub(r"\x1b\[[0-9;]*m", "", received.decode("utf-8")).replace("\r\n", "\n")
    assert code == 0, text
    assert all(cell_len(line) <= columns for line in text.splitlines()), text
    counts = re.findall(r"\d+\u00a0[ta]\b", text)  # each count stays with its letter (a no-break space)
    assert len(counts) == 2 * 12, text
    assert "yueyang-green-chem" in text and "2021-2025" in text
