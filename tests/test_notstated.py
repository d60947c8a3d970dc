"""Not stated, as data (issue #16): a source's record that it gives no target or result for a metric,
told apart in every view from a value and from a cell no source covers.

The fixture tests/fixtures/notstated holds three fictional work reports of the bundled zone baoding:
2023 targets with GDP growth among them, 2024 targets with the sentence 今年不设地区生产总值具体增长目标,
and the 2024 results without budget revenue.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import time

import pandas as pd
import pytest

from conftest import FIXTURES, write_source

NOTSTATED = str(FIXTURES / "notstated")
PAGES = FIXTURES / "notstated" / "pages"
DOCUMENTS = FIXTURES / "notstated" / "documents"
GDP_RECORD = "baoding-2024-gdp-growth-not-stated"
REVENUE_RECORD = "baoding-2024-general-budget-revenue-growth-actual-not-stated"


def test_targets_tell_a_value_not_stated_and_no_source_apart(run):
    result = run("targets", "--data", NOTSTATED, "-z", "baoding", "-f", "csv")
    assert (result.code, result.err) == (0, "")
    assert result.out == """\
metric,metric_name,detail,baoding@2023,baoding@2024
gdp_growth,GDP growth,,6%,not stated
industrial_value_added_growth,Growth of industrial value added (enterprises above designated size),,7%,6.5%
fixed_asset_investment_growth,Fixed-asset investment growth,,8%,7%
general_budget_revenue_growth,General public budget revenue growth,,5%,4%
"""
    beside = run("targets", "--data", NOTSTATED, "-z", "baoding", "-z", "weihai", "-y", "2024", "-f", "csv")
    rows = pd.read_csv(io.StringIO(beside.out), dtype=str).fillna("").set_index("metric")
    assert rows.loc["gdp_growth", "baoding"] == "not stated"
    assert rows.loc["retail_sales_growth", "baoding"] == ""  # no source covers it
    assert rows.loc["retail_sales_growth", "weihai"] == "5.5%"


def test_not_stated_is_worded_in_chinese(run):
    result = run("targets", "--data", NOTSTATED, "-z", "baoding", "--lang", "zh", "-f", "markdown")
    assert result.out == """\
| 指标 | 保定高新区 2023 | 保定高新区 2024 |
| --- | --- | --- |
| 地区生产总值增速 | 6% | 未提及 |
| 规模以上工业增加值增速 | 7% | 6.5% |
| 固定资产投资增速 | 8% | 7% |
| 一般公共预算收入增速 | 5% | 4% |
"""


def test_actuals_show_the_result_a_report_leaves_out(run):
    result = run("actuals", "--data", NOTSTATED, "-z", "baoding", "-f", "csv")
    assert result.out.splitlines()[-1] == ("general_budget_revenue_growth,General public budget revenue growth,,"
                                           "not stated")


@pytest.mark.parametrize("args", [("-y", "2023"), ("-m", "fixed_asset_investment_growth"), ("-p", "2024-H1")])
def test_a_record_shows_only_where_the_filters_select_it(run, args):
    result = run("targets", "--data", NOTSTATED, "-z", "baoding", *args, "-f", "csv")
    assert "not stated" not in result.out


def plan_head(year: int) -> str:
    """The head of a fictional baoding work plan for `year`: its source and its defaults (targets)."""
    return f"""\
source:
  id: baoding-{year}-plan
  title: 保定高新区{year}年工作要点
  publisher: zonecmp tests (fictional)
  published: "{year}-01-10"
  document: documents/doc.txt
  zones: [baoding]
defaults:
  zone: baoding
  period: "{year}"
  kind: target
"""


def test_a_zone_with_only_a_not_stated_record_still_has_its_column(run, tmp_path):
    source = plan_head(2025) + """\
not_stated:
  - id: baoding-2025-gdp-growth-not-stated
    metric: gdp_growth
    quote: 不设地区生产总值增长目标
"""
    data = write_source(tmp_path / "data", source, "2025年，不设地区生产总值增长目标。\n")
    result = run("targets", "--data", str(data), "-z", "baoding", "-f", "csv")
    assert (result.code, result.out) == (0, "metric,metric_name,detail,baoding\ngdp_growth,GDP growth,,not stated\n")
    assert run("check", "--data", str(data)).code == 0


def test_compare_shows_both_kinds_not_stated(run):
    result = run("compare", "baoding", "--data", NOTSTATED, "-y", "2024", "-f", "markdown")
    assert result.out == """\
| metric | kind | baoding |
| --- | --- | --- |
| GDP growth | actual | 5.6% |
| GDP growth | target | not stated |
| Growth of industrial value added (enterprises above designated size) | actual | 7.1% |
| Growth of industrial value added (enterprises above designated size) | target | 6.5% |
| Fixed-asset investment growth | actual | 6.2% |
| Fixed-asset investment growth | target | 7% |
| General public budget revenue growth | actual | not stated |
| General public budget revenue growth | target | 4% |
"""


def test_the_long_form_has_a_row_with_no_value_that_leads_to_the_record(run):
    result = run("compare", "baoding", "--data", NOTSTATED, "-y", "2024", "--long", "-f", "json")
    rows = {(row["metric"], row["kind"]): row for row in json.loads(result.out)}
    silent = rows[("gdp_growth", "target")]
    assert (silent["stated"], silent["value"], silent["unit"], silent["fact_id"]) == ("not stated", None, "",
                                                                                      GDP_RECORD)
    assert rows[("gdp_growth", "actual")]["value"] == 5.6
    assert list(rows) == [(m, k) for m in ("gdp_growth", "industrial_value_added_growth",
                                           "fixed_asset_investment_growth", "general_budget_revenue_growth")
                          for k in ("actual", "target")]


def test_diff_calls_a_target_that_became_not_stated_withdrawn(run):
    result = run("diff", "baoding@2023", "baoding@2024", "--data", NOTSTATED, "-f", "csv")
    assert result.code == 0
    assert result.out.splitlines()[:2] == [
        "metric,metric_name,detail,left,right,left_value,right_value,change,change_unit,change_pct,verdict,reason",
        "gdp_growth,GDP growth,,6%,not stated,,,,,,withdrawn,not stated in baoding-2024-01-work-report"]
    assert run("diff", "baoding@2023", "baoding@2024", "--data", NOTSTATED, "--exit-code").code == 1


def test_diff_the_other_way_round_is_now_stated_in_either_language(run):
    result = run("diff", "baoding@2024", "baoding@2023", "--data", NOTSTATED, "-m", "gdp_growth", "-f", "json")
    [row] = json.loads(result.out)
    assert (row["left"], row["right"], row["verdict"], row["reason"]) == (
        "not stated", "6%", "now stated", "not stated before, in baoding-2024-01-work-report")
    zh = run("diff", "baoding@2023", "baoding@2024", "--data", NOTSTATED, "-m", "gdp_growth", "--lang", "zh",
             "-f", "markdown")
    assert zh.out.splitlines()[2] == ("| 地区生产总值增速 | 6% | 未提及 | 不再提及 | "
                                      "baoding-2024-01-work-report 未提及 |")


def test_diff_of_two_sides_not_stated_is_the_same(run):
    result = run("diff", "baoding@2024", "baoding@2024", "--kind", "actual", "--data", NOTSTATED,
                 "-m", "general_budget_revenue_growth", "-f", "json")
    [row] = json.loads(result.out)
    assert (row["left"], row["right"], row["verdict"]) == ("not stated", "not stated", "same")


def test_attainment_leaves_out_what_is_not_stated_with_the_reason(run):
    result = run("attainment", "--data", NOTSTATED, "-f", "json")
    rows = [(r["metric"], r["target"], r["actual"], r["verdict"], r["reason"], r["target_id"])
            for r in json.loads(result.out)]
    assert rows == [
        ("gdp_growth", "not stated", "5.6%", "not stated", "baoding-2024-01-work-report states no target",
         GDP_RECORD),
        ("industrial_value_added_growth", "6.5%", "7.1%", "met", "", "baoding-2024-industrial-value-added-growth"),
        ("fixed_asset_investment_growth", "7%", "6.2%", "missed", "", "baoding-2024-fixed-asset-investment-growth"),
        ("general_budget_revenue_growth", "4%", "not stated", "not stated",
         "baoding-2025-01-work-report states no actual", "baoding-2024-general-budget-revenue-growth"),
    ]


def test_attainment_summary_counts_no_target_that_is_not_stated(run):
    result = run("attainment", "--data", NOTSTATED, "--summary", "-f", "csv")
    assert result.out == ("zone,met_of_assessed,targets,assessed,met,missed,estimated,not_comparable\n"
                          "baoding,1 of 2,3,2,1,1,0,0\n")
    zh = run("attainment", "--data", NOTSTATED, "--lang", "zh", "-f", "markdown")
    assert ("| 保定高新区 | 地区生产总值增速 | 2024 | 未提及 | 5.6% | "
            "未提及：baoding-2024-01-work-report 未给出目标 |  |") in zh.out


def test_coverage_counts_the_records(run):
    result = run("coverage", "--data", NOTSTATED, "-z", "baoding", "-f", "csv")
    assert result.out == ('zone,period,targets,actuals,pairs,not_stated,written_as\n'
                          'baoding,"2023",4,0,0,0,"2023"\nbaoding,"2024",3,3,2,2,"2024"\n')
    table = run("coverage", "--data", NOTSTATED, "-z", "baoding", "-f", "markdown")
    assert table.out.replace("\u00a0", " ").splitlines()[2] == (
        "| baoding | 4 t · 0 a | 3 t · 3 a · 2 paired · 2 not stated |")


def test_show_gives_the_record_its_source_and_its_sentence(run):
    result = run("show", GDP_RECORD, "--data", NOTSTATED, "-f", "json")
    fields = {row["field"]: row["value"] for row in json.loads(result.out)}
    assert fields == {
        "id": GDP_RECORD,
        "zone": "baoding · 保定高新技术产业开发区 · Baoding High-Tech Industrial Development Zone",
        "metric": "gdp_growth · 地区生产总值增速 · GDP growth",
        "period": "2024", "kind": "target", "stated": "not stated",
        "quote": "今年不设地区生产总值具体增长目标",
        "context": "综合考虑发展环境和统计口径调整等因素，今年不设地区生产总值具体增长目标，"
                   "着力推动经济实现质的有效提升和量的合理增长。",
        "source": "baoding-2024-01-work-report: 保定高新区2024年工作报告（节选）",
        "publisher": "zonecmp tests (fictional)", "published": "2024-01-18",
        "document": "documents/baoding-2024-01-work-report.txt",
        "defined at": "sources/baoding-2024-01-work-report.yaml:35",
    }
    silent = {row["field"]: row["value"] for row in json.loads(run("show", REVENUE_RECORD, "--data", NOTSTATED,
                                                                   "-f", "json").out)}
    assert "quote" not in silent and silent["note"].startswith("The review of 2024 gives GDP")
    assert silent["kind"] == "actual"


def test_check_verifies_a_record_s_quote(run, tmp_path):
    assert run("check", "--data", NOTSTATED).out == "checked 51 facts and 2 not-stated records: no problems\n"
    summary = json.loads(run("check", "--data", NOTSTATED, "-f", "json").out)["summary"]
    assert (summary["facts_checked"], summary["not_stated_checked"]) == (51, 2)
    data = tmp_path / "data"
    shutil.copytree(NOTSTATED, data)
    path = data / "sources" / "baoding-2024-01-work-report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("今年不设地区生产总值具体增长目标", "今年不设地区生产总值增长目标"), encoding="utf-8")
    result = run("check", "--data", str(data))
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        f"{path}:35: {GDP_RECORD}: the quote '今年不设地区生产总值增长目标' is not in "
        "documents/baoding-2024-01-work-report.txt; the closest passage is '今年不设地区生产总值具体增长'")


def test_extract_proposes_a_record_where_the_page_says_it_sets_no_target(run):
    result = run("extract", str(DOCUMENTS / "baoding-2024-01-work-report.txt"), "--zone", "baoding",
                 "--published", "2024-01-18")
    assert result.code == 0
    assert result.out.endswith("""
not_stated:
  # the page says it sets no target
  - id: baoding-2024-gdp-growth-not-stated
    metric: gdp_growth
    quote: 今年不设地区生产总值具体增长目标
""")
    # With the fixture loaded, its record has the id: the draft's gets another.
    again = run("extract", str(DOCUMENTS / "baoding-2024-01-work-report.txt"), "--zone", "baoding",
                "--published", "2024-01-18", "--data", NOTSTATED)
    assert "  - id: baoding-2024-gdp-growth-not-stated-2\n" in again.out


def test_extract_comments_out_a_headline_target_a_page_leaves_out(run, tmp_path):
    page = PAGES / "baoding-2024-plan-without-gdp.txt"
    result = run("extract", str(page), "--zone", "baoding", "--published", "2024-01-10")
    assert result.out.endswith("""
# Not stated? Each record below is a target the page leaves out. If the page sets none, uncomment
# it and give as its quote the sentence that shows it (or delete the quote line); if the page
# does state one, delete the record and add the fact.
# not_stated:
#
#   # the page lists 2024 targets for 3 headline metrics and none for 地区生产总值增速
#   - id: baoding-2024-gdp-growth-not-stated
#     metric: gdp_growth
#     quote: null
""")
    # Uncommented, the record loads (a null quote is no quote), and the draft then checks.
    into = tmp_path / "mine"
    run("extract", str(page), "--zone", "baoding", "--published", "2024-01-10", "--into", str(into))
    [draft] = (into / "sources").glob("*.yaml")
    head, proposals = draft.read_text(encoding="utf-8").split("# not_stated:")
    text = head + "not_stated:" + re.sub(r"^# ?", "", proposals, flags=re.M)
    draft.write_text(re.sub(r"^  (title|publisher): null.*$", r"  \1: x", text, flags=re.M), encoding="utf-8")
    assert run("check", "--data", str(into)).code == 0
    assert "gdp_growth,GDP growth,,not stated" in run("targets", "--data", str(into), "-z", "baoding").out


def test_extract_proposes_nothing_where_every_headline_target_is_stated(run):
    result = run("extract", str(DOCUMENTS / "baoding-2023-01-work-report.txt"), "--zone", "baoding",
                 "--published", "2023-01-16")
    assert result.code == 0 and "not_stated" not in result.out and "Not stated?" not in result.out


SOURCE_HEAD = plan_head(2024) + """\
facts:
  - id: baoding-2024-gdp-growth
    metric: gdp_growth
    value: 6
    unit: "%"
    quote: 地区生产总值增长6%
"""


@pytest.mark.parametrize("records, message", [
    ("  - id: x\n    metric: fixed_asset_investment_growth\n    qoute: 不设\n",
     "21: qoute: unknown field for a not-stated record (did you mean 'quote'?)"),
    ("  - id: x\n    metric: gdp_grwth\n",
     "20: metric: unknown metric id 'gdp_grwth' (did you mean 'gdp_growth'?); define it in metrics.yaml or fix the id"),
    ("  - id: x\n    metric: fixed_asset_investment_growth\n    kind: result\n",
     "21: kind: 'result' is not one of target, actual"),
    ("  - id: x\n    metric: fixed_asset_investment_growth\n    period: 2024Q3\n",
     "21: period: '2024Q3' is not a period; write a year '2024', a quarter '2024-Q1', a half '2024-H1', a month "
     "'2024-09', a run of months '2024-01..09', a span of years '2021-2025' or a date '2024-09-30' for a total as "
     "of that day"),
    ("  - metric: fixed_asset_investment_growth\n", "19: id: missing; this field is required"),
    ("  - id: x\n    metric: fixed_asset_investment_growth\n    period: null\n",
     "21: period: missing; give the record a period or set one in defaults"),
    ("  - id: baoding-2024-gdp-growth\n    metric: fixed_asset_investment_growth\n",
     "19: id: duplicate fact id 'baoding-2024-gdp-growth', first defined at {path}:13; ids must be unique"),
    ("  - id: x\n    metric: gdp_growth\n",
     "20: metric: fact 'baoding-2024-gdp-growth' (line 13) of this source states the target of gdp_growth for "
     "baoding 2024; a source cannot both state it and not state it: remove this record, or the fact"),
    ("  - fixed_asset_investment_growth\n",
     "18: not_stated: every not-stated record must be a record with fields, not 'fixed_asset_investment_growth'"),
])
def test_a_bad_record_is_one_line_at_its_place(run, tmp_path, records, message):
    data = write_source(tmp_path / "data", SOURCE_HEAD + "not_stated:\n" + records, "地区生产总值增长6%。\n")
    path = data / "sources" / "a.yaml"
    result = run("targets", "--data", str(data), "-f", "csv")
    assert (result.code, result.out) == (2, "")
    assert result.err == f"{path}:{message.format(path=path)}\n"


def test_not_stated_must_be_a_list(run, tmp_path):
    data = write_source(tmp_path / "data", SOURCE_HEAD + "not_stated: gdp_growth\n", "地区生产总值增长6%。\n")
    result = run("facts", "--data", str(data))
    assert result.code == 2
    assert result.err == (f"{data / 'sources' / 'a.yaml'}:18: not_stated: must be a list of not-stated records, "
                          "each starting with '- id: ...'\n")


def test_existing_facts_do_not_change(run):
    """The bundled data has no record, and adding the fixture changes no row of another zone."""
    from zonecmp.dataset.loader import load_dataset

    assert load_dataset().not_stated == ()
    bundled = pd.read_csv(io.StringIO(run("facts", "-f", "csv").out), dtype=str)
    merged = pd.read_csv(io.StringIO(run("facts", "--data", NOTSTATED, "-f", "csv").out), dtype=str)
    others = merged[merged["zone"] != "baoding"].reset_index(drop=True)
    pd.testing.assert_frame_equal(others, bundled)


def test_an_edit_to_another_source_file_keeps_the_records_of_the_files_not_read_again(tmp_path, monkeypatch):
    """The cache reads again only the source files that changed (cache._previous): the records of
    the others come from the last load, as a full load would read them."""
    from zonecmp.dataset import cache, loader

    data = tmp_path / "data"
    shutil.copytree(NOTSTATED, data)
    for path in data.rglob("*"):
        os.utime(path, (time.time() - 3600,) * 2)  # not just written: cached (cache.RACY_NS)
    dirs = [loader.bundled_data_dir(), data]
    cache.load(dirs)
    edited = data / "sources" / "baoding-2023-01-work-report.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("value: 6\n", "value: 6.5\n"), encoding="utf-8")
    read: list[str] = []
    parse = loader._load_source_file
    monkeypatch.setattr(loader, "_load_source_file", lambda path, *args: read.append(path.name) or parse(path, *args))
    incremental = cache.load(dirs)
    assert read == [edited.name]
    assert incremental.not_stated == loader.load_dataset(dirs).not_stated
    assert [record.id for record in incremental.not_stated] == [GDP_RECORD, REVENUE_RECORD]


def test_another_source_may_state_what_one_does_not(run, tmp_path):
    """Two sources, one stating the 2024 GDP target and one saying it sets none: the cell shows both,
    and diff does not guess which one holds."""
    data = tmp_path / "data"
    shutil.copytree(NOTSTATED, data)
    stating = (data / "sources" / "baoding-2023-01-work-report.yaml").read_text(encoding="utf-8")
    stating = stating.replace("id: baoding-2023", "id: baoding-2024-other").replace('period: "2023"', 'period: "2024"')
    (data / "sources" / "baoding-2024-other.yaml").write_text(stating, encoding="utf-8")  # the 2023 document, re-dated
    cells = run("targets", "--data", str(data), "-z", "baoding", "-y", "2024", "-m", "gdp_growth", "-f", "csv")
    assert cells.out.splitlines()[1] == "gdp_growth,GDP growth,,6% | not stated"
    diff = run("diff", "baoding@2023", "baoding@2024", "--data", str(data), "-m", "gdp_growth", "-f", "json")
    [row] = json.loads(diff.out)
    assert (row["right"], row["verdict"], row["reason"]) == (
        "6% | not stated", "not comparable", "one source states it, another does not; see `zonecmp show`")


def test_rank_and_chart_list_a_zone_that_states_nothing_last_with_its_source(run):
    """A zone missing from a ranking is one no source covers; a zone whose source states no figure is
    listed, unranked and without a bar, as not stated."""
    ranked = list(csv.DictReader(io.StringIO(run("rank", "gdp_growth", "--data", NOTSTATED, "-y", "2024",
                                                 "-f", "csv").out)))
    assert [(row["rank"], row["zone"], row["value"]) for row in ranked] == [
        ("1", "weihai", "6%"), ("", "baoding", "not stated")]
    assert (ranked[1]["reason"], ranked[1]["id"]) == ("not stated in baoding-2024-01-work-report", GDP_RECORD)
    zh = run("rank", "gdp_growth", "--data", NOTSTATED, "-y", "2024", "--lang", "zh", "-f", "markdown").out
    assert "| 未提及 | baoding-2024-01-work-report 未提及 |" in zh
    bars = list(csv.DictReader(io.StringIO(run("chart", "gdp_growth", "--data", NOTSTATED, "-y", "2024",
                                               "-f", "csv").out)))
    assert [(row["zone"], row["bar"], row["note"]) for row in bars] == [
        ("weihai", "1", ""), ("baoding", "", "not stated in baoding-2024-01-work-report")]
