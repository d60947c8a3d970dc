"""`zonecmp phrases`: counts checked against the documents' own text, counted here independently."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
import yaml

from conftest import FIXTURES, ROOT

FIXTURE = str(FIXTURES / "phrases")
TRADITIONAL = (FIXTURES / "phrases" / "documents" / "omega-2025-report.txt").read_text(encoding="utf-8")
PHRASES = [r["phrase"] for r in yaml.safe_load((ROOT / "data" / "phrases.yaml").read_text(encoding="utf-8"))["phrases"]]


def _sources() -> dict[str, dict]:
    """Each bundled source's id, published year and document text, read straight from the files."""
    found = {}
    for path in sorted((ROOT / "data" / "sources").glob("*.yaml")):
        source = yaml.safe_load(path.read_text(encoding="utf-8"))["source"]
        text = (ROOT / "data" / source["document"]).read_text(encoding="utf-8")
        found[source["id"]] = {"year": int(source["published"][:4]), "text": text, "zones": source["zones"]}
    return found


SOURCES = _sources()


def rows(run, *args: str) -> list[dict[str, str]]:
    done = run("phrases", *args, "--format", "csv")
    assert done.code == 0, done.err
    return list(csv.DictReader(io.StringIO(done.out)))


def test_every_phrase_a_document_uses_has_its_count(run):
    listed = {(r["source"], r["phrase"]): int(r["count"]) for r in rows(run)}
    expected = {(source, phrase): info["text"].count(phrase)
                for source, info in SOURCES.items() for phrase in PHRASES if info["text"].count(phrase)}
    assert listed == expected
    assert listed[("yueyang-anon-2023-05-development-speech", "高质量发展")] == 16


def test_rows_carry_the_sources_zones_and_published_year(run):
    for row in rows(run):
        assert row["zones"] == ", ".join(SOURCES[row["source"]]["zones"])
        assert int(row["year"]) == SOURCES[row["source"]]["year"]


def test_first_appearance_is_the_earliest_published_document(run):
    first = {r["phrase"]: (r["first_year"], r["first_source"]) for r in rows(run, "--by", "phrase")}
    assert list(first) == PHRASES
    assert first["新质生产力"] == ("2023", "tangshan-2023-12-new-year-message")
    assert first["高质量发展"] == ("2021", "tangshan-2021-03-work-conference")
    assert first["链主"] == ("2024", "weihai-2024-02-summary-conference")
    assert first["创新链"] == ("2022", "huaian-2022-02-top100-conference")
    assert first["双招双引"] == ("", "")
    for phrase, (year, _) in first.items():
        using = [info["year"] for info in SOURCES.values() if phrase in info["text"]]
        assert year == (str(min(using)) if using else "")


def test_show_gives_each_hit_with_its_sentence_verbatim(run):
    hits = rows(run, "--show")
    assert len(hits) == sum(info["text"].count(p) for info in SOURCES.values() for p in PHRASES)
    for hit in hits:
        text, start = SOURCES[hit["source"]]["text"], int(hit["offset"])
        assert text[start:start + len(hit["phrase"])] == hit["phrase"]
        sentence = hit["sentence"]
        assert sentence in text and hit["phrase"] in sentence
        assert not any(mark in sentence[:-1] for mark in "。！？!?\n")


def test_show_sentence_of_a_known_hit(run):
    (hit,) = rows(run, "--show", "--phrase", "链主")
    assert hit["sentence"].startswith("坚定不移建立诚信政府") and hit["sentence"].endswith("推动企业梯次成长。")


def test_traditional_page_is_matched_and_its_sentences_shown_as_written(run):
    counts = {r["phrase"]: int(r["count"]) for r in rows(run, "--data", FIXTURE, "--zone", "omega")}
    assert counts == {"新质生产力": 2, "高质量发展": 2, "创新驱动": 1, "营商环境": 1}
    sentences = [r["sentence"] for r in rows(run, "--data", FIXTURE, "--zone", "omega", "--show")]
    assert "過去一年，我們加快形成新質生產力，推動高質量發展邁上新臺階！" in sentences
    assert "今年要堅持創新驅動，以新質生產力引領高質量發展" in sentences  # cut at the line end
    assert "持續優化營商環境？" in sentences
    assert all(s in TRADITIONAL for s in sentences)


def test_a_phrase_of_ones_own_in_traditional_characters(run):
    found = rows(run, "--data", FIXTURE, "--phrase", "新質生產力")
    assert [(r["source"], r["phrase"], r["count"]) for r in found] == [
        ("tangshan-2023-12-new-year-message", "新質生產力", "1"),
        ("weihai-2024-02-summary-conference", "新質生產力", "1"),
        ("omega-2025-report", "新質生產力", "2"),
    ]
    assert found[0]["gloss"] == "new quality productive forces"  # a phrase of the list keeps its gloss


def test_side_by_side_per_zone_and_per_year(run):
    zones = {r["phrase"]: r for r in rows(run, "--by", "zone", "--zone", "weihai", "--zone", "tangshan")}
    assert list(zones["新质生产力"]) == ["phrase", "gloss", "weihai", "tangshan"]
    for zone in ("weihai", "tangshan"):
        for phrase in PHRASES:
            assert int(zones[phrase][zone]) == sum(i["text"].count(phrase) for i in SOURCES.values()
                                                   if zone in i["zones"])
    years = {r["phrase"]: r for r in rows(run, "--by", "year")}
    assert list(years["高质量发展"])[2:] == ["2021", "2022", "2023", "2024"]
    assert years["高质量发展"]["2023"] == str(sum(i["text"].count("高质量发展") for i in SOURCES.values()
                                               if i["year"] == 2023))


def test_year_and_zone_filters(run):
    assert {r["source"] for r in rows(run, "--year", "2023")} == {
        "tangshan-2023-12-new-year-message", "yueyang-anon-2023-05-development-speech"}
    assert {r["source"] for r in rows(run, "--zone", "高区")} == {"weihai-2024-02-summary-conference"}


@pytest.mark.parametrize("by, header", [
    ("document", "source,zones,year,phrase,gloss,count"),
    ("phrase", "phrase,gloss,count,documents,first_year,first_source"),
    ("year", "phrase,gloss,2021,2022,2023,2024"),
])
def test_csv_columns_are_stable(run, by, header):
    done = run("phrases", "--by", by, "--format", "csv")
    assert done.out.splitlines()[0] == header
    assert run("phrases", "--show", "--format", "csv").out.splitlines()[0] == "source,zones,year,phrase,offset,sentence"


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "jsonl", "markdown"])
def test_every_format(run, fmt):
    done = run("phrases", "--phrase", "链主", "--format", fmt)
    assert done.code == 0 and "weihai-2024-02-summary-conference" in done.out


def test_json_counts_are_numbers(run):
    (record,) = json.loads(run("phrases", "--phrase", "链主", "--format", "json").out)
    assert record == {"source": "weihai-2024-02-summary-conference", "zones": "weihai", "year": 2024,
                      "phrase": "链主", "gloss": "chain leader, the lead firm of an industrial chain", "count": 1}


def test_a_phrase_no_document_uses_is_an_empty_table_and_exit_0(run):
    done = run("phrases", "--phrase", "不存在的词", "--format", "csv")
    assert (done.code, done.out) == (0, "source,zones,year,phrase,gloss,count\n")
    assert "note: none of the phrases occurs in the 5 documents that match" in done.err


@pytest.mark.parametrize("args, message", [
    (["--by", "metric"], "Error: unknown --by 'metric'; use one of document, phrase, zone, year"),
    (["--by", "zone", "--show"], "Error: --show lists each occurrence of a phrase in its document; leave out --by"),
    (["--phrase", " "], "Error: --phrase: give the words to count, like --phrase 新质生产力"),
    (["--year", "24"], "Error: --year 24: write the year in four digits, like 2024"),
    (["--zone", "nowhere"], "Error: unknown zone 'nowhere'"),
])
def test_usage_errors_exit_2(run, args, message):
    done = run("phrases", *args)
    assert done.code == 2 and done.err.startswith(message), done.err


def test_chart_of_one_phrase_per_year(run):
    bars = rows(run, "--by", "year", "--phrase", "高质量发展", "--chart")
    assert [(r["label"], r["value_base"], r["bar"]) for r in bars] == [
        ("2021", "2", "0.1"), ("2022", "15", "0.75"), ("2023", "20", "1"), ("2024", "5", "0.25")]
    drawn = run("phrases", "--by", "year", "--phrase", "高质量发展", "--chart", "--format", "table").out
    assert drawn.splitlines()[0] == "高质量发展 per year of publication, all years"
    assert drawn.splitlines()[3].startswith("2023 ████") and drawn.splitlines()[3].endswith("█ 20")


def test_chart_needs_one_phrase_or_every_total(run):
    assert len(rows(run, "--by", "phrase", "--chart")) == len(PHRASES)
    done = run("phrases", "--chart")
    assert done.code == 2 and "--chart draws --by phrase" in done.err


def test_a_document_that_cannot_be_read_is_left_out_with_a_warning(run, tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "data")
    (tmp_path / "data" / "documents" / "omega-2025-report.txt").unlink()
    done = run("phrases", "--data", str(tmp_path / "data"), "--zone", "omega", "--format", "csv")
    assert (done.code, done.out) == (0, "source,zones,year,phrase,gloss,count\n")
    assert "document 'documents/omega-2025-report.txt' does not exist" in done.err
    assert done.err.rstrip().endswith("its phrases are not counted")


def test_a_source_without_a_published_date_is_left_out_with_a_warning(run, tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "data")
    source = tmp_path / "data" / "sources" / "omega-2025-report.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace('"2025-01-20"', '"soon"'), encoding="utf-8")
    done = run("phrases", "--data", str(tmp_path / "data"), "--zone", "omega", "--format", "csv")
    assert (done.code, done.out) == (0, "source,zones,year,phrase,gloss,count\n")
    assert "published 'soon' is not a date like \"2024-02-07\"; its phrases are not counted" in done.err
