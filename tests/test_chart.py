"""`zonecmp chart`: a bar chart drawn in the terminal, and its data for a spreadsheet chart."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from conftest import FIXTURES

RANKING = str(FIXTURES / "ranking")
HEADER = "label,zone,zone_name,period,detail,value,value_base,base_unit,bar,note\n"


def test_money_bars_share_one_scale_in_yuan(run):
    result = run("chart", "key_projects_total_investment", "-k", "actual", "-y", "2024", "--data", RANKING, "-f", "csv",
                 "--lang", "zh")
    assert result.code == 0
    assert result.out == HEADER + (
        '丙高新区,gamma,丙高新区,"2024",,477 亿元,47700000000,CNY,1,\n'
        '丁城示例高新区,delta,丁城示例高新区,"2024",,80 亿元,8000000000,CNY,0.1677,\n'
        '戊山高新区,epsilon,戊山高新区,"2024",,5000 万元,50000000,CNY,0.001,\n'
        '己高新区,zeta,己高新区,"2024",,3 亿美元,300000000,USD,,different units: 亿美元 against 亿元\n')


def test_drawing_aligns_chinese_labels_and_labels_bars_as_stated(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    result = run("chart", "projects_signed", "-y", "2024", "--data", RANKING, "-f", "table", "--lang", "zh")
    assert result.code == 0
    assert result.out == (
        "签约引进项目数，目标，2024年：从大到小；条长按同一刻度（个）\n"
        "丁城示例高新区 " + "█" * 28 + " 16 个 [conflict]\n"
        "丁城示例高新区 " + "█" * 26 + "▎ 15 个 [conflict]\n"
        "丙高新区       " + "█" * 21 + " ≥12 个\n"
        "戊山高新区     " + "█" * 21 + " 12 个\n"
        "己高新区       20 家  (家 与 个 单位不同)\n"
        "庚示例高新区   量质齐升  (定性表述)\n")
    bars = [line for line in result.out.splitlines() if "█" in line]
    assert {cell_len(line[:line.index("█")]) for line in bars} == {15}  # every bar starts in the same cell
    assert max(cell_len(line) for line in result.out.splitlines()) <= 60


def test_one_zone_gets_a_bar_per_period_in_time_order(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    result = run("chart", "gdp_growth", "-k", "actual", "-z", "丙高新区", "--data", RANKING, "-f", "table")
    assert result.out == (
        "gamma: GDP growth, actuals all years: in time order; bars to\n"
        "one scale in %\n"
        "2022    " + "█" * 44 + "▏ 6.1%\n"
        "2023    " + "█" * 39 + "▊ 5.5%\n"
        "2024    " + "█" * 47 + " 6.5%\n"
        "2024-Q1 5%  (a quarter against a year)\n")


def test_json_gives_the_chart_data(run):
    records = json.loads(run("chart", "gdp_growth", "-k", "actual", "-z", "gamma", "--data", RANKING, "-f", "json").out)
    assert [(r["label"], r["value"], r["bar"], r["note"]) for r in records] == [
        ("2022", "6.1%", 0.9385, ""), ("2023", "5.5%", 0.8462, ""), ("2024", "6.5%", 1, ""),
        ("2024-Q1", "5%", None, "a quarter against a year")]


def test_bundled_ranks_chart_draws_a_higher_place_longer(run):
    result = run("chart", "provincial_rank", "--kind", "actual", "-f", "csv")
    assert result.out == HEADER + (
        'yueyang-green-chem 2022,yueyang-green-chem,'
        'Yueyang Green Chemical High-Tech Industrial Development Zone,"2022",全省,1 位,1,rank,1,\n'
        'pingjiang 2022,pingjiang,Pingjiang High-Tech Industrial Park,"2022",全省,2 位,2,rank,0.8,\n'
        'yueyang-anon 2022,yueyang-anon,'
        'Unidentified high-tech zone in Yueyang (name hidden in the source),"2022",全省,5 位,5,rank,0.2,\n'
        'tangshan 2023,tangshan,Tangshan High-Tech Industrial Development Zone,"2023",全省,第一方阵,,,,qualitative\n')


def test_nothing_to_chart_prints_the_title_and_a_note(run):
    result = run("chart", "gdp_growth", "--year", "1999", "-f", "table")
    assert (result.code, result.out, result.err) == (0, "GDP growth, targets 1999: largest first\n",
                                                     "note: no targets of gdp_growth match these filters\n")


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "jsonl", "markdown"])
def test_every_format_for_the_new_commands(run, fmt):
    for command in (["attainment", "--data", str(FIXTURES / "attainment")], ["rank", "provincial_rank", "-k", "actual"],
                    ["chart", "provincial_rank", "-k", "actual"]):
        result = run(*command, "-f", fmt)
        assert result.code == 0 and result.out, (command, fmt)
