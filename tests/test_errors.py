"""Broken data directories: one `file:line: field: message` line each, exit 2, never a traceback."""

from __future__ import annotations

import pytest

from conftest import FIXTURES

ERRORS = FIXTURES / "errors"
CASES = {
    "unknown-metric": "bad.yaml:14: metric: unknown metric id 'gdp_grwth' (did you mean 'gdp_growth'?); "
                      "define it in metrics.yaml or fix the id",
    "unknown-zone": "bad.yaml:14: zone: unknown zone id 'weihia' (did you mean 'weihai'?); "
                    "define it in zones.yaml or fix the id",
    "bad-period": "bad.yaml:14: period: '2024Q1' is not a period; write a year '2024', a quarter '2024-Q1', "
                  "a half '2024-H1', a month '2024-09', a run of months '2024-01..09', a span of years '2021-2025' "
                  "or a date '2024-09-30' for a total as of that day",
    "missing-quote": "bad.yaml:13: quote: missing; this field is required",
    "wrong-type": "bad.yaml:15: value: must be a number, not '6%' (write the number in `value` and the unit in `unit`)",
    "unknown-unit": "bad.yaml:16: unit: unknown unit '百分比率'; see the unit table in docs/data-format.md",
    "unknown-field": "bad.yaml:15: comparater: unknown field for a fact (did you mean 'comparator'?)",
    "bad-yaml": "bad.yaml:16: invalid YAML: did not find expected ',' or ']'",
    "python-tag": "bad.yaml:13: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed: "
                  "zonecmp data is plain YAML, without tags",
    "alias": "bad.yaml:13: anchors and aliases (&name, *name) are not allowed in zonecmp data; write the values out",
    "nul-document": "bad.yaml:6: source.document: 'documents/a\\x00b.txt' holds the control character \\x00; "
                    "remove it (zonecmp text is printable, on one line)",
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", [["facts"], ["targets"], ["zones"], ["diff", "weihai@2024", "weihai@2023"]])
def test_each_error_class(run, case, command):
    result = run(*command, "--data", str(ERRORS / case), "-f", "csv")
    assert result.code == 2
    assert result.out == ""
    assert result.err == f"{ERRORS / case / 'sources' / CASES[case]}\n"


def test_duplicate_id_names_both_places(run):
    result = run("facts", "--data", str(ERRORS / "duplicate-id"))
    assert result.code == 2
    assert "bad.yaml:13: id: duplicate fact id 'weihai-2024-gdp-growth', first defined at " in result.err
    assert "weihai-2024-02-summary-conference.yaml:17; ids must be unique" in result.err


def test_missing_data_directory(run, tmp_path):
    result = run("facts", "--data", str(tmp_path / "nope"))
    assert result.code == 2
    assert "Traceback" not in result.err


def test_every_problem_is_listed_not_only_the_first(run, tmp_path):
    import shutil

    shutil.copytree(ERRORS / "unknown-zone", tmp_path / "two")
    shutil.copy(ERRORS / "unknown-metric" / "sources" / "bad.yaml", tmp_path / "two" / "sources" / "bad2.yaml")
    text = (tmp_path / "two" / "sources" / "bad2.yaml").read_text(encoding="utf-8")
    (tmp_path / "two" / "sources" / "bad2.yaml").write_text(text.replace("bad-source", "bad-source-2"),
                                                            encoding="utf-8")
    result = run("facts", "--data", str(tmp_path / "two"))
    assert result.code == 2
    assert len(result.err.splitlines()) == 2


def test_a_zone_id_must_be_ascii(run, tmp_path):
    """Ids name columns (weihai@2024) and files: a Chinese name belongs in `name`, with a pointer to it."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "zones.yaml").write_text("- id: 保定\n  name: 保定某园区\n  name_en: A park\n  province: 河北\n"
                                     "  level: unknown\n", encoding="utf-8")
    result = run("zones", "--data", str(data))
    assert result.code == 2
    assert result.err == (f"{data / 'zones.yaml'}:1: id: '保定' is not a zone id: ids are lowercase ASCII letters, "
                          "digits, - and _ (like baoding or tianjin-binhai); put the Chinese name in `name`\n")


def test_a_null_value_is_missing(run, tmp_path):
    """Found by the long fuzz on 2026-12-02: `value: null` with a range's value_max loaded as a fact with
    no number and no text, and the side-by-side views then failed on it."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ERRORS / "missing-quote", data)
    source = data / "sources" / "bad.yaml"
    text = source.read_text(encoding="utf-8")
    text = text.replace("    value: 6\n", "    value: null\n    comparator: range\n    value_max: 7\n"
                        "    quote: 地区生产总值增长6%\n", 1)
    source.write_text(text, encoding="utf-8")
    result = run("targets", "--data", str(data))
    assert result.code == 2
    assert ": value: missing; a fact needs a `value` with a `unit`, or a `text`" in result.err
    assert "Traceback" not in result.err
