"""`--lang`: people read headers, titles, notes and verdicts in their language; scripts read one English contract."""

from __future__ import annotations

import csv
import io
import json
import re
import sys

import pytest

from conftest import FIXTURES
from test_terminal import on_a_terminal

ATTAINMENT = str(FIXTURES / "attainment")

# Each view's markdown header row, in English and in Chinese.
HEADERS = {
    ("targets", "-y", "2024"): ("| metric | detail | tangshan | weihai |", "| 指标 | 说明 | 唐山高新区 | 威海高区 |"),
    ("actuals", "-y", "2023", "-z", "tangshan"): ("| metric | detail | tangshan |", "| 指标 | 说明 | 唐山高新区 |"),
    ("compare", "tangshan", "weihai", "-y", "2024"): ("| metric | detail | kind | tangshan | weihai |",
                                                      "| 指标 | 说明 | 类型 | 唐山高新区 | 威海高区 |"),
    ("targets", "-y", "2024", "--long"): ("| metric | detail | zone | period | stated | value | unit | fact_id |",
                                          "| 指标 | 说明 | 高新区 | 期间 | 表述 | 数值 | 单位 | 事实编号 |"),
    ("diff", "weihai@2024", "tangshan@2024"): ("| metric | detail | left | right | verdict |",
                                               "| 指标 | 说明 | 左侧 | 右侧 | 结论 |"),
    ("facts", "-z", "weihai"): ("| id | zone | period | kind | tier | metric_name | value | quote |",
                                "| 编号 | 高新区 | 期间 | 类型 | 档次 | 指标 | 数值 | 原文 |"),
    ("attainment", "--data", ATTAINMENT): ("| zone | metric | period | target | actual | verdict | gap |",
                                           "| 高新区 | 指标 | 期间 | 目标 | 实际 | 结论 | 差距 |"),
    ("attainment", "--summary", "--data", ATTAINMENT): (
        "| zone | met_of_assessed | targets | assessed | met | missed | estimated | not_comparable |",
        "| 高新区 | 完成情况 | 目标数 | 已评估 | 已完成 | 未完成 | 据预计 | 不可比 |"),
    ("rank", "provincial_rank", "--kind", "actual"): ("| rank | zone | period | detail | value | reason |",
                                                      "| 名次 | 高新区 | 期间 | 说明 | 数值 | 原因 |"),
    ("chart", "provincial_rank", "--kind", "actual"): (
        "| label | zone | zone_name | period | detail | value | value_base | base_unit | bar | note |",
        "| 标签 | 高新区 | 高新区名称 | 期间 | 说明 | 数值 | 基准数值 | 基准单位 | 条长 | 备注 |"),
    ("show", "weihai-2024-gdp-growth"): ("| field | value |", "| 字段 | 数值 |"),
    ("zones",): ("| id | name | province | city | level | identity |", "| 编号 | 名称 | 省份 | 城市 | 级别 | 身份 |"),
    ("metrics",): ("| id | name | name_en | unit_kind |", "| 编号 | 名称 | 英文名称 | 单位类型 |"),
    ("sources",): ("| id | published | zones | title |", "| 编号 | 发布日期 | 高新区 | 标题 |"),
}


@pytest.mark.parametrize("args", HEADERS, ids=" ".join)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_headers_are_in_the_language(run, args, lang):
    result = run(*args, "--format", "markdown", "--lang", lang)
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == HEADERS[args][lang == "zh"]


TITLES = {
    ("targets", "-y", "2024"): ("Targets, 2024", "目标，2024年"),
    ("actuals", "-y", "2022", "-y", "2023"): ("Actuals, 2022, 2023", "实际，2022、2023年"),
    ("compare", "tangshan", "weihai"): ("Compare tangshan, weihai", "对比 tangshan、weihai"),
    ("diff", "weihai@2024", "tangshan@2024"): ("weihai@2024 → tangshan@2024 (targets)",
                                               "weihai@2024 → tangshan@2024（目标）"),
    ("facts",): ("Facts", "事实"),
    ("zones",): ("Zones", "高新区"),
    ("attainment", "--summary", "--data", ATTAINMENT): ("Targets met per zone, all years",
                                                        "各高新区目标完成情况，全部年份"),
    ("rank", "provincial_rank", "--kind", "actual"): (
        "Rank among the province's zones, actuals all years: a smaller number is a higher place",
        "全省园区综合排名，实际，全部年份：数字越小名次越高"),
    ("chart", "project_start_rate", "--zone", "weihai"): (
        "weihai: Key project start rate, targets all years: in time order; bars to one scale in %",
        "威海高区：重点项目开工率，目标，全部年份：按时间顺序；条长按同一刻度（%）"),
}


@pytest.mark.parametrize("args", TITLES, ids=" ".join)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_table_titles_are_in_the_language(run, monkeypatch, args, lang):
    monkeypatch.setenv("COLUMNS", "200")
    assert run(*args, "--format", "table", "--lang", lang).out.splitlines()[0] == TITLES[args][lang == "zh"]


def test_attainment_title_states_the_rule_and_tolerance_in_chinese(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    title = run("attainment", "--data", ATTAINMENT, "-t", "1pp", "-f", "table", "--lang", "zh").out.splitlines()[0]
    assert title == ("目标对照实际，全部年份：未写比较符的目标为下限（名次为上限）；~ 的允许偏差：百分数 ±1 个百分点，"
                     "其他为目标的 ±5%")


def _column(markdown: str, name: str) -> list[str]:
    lines = markdown.splitlines()
    position = [cell.strip() for cell in lines[0].strip("|").split(" | ")].index(name)
    return [line.strip("|").split(" | ")[position].strip() for line in lines[2:]]


def test_verdict_words_of_diff_and_attainment_are_chinese(run):
    diff = run("diff", "weihai@2024", "tangshan@2024", "-f", "markdown", "--lang", "zh").out
    assert set(_column(diff, "结论")) == {"删除", "新增"}
    shapes = run("diff", "example@2024", "example@2025", "--data", str(FIXTURES / "shapes"), "-f", "markdown",
                 "--lang", "zh").out
    assert set(_column(shapes, "结论")) == {"删除", "新增", "提高", "降低", "持平"}
    attained = _column(run("attainment", "--data", ATTAINMENT, "-f", "markdown", "--lang", "zh").out, "结论")
    assert {"已完成", "未完成", "已完成（预计）", "未完成（预计）", "不可比：季度对全年",
            "不可比：目标为定性表述，请对照原文措辞", "不可比：家 与 个 单位不同"} <= set(attained)
    assert run("attainment", "--data", ATTAINMENT, "--summary", "-f", "markdown", "--lang", "zh").out.splitlines()[2] \
        .startswith("| 甲示例高新区 | 10 项中 7 项 |")


def test_kinds_and_tiers_read_in_chinese_for_people(run):
    facts = run("facts", "-f", "markdown", "--lang", "zh").out
    assert set(_column(facts, "类型")) == {"目标", "实际"}
    assert set(_column(facts, "档次")) == {"", "确保", "力争"}
    assert set(_column(run("compare", "tangshan", "weihai", "-f", "markdown", "--lang", "zh").out, "类型")) == {
        "目标", "实际"}
    assert set(_column(run("facts", "-f", "markdown", "--lang", "en").out, "tier")) == {"", "floor", "stretch"}


def test_english_verdicts_stay_as_they_were(run):
    attained = _column(run("attainment", "--data", ATTAINMENT, "-f", "markdown", "--lang", "en").out, "verdict")
    assert {"met", "missed", "met (estimate)", "not comparable: a quarter against a year"} <= set(attained)
    assert "missed" in _column(run("attainment", "--data", ATTAINMENT, "-f", "markdown").out, "verdict")


def test_show_names_its_fields_in_chinese_for_people_and_in_english_for_scripts(run):
    table = run("show", "weihai-2024-gdp-growth", "-f", "markdown", "--lang", "zh").out
    assert _column(table, "字段")[:5] == ["编号", "高新区", "指标", "期间", "类型"]
    assert "| 类型 | 目标 |" in table
    records = json.loads(run("show", "weihai-2024-gdp-growth", "-f", "json", "--lang", "zh").out)
    assert [r["field"] for r in records[:5]] == ["id", "zone", "metric", "period", "kind"]
    assert records[4]["value"] == "target"


@pytest.mark.parametrize("lang, note", [("en", "note: no targets match these filters\n"),
                                        ("zh", "提示：没有符合条件的目标\n")])
def test_the_empty_note_is_in_the_language(run, lang, note):
    assert run("targets", "-y", "1999", "-f", "csv", "--lang", lang).err == note


def test_diff_says_in_chinese_which_side_has_nothing(run):
    assert run("diff", "weihai@2019", "weihai@2024", "-f", "csv", "--lang", "zh").err == (
        "提示：weihai@2019 没有目标；weihai 有目标的期间：2024-Q1、2024-H1、2024\n")


def test_errors_stay_english(run):
    assert run("targets", "-z", "nowhere", "--lang", "zh").err.startswith("Error: unknown zone 'nowhere'")


# The columns whose cells `--lang zh` already changed in machine formats before headers were translated: the
# names of metrics and zones, and what the data writes in Chinese (确保, 较2023年, 7.5% (预计)). Nothing else may.
TRANSLATED = {
    ("targets",): {"metric_name", "detail"},
    ("actuals",): {"metric_name"},
    ("compare", "tangshan", "weihai"): {"metric_name", "detail"},
    ("compare", "甲示例高新区", "乙示例高新区", "--data", ATTAINMENT): {"metric_name", "detail", "alpha", "beta"},
    ("compare", "tangshan", "weihai", "--long"): {"metric_name", "detail", "stated"},
    ("diff", "weihai@2023", "weihai@2024"): {"metric_name", "detail"},
    ("diff", "甲示例高新区@2024", "乙示例高新区@2024", "--data", ATTAINMENT): {"metric_name", "detail", "left"},
    ("facts",): set(),
    ("attainment", "--data", ATTAINMENT): {"metric_name", "actual"},
    ("attainment", "--summary", "--data", ATTAINMENT): set(),
    ("rank", "provincial_rank", "--kind", "actual"): {"zone_name"},
    ("chart", "project_start_rate", "--zone", "weihai"): {"label", "zone_name", "detail"},
    ("show", "weihai-2024-gdp-growth"): set(),
    ("zones",): set(),
    ("metrics",): set(),
    ("sources",): set(),
}


@pytest.mark.parametrize("args", TRANSLATED, ids=" ".join)
def test_csv_is_the_same_contract_in_both_languages(run, args):
    english, chinese = (run(*args, "-f", "csv", "--lang", lang).out for lang in ("en", "zh"))
    (header, *en_rows), (zh_header, *zh_rows) = (list(csv.reader(io.StringIO(text))) for text in (english, chinese))
    assert header == zh_header and len(en_rows) == len(zh_rows)
    if "--long" in args:  # its rows are ordered by their detail, which reads in the language: compare fact by fact
        by_fact = header.index("fact_id")
        en_rows, zh_rows = (sorted(rows, key=lambda row: row[by_fact]) for rows in (en_rows, zh_rows))
    changed = {name for en, zh in zip(en_rows, zh_rows) for name, a, b in zip(header, en, zh) if a != b}
    assert changed <= TRANSLATED[args]
    if not TRANSLATED[args]:
        assert english == chinese


@pytest.mark.parametrize("command", ["diff", "attainment"])
def test_json_keeps_the_english_codes(run, command):
    args = ("diff", "weihai@2024", "tangshan@2024") if command == "diff" else ("attainment", "--data", ATTAINMENT)
    english, chinese = (json.loads(run(*args, "-f", "json", "--lang", lang).out) for lang in ("en", "zh"))
    assert [r["verdict"] for r in english] == [r["verdict"] for r in chinese]
    assert [list(r) for r in english] == [list(r) for r in chinese]
    assert {r["verdict"] for r in chinese} & {"new", "dropped", "met", "missed"}


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_chinese_locale_gives_chinese_headers_on_a_terminal(monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, screen = on_a_terminal("diff", "weihai@2024", "tangshan@2024", columns=80)
    text = re.sub(r"\x1b\[[0-9;]*m", "", screen.decode("utf-8"))
    assert code == 0
    assert text.startswith("weihai@2024 → tangshan@2024（目标）\r\n")
    header = next(line for line in text.splitlines() if line.startswith("┃"))
    assert header.split() == ["┃", "指标", "┃", "说明", "┃", "左侧", "┃", "右侧", "┃", "结论", "┃"]
    assert "│ 删除 │" in text and "│ 新增 │" in text
