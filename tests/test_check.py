"""`zonecmp check`: every number traceable; each broken fixture caught with its own message."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES

CHECK = FIXTURES / "check"


def test_bundled_data_has_no_problems(run):
    result = run("check", "--strict")
    assert (result.code, result.out) == (0, "checked 41 facts: no problems\n")


@pytest.mark.parametrize("case, message", [
    ("wrong-quote", "check-1: the quote '地区生产总值增涨6%' is not in documents/report.txt; "
                    "the closest passage is '地区生产总值增长6%'"),
    ("wrong-number", "check-1: the quote says 477 亿元 but the fact records 47.7 亿元"),
    ("wrong-comparator", "check-1: the quote says ≥10 个 (comparator >=) but the fact records 10 个; "
                         "set comparator: \">=\""),
])
def test_broken_fact_fixtures(run, case, message):
    result = run("check", "--data", str(CHECK / case))
    assert result.code == 1
    assert result.out == (f"{CHECK / case / 'sources' / 'report.yaml'}:13: {message}\n"
                          "checked 42 facts: 1 error, 0 warnings\n")


def test_missing_document(run):
    case = CHECK / "missing-document"
    result = run("check", "--data", str(case))
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        f"{case / 'sources' / 'report.yaml'}:6: check-report: document 'documents/missing.txt' does not exist; "
        f"copy the document text to {case.resolve() / 'documents' / 'missing.txt'}")


def test_document_symlink_escaping_the_data_directory(run, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(CHECK / "escaping-symlink", data)
    outside = tmp_path / "outside.txt"
    outside.write_text("今年地区生产总值增长6%", encoding="utf-8")
    (data / "documents" / "link.txt").symlink_to(outside)
    result = run("check", "--data", str(data))
    assert result.code == 1
    assert "check-report: document 'documents/link.txt' resolves outside the data directory" in result.out


def test_dotdot_document_path_is_refused_when_loading(run, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(CHECK / "wrong-quote", data)
    source = data / "sources" / "report.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("documents/report.txt", "../../etc/passwd"),
                      encoding="utf-8")
    result = run("check", "--data", str(data))
    assert result.code == 2
    assert result.err == (f"{source}:6: source.document: '../../etc/passwd' leaves the data directory; "
                          "give a path inside it, like documents/name.txt\n")


def test_conflict_is_a_warning_and_strict_makes_it_an_error(run):
    relaxed = run("check", "--data", str(FIXTURES / "conflict"))
    assert relaxed.code == 0
    assert relaxed.out.splitlines()[-1] == "checked 42 facts: 0 errors, 2 warnings"
    assert ("weihai-2024-gdp-growth-second-report: warning: ~6.5% from weihai-2024-second-report conflicts with "
            "weihai-2024-gdp-growth (6%, weihai-2024-02-summary-conference)") in relaxed.out
    strict = run("check", "--data", str(FIXTURES / "conflict"), "--strict", "--format", "json")
    assert strict.code == 1
    report = json.loads(strict.out)
    assert report["summary"] == {"facts_checked": 42, "errors": 2, "warnings": 0, "not_loaded": 0,
                                 "not_stated_checked": 0}
    assert {p["code"] for p in report["problems"]} == {"conflict"}


def test_unused_metric_is_a_warning(run, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "metrics.yaml").write_text(
        "- id: unused_metric\n  name: 未用指标\n  name_en: Unused\n  unit_kind: count\n"
        "  definition: Nothing uses it.\n",
        encoding="utf-8")
    result = run("check", "--data", str(data))
    assert result.code == 0
    # Where the record is: the file that defines it, and its line (issue #11: not `metrics.yaml:0`).
    assert (f"{data / 'metrics.yaml'}:1: unused_metric: warning: metric 'unused_metric' is defined but no fact uses it"
            in result.out)


def test_unreadable_data_exits_2(run):
    assert run("check", "--data", str(FIXTURES / "errors" / "bad-yaml")).code == 2


def test_quantity_command(run):
    result = run("quantity", "477亿元", "超过90%", "10个以上", "2.1个百分点", "六到七个百分点", "约5亿美元",
                 "-f", "csv")
    assert result.code == 0
    assert result.out.splitlines() == [
        "expression,comparator,value,value_max,unit,value_base,value_max_base,base_unit,error,share_of",
        "477亿元,=,477,,亿元,47700000000,,CNY,,",
        "超过90%,>,90,,%,90,,%,,",
        "10个以上,>=,10,,个,10,,个,,",
        "2.1个百分点,=,2.1,,个百分点,2.1,,pp,,",
        "六到七个百分点,range,6,7,个百分点,6,7,pp,,",
        "约5亿美元,~,5,,亿美元,500000000,,USD,,",
    ]


def test_quantity_command_reads_issue_12_forms(run):
    result = run("quantity", "一千零十", "16.4亿", "占全市32.46%", "超1/4", "三五百", "下降3.2%", "-f", "csv")
    assert result.code == 0, result.out
    assert result.out.splitlines()[1:] == [
        "一千零十,=,1010,,,1010,,,,",
        "16.4亿,=,16.4,,亿,1640000000,,,,",
        "占全市32.46%,=,32.46,,%,32.46,,%,,全市",
        "超1/4,>,25,,%,25,,%,,",
        "三五百,range,300,500,,300,500,,,",
        "下降3.2%,=,-3.2,,%,-3.2,,%,,",
    ]


def test_quantity_error_row_and_exit_1(run, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("百亿元\n二〇二三\n"))
    result = run("quantity", "-f", "json")
    assert result.code == 1
    rows = json.loads(result.out)
    assert (rows[0]["value"], rows[0]["unit"], rows[0]["value_base"]) == (100, "亿元", 10000000000)
    assert rows[1]["error"].startswith("cannot read a quantity in '二〇二三'")
    assert rows[1]["value"] is None


def test_a_number_too_large_for_a_float_is_an_error_row_not_infinity(run):
    """JSON has no Infinity: a 400-digit number is said to be unusable, and the output stays JSON."""
    result = run("quantity", "1" + "0" * 400 + "亿元", "6%", "-f", "json")
    assert result.code == 1

    def no_constants(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    rows = json.loads(result.out, parse_constant=no_constants)
    assert rows[0]["value"] is None and "too large" in rows[0]["error"]
    assert rows[1]["value"] == 6


def test_findings_follow_the_file_not_the_registry_order(run, tmp_path):
    """The facts frame is kept in registry order (gdp_growth before fixed-asset investment); check
    still reports a file's problems from its top down, as the curator edits it."""
    data = tmp_path / "data"
    (data / "documents").mkdir(parents=True)
    (data / "documents" / "order.txt").write_text("固定资产投资增长9%，地区生产总值增长7%。\n", encoding="utf-8")
    (data / "sources").mkdir()
    (data / "sources" / "order.yaml").write_text("""source:
  id: order-test
  title: 虚构的顺序测试
  publisher: zonecmp tests (fictional)
  published: "2024-03-01"
  document: documents/order.txt
  zones: [weihai]
defaults:
  zone: weihai
  period: "2024"
  kind: target
facts:
  - id: order-fai
    metric: fixed_asset_investment_growth
    value: 8
    unit: "%"
    quote: 固定资产投资增长9%
  - id: order-gdp
    metric: gdp_growth
    value: 6
    unit: "%"
    quote: 地区生产总值增长7%
""", encoding="utf-8")
    result = run("check", "--data", str(data))
    assert result.code == 1
    problems = [line for line in result.out.splitlines() if "order.yaml" in line]
    assert [line.split(": ")[1] for line in problems] == ["order-fai", "order-gdp"]
    assert [int(line.split(":")[1]) for line in problems] == [13, 18]
    assert all("number-mismatch" not in line and "the quote says" in line for line in problems)


def _one_source(tmp_path, document: str, facts: str):
    """A data directory with one source whose document is `document`, for check to read."""
    data = tmp_path / "data"
    (data / "documents").mkdir(parents=True)
    (data / "documents" / "report.txt").write_text(document, encoding="utf-8")
    (data / "sources").mkdir()
    (data / "sources" / "report.yaml").write_text(f"""source:
  id: fraction-test
  title: 虚构的分数测试
  publisher: zonecmp tests (fictional)
  published: "2024-03-01"
  document: documents/report.txt
  zones: [weihai]
defaults:
  zone: weihai
  period: "2024"
  kind: actual
facts:
{facts}""", encoding="utf-8")
    return data


def test_check_reads_letters_before_a_number_and_fractions(run, tmp_path):
    """Issue #12: 实现GDP307.3亿元 carries its number; 超1/4 is > 25 %; 三分之一 may be recorded rounded."""
    data = _one_source(tmp_path, "全年实现GDP307.3亿元，高新技术企业营收占全市的三分之一，开工率超1/4。\n", """\
  - id: fraction-gdp
    metric: total_revenue
    value: 307.3
    unit: 亿元
    quote: 实现GDP307.3亿元
  - id: fraction-third
    metric: project_start_rate
    value: 33.33
    unit: "%"
    share_of: 全市
    quote: 占全市的三分之一
  - id: fraction-third-in-full
    metric: gdp_growth
    value: 33.3333333333333
    unit: "%"
    share_of: 全市
    quote: 占全市的三分之一
  - id: fraction-quarter
    metric: retail_sales_growth
    comparator: ">"
    value: 25
    unit: "%"
    quote: 开工率超1/4
""")
    result = run("check", "--data", str(data))
    assert result.code == 0, result.out + result.err
    assert [line for line in result.out.splitlines() if "report.yaml" in line] == []


def test_check_refuses_a_fraction_rounded_too_far(run, tmp_path):
    data = _one_source(tmp_path, "高新技术企业营收占全市的三分之一。\n", """\
  - id: fraction-coarse
    metric: project_start_rate
    value: 33.3
    unit: "%"
    quote: 占全市的三分之一
""")
    result = run("check", "--data", str(data))
    assert result.code == 1
    assert "fraction-coarse: the quote says 33.3333333333333% but the fact records 33.3%" in result.out


def test_check_warns_of_a_claim_its_source_or_quote_contradicts(run, tmp_path):
    """What a new user's probes slipped past check (issue #13): a fact about a zone the source is not
    about, a result for a period that had not begun when the source was published, a tier the quote
    words the other way. Warnings: each has a right reading the rule cannot rule out."""
    data = _one_source(tmp_path, "今年确保地区生产总值增长6%，力争7%。明年新增企业100家。\n", """\
  - id: other-zone
    zone: tangshan
    metric: gdp_growth
    kind: target
    value: 6
    unit: "%"
    quote: 确保地区生产总值增长6%
  - id: result-in-advance
    period: "2025"
    metric: new_high_tech_enterprises
    value: 100
    unit: 家
    quote: 明年新增企业100家
  - id: wrong-tier
    metric: gdp_growth
    kind: target
    tier: stretch
    value: 6
    unit: "%"
    quote: 确保地区生产总值增长6%
""")
    result = run("check", "--data", str(data))
    assert result.code == 0
    source = data / "sources" / "report.yaml"
    assert (f"{source}:13: other-zone: warning: zone 'tangshan' is not one of the source's zones (weihai); "
            "add it to source.zones or fix the fact's zone") in result.out
    assert (f"{source}:20: result-in-advance: warning: an actual for 2025, which had not begun when the source was "
            "published (2024-03-01); is it a target?") in result.out
    assert (f"{source}:26: wrong-tier: warning: tier stretch but the quote says 确保, the floor level; "
            "set tier: floor") in result.out
    assert run("check", "--data", str(data), "--strict").code == 1


def test_check_of_a_draft_with_a_refused_comparator_lists_it_and_exits_2(run, tmp_path):
    """A comparator the loader refuses (≥ for >=), or a range without its high end, is a loading problem;
    the quote is still checked, and the JSON report lists the loading problems first, code `load`."""
    data = _one_source(tmp_path, "地区生产总值增长6%。\n", """\
  - id: bad-comparator
    metric: gdp_growth
    comparator: "≥"
    value: 6
    unit: "%"
    quote: 地区生产总值增长6%
  - id: open-range
    metric: gdp_growth
    comparator: range
    value: 6
    unit: "%"
    quote: 地区生产总值增长6%
""")
    result = run("check", "--data", str(data))
    assert result.code == 2 and "Traceback" not in result.err
    assert "comparator: '≥' is not one of =, >=, >, <=, <, ~, range" in result.err
    report = json.loads(run("check", "--data", str(data), "-f", "json").out)
    assert report["summary"]["not_loaded"] == 2
    assert [p["code"] for p in report["problems"]] == ["load", "load"]
