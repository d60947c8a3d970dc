"""`zonecmp rank`: zones ordered by one metric, ties sharing a place, the unrankable listed after with the reason."""

from __future__ import annotations

import csv

import pytest

from conftest import FIXTURES

RANKING = str(FIXTURES / "ranking")
HEADER = "rank,zone,zone_name,period,detail,value,value_base,base_unit,reason,id\n"


def test_bundled_provincial_ranks_first_place_first(run):
    result = run("rank", "provincial_rank", "--kind", "actual", "-f", "csv")
    assert result.code == 0 and result.err == ""
    assert result.out == HEADER + (
        '1,yueyang-green-chem,Yueyang Green Chemical High-Tech Industrial Development Zone,"2022",全省,'
        '1 位,1,rank,,yueyang-green-chem-2022-provincial-rank\n'
        '2,pingjiang,Pingjiang High-Tech Industrial Park,"2022",全省,2 位,2,rank,,pingjiang-2022-provincial-rank\n'
        '3,yueyang-anon,Unidentified high-tech zone in Yueyang (name hidden in the source),"2022",全省,'
        '5 位,5,rank,,yueyang-anon-2022-provincial-rank\n'
        ',tangshan,Tangshan High-Tech Industrial Development Zone,"2023",全省,第一方阵,,,qualitative,'
        'tangshan-2023-provincial-rank\n')


def test_ties_share_a_place_and_conflicts_are_marked(run):
    result = run("rank", "projects_signed", "--year", "2024", "--data", RANKING, "-f", "csv")
    assert result.out == HEADER + (
        '1,delta,"Delta Example High-Tech Zone (fictional, for tests)","2024",,16 个 [conflict],16,个,,'
        'delta-2024-projects-signed-news\n'
        '2,delta,"Delta Example High-Tech Zone (fictional, for tests)","2024",,15 个 [conflict],15,个,,'
        'delta-2024-projects-signed\n'
        '3,gamma,"Gamma Example High-Tech Zone (fictional, for tests)","2024",,≥12 个,12,个,,'
        'gamma-2024-projects-signed\n'
        '3,epsilon,"Epsilon Example High-Tech Zone (fictional, for tests)","2024",,12 个,12,个,,'
        'epsilon-2024-projects-signed\n'
        ',zeta,"Zeta Example High-Tech Zone (fictional, for tests)","2024",,20 家,20,家,'
        'different units: 家 against 个,zeta-2024-projects-signed\n'
        ',eta,"Eta Example High-Tech Zone (fictional, for tests)","2024",,量质齐升,,,qualitative,'
        'eta-2024-projects-signed\n')


def test_ranks_tie_after_first_place_and_other_scopes_follow(run):
    result = run("rank", "全省园区综合排名", "-k", "actual", "-y", "2024", "--data", RANKING, "-f", "csv",
                 "--lang", "zh")
    assert result.out == HEADER + (
        '1,delta,丁城示例高新区,"2024",全省,1 位,1,rank,,delta-2024-provincial-rank\n'
        '2,gamma,丙高新区,"2024",全省,3 位,3,rank,,gamma-2024-provincial-rank\n'
        '2,epsilon,戊山高新区,"2024",全省,3 位,3,rank,,epsilon-2024-provincial-rank\n'
        ',eta,庚示例高新区,"2024",全省开发区综合考评,2 位,2,rank,different qualifiers: 全省开发区综合考评 against 全省,'
        "eta-2024-provincial-rank\n"
        ',zeta,己高新区,"2024",全省,第一方阵,,,qualitative,zeta-2024-provincial-rank\n')


def test_money_ranks_in_yuan_whatever_the_written_unit(run):
    result = run("rank", "key_projects_total_investment", "-k", "actual", "-y", "2024", "--data", RANKING,
                 "-f", "markdown", "--lang", "zh")
    assert result.out == (
        "| 名次 | 高新区 | 期间 | 数值 | 原因 |\n"
        "| ---: | --- | --- | --- | --- |\n"
        "| 1 | 丙高新区 | 2024 | 477 亿元 |  |\n"
        "| 2 | 丁城示例高新区 | 2024 | 80 亿元 |  |\n"
        "| 3 | 戊山高新区 | 2024 | 5000 万元 |  |\n"
        "|  | 己高新区 | 2024 | 3 亿美元 | 亿美元 与 亿元 单位不同 |\n")


def test_periods_of_another_length_are_not_ranked_with_years(run):
    result = run("rank", "gdp_growth", "-k", "actual", "-z", "gamma", "--data", RANKING, "-f", "csv")
    assert [[row[0], row[1], row[3], row[8]] for row in csv.reader(result.out.splitlines()[1:])] == [
        ["1", "gamma", "2024", ""], ["2", "gamma", "2022", ""], ["3", "gamma", "2023", ""],
        ["", "gamma", "2024-Q1", "a quarter against a year"]]


def test_table_title_says_the_order(run):
    lines = run("rank", "provincial_rank", "-k", "actual", "-f", "table", "--lang", "en").out.splitlines()
    title = " ".join(line.strip() for line in lines[:next(i for i, line in enumerate(lines) if line.startswith("┏"))])
    assert title == "Rank among the province's zones, actuals all years: a smaller number is a higher place"


def test_nothing_to_rank_prints_the_header_and_a_note(run):
    result = run("rank", "gdp_growth", "--year", "1999", "-f", "csv")
    assert (result.code, result.out, result.err) == (0, HEADER, "note: no targets of gdp_growth match these filters\n")


@pytest.mark.parametrize("args, message", [
    (["gdp_growht"], "Error: unknown metric 'gdp_growht' (did you mean 'gdp_growth'?); `zonecmp metrics` lists them\n"),
    (["gdp_growth", "--kind", "plan"], "Error: unknown kind 'plan'; use one of target, actual\n"),
])
def test_usage_errors(run, args, message):
    result = run("rank", *args)
    assert (result.code, result.err) == (2, message)


def test_zone_name_is_the_zones_name_in_the_language_asked(run):
    def names(*lang: str) -> dict[str, str]:
        out = run("rank", "provincial_rank", "-k", "actual", "-f", "csv", *lang).out
        return {row[1]: row[2] for row in csv.reader(out.splitlines())}

    assert names()["tangshan"] == "Tangshan High-Tech Industrial Development Zone"
    assert names("--lang", "zh")["tangshan"] == "唐山高新区"
