"""`--format xlsx` and the long form (`--long`), read back as a spreadsheet reads them: openpyxl for
the cells and their types, LibreOffice (headless, where it is installed) as the program a user opens."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from conftest import FIXTURES, umask, write_source

openpyxl = pytest.importorskip("openpyxl")

# What a workbook does with a JSON record's value, stated here apart from the code that does it:
# a number whose row's unit is % becomes its fraction, a date column's ISO date a date, "" an empty cell.
PERCENT_OF = {"value": "unit", "value_max": "unit", "value_base": "base_unit", "value_max_base": "base_unit"}
DATES = ("published", "event_date")
ATTAINMENT = str(FIXTURES / "attainment")

COMMANDS = (["targets"], ["actuals"], ["targets", "--long"], ["compare", "tangshan", "weihai"],
            ["compare", "tangshan", "weihai", "--long"], ["diff", "weihai@2024", "tangshan@2024"], ["facts"],
            ["zones"], ["metrics"], ["sources"], ["show", "weihai-2024-retail-sales-growth"],
            ["rank", "provincial_rank", "--kind", "actual"], ["chart", "key_projects_total_investment", "-k", "actual"],
            ["attainment", "--data", ATTAINMENT], ["quantity", "477亿元", "超过90%", "5.5%", "6-7%"])


def display_width(text: str) -> int:
    """Columns a text takes: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def sheet_rows(path: Path, sheet: str | None = None) -> list[list]:
    workbook = openpyxl.load_workbook(path)
    return [[cell.value for cell in row] for row in (workbook[sheet] if sheet else workbook.active).iter_rows()]


def as_stored(record: dict, column: str) -> object:
    value = record[column]
    if value in ("", None):
        return None
    if column in PERCENT_OF and record.get(PERCENT_OF[column]) == "%":
        return pytest.approx(value / 100, rel=1e-15)
    if column in DATES:
        return datetime.datetime.fromisoformat(value)
    return value


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_listing_writes_the_json_records_as_typed_cells(run, tmp_path, command):
    """A workbook holds what JSON holds, cell for cell: the same columns, numbers as numbers, percents
    as fractions, dates as dates, text as text; one sheet named after the command."""
    records = json.loads(run(*command, "-f", "json").out)
    assert records, command
    target = tmp_path / "out.xlsx"
    result = run(*command, "-f", "xlsx", "-o", str(target))
    assert (result.code, result.out) == (0, "")
    assert openpyxl.load_workbook(target).sheetnames[0] == command[0]
    rows = sheet_rows(target)
    assert rows[0] == list(records[0])
    assert rows[1:] == [[as_stored(record, column) for column in record] for record in records]


def test_facts_cells_their_types_and_formats(run, tmp_path):
    target = tmp_path / "facts.xlsx"
    assert run("facts", "--zone", "weihai", "-o", str(target)).code == 0  # .xlsx: no --format needed
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == ["facts", "sources"]
    sheet = workbook["facts"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1]) and not any(cell.font.b for cell in sheet[2])
    header = [cell.value for cell in sheet[1]]
    assert header[-1] == "url" and header[-2] == "conflict"
    rows = {row[0].value: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2)}
    gdp, retail = rows["weihai-2024-gdp-growth"], rows["weihai-2024-retail-sales-growth"]
    assert (gdp["value"].value, gdp["value"].number_format, gdp["value"].data_type) == (0.06, "0%", "n")
    assert (retail["value_base"].value, retail["value_base"].number_format) == (0.055, "0.0%")
    assert (gdp["year"].value, gdp["year"].data_type) == (2024, "n")
    assert (gdp["period"].value, gdp["period"].data_type) == ("2024", "s")  # text, as 2024-H1 is
    assert rows["weihai-2024-h1-project-start-rate-floor"]["period"].value == "2024-H1"
    assert (gdp["published"].value, gdp["published"].number_format) == (datetime.datetime(2024, 2, 7), "yyyy-mm-dd")
    assert (gdp["estimate"].value, gdp["estimate"].data_type) == (False, "b")
    assert (gdp["quote"].value, gdp["zone_name"].value) == ("地区生产总值增长6%", "威海火炬高技术产业开发区")
    money = rows["weihai-2024-domestic-capital-in-place"]
    assert (money["value"].value, money["unit"].value, money["value_base"].value) == (100, "亿元", 10_000_000_000)
    assert rows["weihai-2024-foreign-trade"]["value"].value is None
    assert rows["weihai-2024-foreign-trade"]["text"].value == "量稳质升"
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    assert widths and max(widths.values()) <= 60 and min(widths.values()) >= 4
    texts = [cell for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
    for cell in texts:  # a text wider than its column wraps, and only such a text
        assert bool(cell.alignment.wrap_text) == (display_width(cell.value) > widths[cell.column_letter]), cell.value
    assert any(cell.alignment.wrap_text for cell in texts)
    sources = sheet_rows(target, "sources")
    assert sources[0][:4] == ["id", "title", "publisher", "published"] and "url" in sources[0]
    assert [row[0] for row in sources[1:]] == ["weihai-2024-02-summary-conference"]
    assert sources[1][3] == datetime.datetime(2024, 2, 7)


def hostile_data(root: Path) -> Path:
    """A source whose texts start like formulas and error codes, and whose target is a negative percent."""
    quote = "=SUM(1,2)营业收入下降5%"
    return write_source(
        root,
        'source: {id: hostile, title: "=cmd|\' /C calc\'!A0", publisher: "@SUM(A1)", published: "2024-01-01", '
        'document: documents/d.txt, zones: [weihai]}\nfacts:\n'
        '  - {id: hostile-1, zone: weihai, period: "2024", kind: target, metric: gdp_growth, value: -5, unit: "%", '
        f'quote: "{quote}", note: "#N/A"}}\n'
        '  - {id: hostile-2, zone: weihai, period: "2024", kind: target, metric: retail_sales_growth, value: 3.2, '
        'unit: "%", quote: "+3.2", note: "-cmd|x"}\n',
        quote + "\n+3.2\n", document_name="d.txt")


def test_text_that_looks_like_a_formula_is_stored_verbatim_as_text(run, tmp_path):
    """No apostrophe and no formula: a workbook can say "this is text", so quotes stay verbatim."""
    data = hostile_data(tmp_path / "hostile")
    target = tmp_path / "facts.xlsx"
    assert run("facts", "--data", str(data), "-z", "weihai", "-f", "xlsx", "-o", str(target)).code == 0
    workbook = openpyxl.load_workbook(target)
    facts, sources = workbook["facts"], workbook["sources"]
    header = [cell.value for cell in facts[1]]
    rows = {row[0].value: dict(zip(header, row)) for row in facts.iter_rows(min_row=2)}
    for cell, text in ((rows["hostile-1"]["quote"], "=SUM(1,2)营业收入下降5%"), (rows["hostile-1"]["note"], "#N/A"),
                       (rows["hostile-2"]["quote"], "+3.2"), (rows["hostile-2"]["note"], "-cmd|x")):
        assert (cell.value, cell.data_type) == (text, "s")
    assert (rows["hostile-1"]["value"].value, rows["hostile-1"]["value"].number_format) == (-0.05, "0%")
    cited = {row[0].value: [c.value for c in row] for row in sources.iter_rows(min_row=2)}
    assert cited["hostile"][1:3] == ["=cmd|' /C calc'!A0", "@SUM(A1)"]
    with zipfile.ZipFile(target) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in xml or b"<f " in xml for xml in sheets)


def test_long_form_has_numbers_in_one_unit_with_comparator_and_fact_id(run, tmp_path):
    """The long form, read by pandas from CSV: a number per fact in its metric's base unit, a text
    target with no number, and every row traceable to its fact."""
    frame = pd.read_csv(io.StringIO(run("targets", "--year", "2024", "--long", "-f", "csv").out),
                        keep_default_na=False, na_values={"value": [""], "value_max": [""]}, dtype={"period": str})
    assert list(frame.columns) == ["metric", "metric_name", "detail", "kind", "zone", "period", "comparator", "value",
                                   "value_max", "unit", "estimate", "stated", "fact_id", "conflict"]
    assert frame["value"].dtype == "float64" and set(frame["kind"]) == {"target"}
    rows = frame.set_index("fact_id")
    assert rows.loc["weihai-2024-gdp-growth", ["comparator", "value", "unit", "stated"]].tolist() == ["=", 6, "%", "6%"]
    assert rows.loc["weihai-2024-domestic-capital-in-place", ["comparator", "value", "unit"]].tolist() == [
        ">", 1e10, "CNY"]
    trade = rows.loc["weihai-2024-foreign-trade"]
    assert pd.isna(trade["value"]) and (trade["comparator"], trade["unit"], trade["stated"]) == ("", "", "量稳质升")
    stretch = rows.loc["weihai-2024-q1-project-start-rate-stretch"]
    assert (stretch["detail"], stretch["period"]) == ("stretch", "2024-Q1")
    facts = json.loads(run("facts", "--year", "2024", "--kind", "target", "-f", "json").out)
    assert sorted(frame["fact_id"]) == sorted(f["id"] for f in facts)
    wide = json.loads(run("targets", "--year", "2024", "-f", "json").out)
    for zone in ("weihai", "tangshan"):
        assert sorted(frame.loc[frame["zone"] == zone, "stated"]) == sorted(r[zone] for r in wide if r[zone])
    assert frame.groupby("unit")["value"].sum()["CNY"] == 1e10 + 8e9  # one unit per metric: it sums


def test_long_form_in_a_workbook_and_on_a_terminal(run, tmp_path, monkeypatch):
    target = tmp_path / "compare.xlsx"
    assert run("compare", "tangshan", "weihai", "--long", "-o", str(target)).code == 0
    rows = sheet_rows(target)
    records = [dict(zip(rows[0], row)) for row in rows[1:]]
    gdp = next(r for r in records if r["fact_id"] == "weihai-2024-gdp-growth")
    assert (gdp["value"], gdp["unit"], gdp["comparator"], gdp["kind"]) == (0.06, "%", "=", "target")
    assert {r["kind"] for r in records} == {"target", "actual"}
    monkeypatch.setenv("COLUMNS", "220")
    table = run("targets", "--year", "2024", "--long", "--lang", "zh", "-f", "table").out
    header = next(line for line in table.splitlines() if line.startswith("┃"))
    assert [cell.strip() for cell in header.strip("┃").split("┃")] == [
        "指标", "说明", "高新区", "期间", "表述", "数值", "单位", "事实编号"]
    gdp_row = next(line for line in table.splitlines() if "weihai-2024-gdp-growth" in line)
    assert [cell.strip() for cell in gdp_row.strip("│").split("│")] == [
        "地区生产总值增速", "", "威海高区", "2024", "6%", "6", "%", "weihai-2024-gdp-growth"]


def test_a_workbook_is_refused_on_stdout(run, tmp_path):
    for args in (["facts", "-f", "xlsx"], ["targets", "--long", "--format", "xlsx"]):
        result = run(*args)
        assert (result.code, result.out) == (2, "")
        assert result.err.startswith("Error: ") and result.err.count("\n") == 1 and "--output" in result.err
    piped = subprocess.run([sys.executable, "-m", "zonecmp", "facts", "-f", "xlsx"], capture_output=True)
    assert (piped.returncode, piped.stdout) == (2, b"") and piped.stderr.startswith(b"Error: ")


def test_a_workbook_is_written_whole_with_the_umask_permissions(run, tmp_path):
    target = tmp_path / "facts.XLSX"
    with umask(0o027):
        assert run("facts", "-o", str(target)).code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["facts.XLSX"]  # no temporary file left beside it
    assert zipfile.is_zipfile(target)
    result = run("facts", "-o", str(tmp_path / "missing" / "facts.xlsx"))
    assert result.code == 2 and result.err.startswith(f"Error: cannot write {tmp_path / 'missing' / 'facts.xlsx'}")
    assert [p.name for p in tmp_path.iterdir()] == ["facts.XLSX"]


def test_a_cell_longer_than_a_spreadsheet_holds_is_one_error_line(run, tmp_path):
    target = tmp_path / "q.xlsx"
    result = run("quantity", "5" * 40_000 + "个", "-o", str(target))
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("Error: quantity sheet, expression column, row 2: ") and result.err.count("\n") == 1
    assert "32,767" in result.err and not target.exists()
    note = "中" * 32_766 + "𠀀"  # at the limit: 32,767 characters, the last one two UTF-16 units, is one too many
    data = write_source(tmp_path / "long", 'source: {id: long, title: t, publisher: p, published: "2024-01-01", '
                        'document: documents/doc.txt, zones: [weihai]}\nfacts:\n  - {id: long-1, zone: weihai, '
                        f'period: "2024", kind: target, metric: gdp_growth, value: 6, unit: "%", quote: "增长6%", '
                        f'note: "{note}"}}\n', "增长6%")
    result = run("facts", "--data", str(data), "-z", "weihai", "-o", str(target))
    assert result.code == 2 and result.err.startswith("Error: facts sheet, note column, row ")
    (data / "sources" / "a.yaml").write_text((data / "sources" / "a.yaml").read_text().replace("𠀀", "中"))
    assert run("facts", "--data", str(data), "-z", "weihai", "-o", str(target)).code == 0
    assert "中" * 32_767 in [row[26] for row in sheet_rows(target)]


def test_an_empty_result_is_a_workbook_with_its_header(run, tmp_path):
    target = tmp_path / "none.xlsx"
    result = run("facts", "--year", "1999", "-o", str(target))
    assert result.code == 0 and "no facts match" in result.err
    assert sheet_rows(target, "facts") == [list(json.loads(run("facts", "-f", "json").out)[0])]
    assert len(sheet_rows(target, "sources")) == 1


def test_openpyxl_is_imported_only_for_a_workbook(tmp_path):
    """--help and every other format never pay for openpyxl (benchmarks/startup.py times them)."""
    code = ("import sys; sys.argv = ['zonecmp', *sys.argv[1:]]\nfrom zonecmp.cli import main\n"
            "try:\n main()\nexcept SystemExit: pass\n"
            "print(sorted(m for m in ('openpyxl', 'zonecmp.xlsx') if m in sys.modules), file=sys.stderr)")
    env = {**os.environ, "ZONECMP_CACHE_DIR": str(tmp_path / "cache")}
    for args, expected in ((["--help"], "[]"), (["facts", "-f", "csv"], "[]"), (["targets", "--long"], "[]"),
                           (["facts", "-o", str(tmp_path / "f.xlsx")], "['openpyxl', 'zonecmp.xlsx']")):
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
        assert done.stderr.strip().splitlines()[-1] == expected, args


# LibreOffice, the spreadsheet program a reader opens: what it makes of the workbook and of the CSV.

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def soffice(tmp_path_factory: pytest.TempPathFactory):
    """Convert a file with headless LibreOffice, in a profile of its own; the path of what it wrote."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path_factory.mktemp("soffice-profile")

    def convert(source: Path, to: str, outdir: Path, infilter: str | None = None) -> Path:
        command = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to,
                   "--outdir", str(outdir), str(source)]
        if infilter:
            command[3:3] = [f"--infilter={infilter}"]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        return outdir

    return convert


# CSV export options: comma, double quote, UTF-8, from line 1, ... , and (token 12) every sheet to its own file.
CSV_OUT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


@pytest.mark.slow
def test_libreoffice_reads_the_workbook_cell_for_cell(run, tmp_path, soffice):
    data = hostile_data(tmp_path / "hostile")
    target = tmp_path / "facts.xlsx"
    assert run("facts", "--data", str(data), "-z", "weihai", "-o", str(target)).code == 0
    out = soffice(target, CSV_OUT, tmp_path / "csv")
    facts = list(csv.DictReader((out / "facts-facts.csv").read_text(encoding="utf-8").splitlines()))
    rows = {row["id"]: row for row in facts}
    assert rows["hostile-1"]["quote"] == "=SUM(1,2)营业收入下降5%"  # verbatim: no apostrophe, not run
    assert (rows["hostile-1"]["note"], rows["hostile-2"]["note"]) == ("#N/A", "-cmd|x")
    assert (rows["hostile-1"]["value"], rows["weihai-2024-retail-sales-growth"]["value"]) == ("-5%", "5.5%")
    gdp = rows["weihai-2024-gdp-growth"]
    assert (gdp["period"], gdp["published"], gdp["zone_name"]) == ("2024", "2024-02-07", "威海火炬高技术产业开发区")
    sources = list(csv.DictReader((out / "facts-sources.csv").read_text(encoding="utf-8").splitlines()))
    assert {s["id"]: s["title"] for s in sources}["hostile"] == "=cmd|' /C calc'!A0"
    # Saved again by LibreOffice: the types it understood.
    resaved = soffice(target, "xlsx", tmp_path / "resaved")
    sheet = openpyxl.load_workbook(resaved / "facts.xlsx")["facts"]
    header = [cell.value for cell in sheet[1]]
    cells = {row[0].value: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2)}
    hostile = cells["hostile-1"]
    assert (hostile["quote"].data_type, hostile["value"].data_type, hostile["value"].value) == ("s", "n", -0.05)
    assert hostile["value"].number_format.endswith("%") and hostile["period"].data_type == "s"
    assert cells["weihai-2024-gdp-growth"]["published"].is_date


@pytest.mark.slow
def test_libreoffice_reads_the_csv_numbers_as_numbers_and_the_guarded_text_as_text(run, tmp_path, soffice):
    """CSV with --bom, opened by LibreOffice (quoted fields as text, special numbers detected): a signed
    number (-5%) is a number, a period stays text, and a formula-like text stays text, at CSV's price
    of an apostrophe."""
    data = hostile_data(tmp_path / "hostile")
    target = tmp_path / "targets.csv"
    assert run("targets", "--long", "--data", str(data), "-z", "weihai", "--bom", "-o", str(target)).code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    facts_csv = tmp_path / "facts.csv"
    assert run("facts", "--data", str(data), "-z", "weihai", "--bom", "-o", str(facts_csv)).code == 0
    infilter = "CSV:44,34,76,1,,0,true,true"
    for source in (target, facts_csv):
        soffice(source, "xlsx", tmp_path / "calc", infilter=infilter)
    sheet = openpyxl.load_workbook(tmp_path / "calc" / "targets.xlsx").active
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "metric"  # the byte-order mark is not part of the first name
    cells = {row[header.index("fact_id")].value: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2)}
    assert (cells["hostile-1"]["value"].data_type, cells["hostile-1"]["value"].value) == ("n", -5)
    assert (cells["hostile-2"]["stated"].data_type, cells["hostile-2"]["stated"].value) == ("n", 0.032)
    assert (cells["weihai-2024-gdp-growth"]["period"].value, cells["weihai-2024-gdp-growth"]["period"].data_type) == (
        "2024", "s")
    sheet = openpyxl.load_workbook(tmp_path / "calc" / "facts.csv".replace(".csv", ".xlsx")).active
    header = [cell.value for cell in sheet[1]]
    cells = {row[0].value: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2)}
    assert (cells["hostile-1"]["quote"].data_type, cells["hostile-1"]["quote"].value) == (
        "s", "'=SUM(1,2)营业收入下降5%")
    assert cells["hostile-2"]["quote"].value == 3.2  # +3.2 is a signed number, no formula: it arrives as one
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_a_large_whole_number_is_shown_in_full(run, tmp_path):
    """1.2 万亿元 is 1200000000000 CNY: in the General format a spreadsheet would show 1.2E+12."""
    target = tmp_path / "q.xlsx"
    assert run("quantity", "1.2万亿元", "477亿元", "-o", str(target)).code == 0
    sheet = openpyxl.load_workbook(target).active
    header = [cell.value for cell in sheet[1]]
    base = [row[header.index("value_base")] for row in sheet.iter_rows(min_row=2)]
    assert [(cell.value, cell.number_format) for cell in base] == [(1_200_000_000_000, "0"),
                                                                   (47_700_000_000, "General")]


def test_more_rows_than_a_sheet_holds_is_one_error_line(run, tmp_path, monkeypatch):
    from zonecmp import xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 5)  # a worksheet of 4 rows below its header
    target = tmp_path / "facts.xlsx"
    result = run("facts", "-z", "weihai", "-o", str(target))
    assert result.code == 2 and result.err.startswith("Error: facts sheet: 16 rows of 33 columns are more than")
    assert not target.exists()


def test_a_character_no_workbook_can_store_is_written_as_an_escape(run, tmp_path):
    """XML cannot hold most C0 controls; a text from stdin can (quantity), a fact cannot (the loader refuses)."""
    target = tmp_path / "q.xlsx"
    assert run("quantity", "\x0c6%", "6%\t", "-o", str(target)).code in (0, 1)
    assert [row[0] for row in sheet_rows(target)[1:]] == ["\\x0c6%", "6%\t"]
