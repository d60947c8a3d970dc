"""Output formats and the promises around them: numbers as numbers, Excel-safe text, clean pipes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, umask, write_source


def zonecmp(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """The installed command in a real subprocess, stdout a pipe (not a terminal)."""
    return subprocess.run([sys.executable, "-m", "zonecmp", *args], capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, **(env or {})}, **kwargs)


def test_default_is_csv_when_piped():
    done = zonecmp("targets", "--year", "2024")
    assert done.returncode == 0
    assert done.stdout.startswith("metric,metric_name,detail,tangshan,weihai\n")


def test_tsv(run):
    out = run("zones", "-f", "tsv").out
    assert out.splitlines()[0].split("\t")[:3] == ["id", "name", "short_name"]


def test_markdown(run):
    out = run("targets", "-y", "2024", "-z", "weihai", "-m", "gdp_growth", "-f", "markdown", "--lang", "en").out
    assert out == "| metric | weihai |\n| --- | --- |\n| GDP growth | 6% |\n"


def test_bom_for_excel(run, tmp_path):
    target = tmp_path / "facts.csv"
    result = run("facts", "--format", "csv", "--bom", "--output", str(target))
    assert result.code == 0 and result.out == ""
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,zone,")
    assert "地区生产总值增长6%" in data.decode("utf-8-sig")


def test_output_file_defaults_to_csv_and_is_complete(run, tmp_path):
    target = tmp_path / "t.csv"
    assert run("targets", "-y", "2024", "-o", str(target)).code == 0
    assert target.read_text(encoding="utf-8") == run("targets", "-y", "2024", "-f", "csv").out
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_unwritable_output_is_a_clear_error(run, tmp_path):
    result = run("facts", "-o", str(tmp_path / "missing-dir" / "x.csv"))
    assert result.code == 2
    assert result.err.startswith(f"Error: cannot write {tmp_path / 'missing-dir' / 'x.csv'}: ")


def test_formula_cells_are_neutralised_unless_raw(run, tmp_path):
    data = write_source(
        tmp_path / "inject",
        'source: {id: inject, title: "=cmd", publisher: "@x", published: "2024-01-01", document: documents/d.txt, '
        'zones: [weihai]}\nfacts:\n  - {id: inject-1, zone: weihai, period: "2024", kind: target, metric: gdp_growth, '
        'value: -6, unit: "%", quote: "=HYPERLINK(1) 地区生产总值增长6%", note: "+1 -2"}\n',
        "=HYPERLINK(1) 地区生产总值增长6%", source_name="s.yaml", document_name="d.txt")
    safe = run("facts", "--data", str(data), "-z", "weihai", "-f", "csv").out
    rows = list(csv.DictReader(io.StringIO(safe)))
    injected = next(r for r in rows if r["id"] == "inject-1")
    assert injected["quote"] == "'=HYPERLINK(1) 地区生产总值增长6%"
    assert injected["note"] == "'+1 -2"
    assert injected["value"] == "-6"  # numbers are untouched
    for row in rows:
        for column, cell in row.items():
            if column not in ("value", "value_base", "comparator"):
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    raw = run("facts", "--data", str(data), "-z", "weihai", "-f", "csv", "--raw").out
    assert next(r for r in csv.DictReader(io.StringIO(raw)) if r["id"] == "inject-1")["quote"].startswith("=HYPER")


def test_round_trip_json_and_csv_are_the_loaded_facts(run):
    from zonecmp.api import load

    loaded = load(str(FIXTURES / "conflict")).facts
    from_json = pd.DataFrame(json.loads(run("facts", "--data", str(FIXTURES / "conflict"), "-f", "json").out))
    from_csv = pd.read_csv(io.StringIO(run("facts", "--data", str(FIXTURES / "conflict"), "-f", "csv", "--raw").out),
                           keep_default_na=False, na_values={c: [""] for c in ("value", "value_max", "value_base",
                                                                               "value_max_base", "rank_size",
                                                                               "average_years")})
    for frame in (from_json, from_csv):
        assert sorted(frame["id"]) == sorted(loaded["id"])
        merged = loaded.merge(frame, on="id", suffixes=("", "_out"))
        for column in ("value", "value_base", "quote", "text", "zone_name", "conflict"):
            left, right = merged[column], merged[column + "_out"]
            assert ((left == right) | (left.isna() & right.isna())).all(), column
    assert from_json["conflict"].sum() == 2


def test_help_does_not_import_pandas():
    code = ("import sys; sys.argv=['zonecmp','--help']\nfrom zonecmp.cli import main\ntry:\n main()\n"
            "except SystemExit: pass\nprint('PANDAS' if 'pandas' in sys.modules else 'LIGHT')")
    for argv in ("'--help'", "'targets','--help'", "'--version'", "'diff','--help'"):
        done = subprocess.run([sys.executable, "-c", code.replace("'--help']", argv + "]")], capture_output=True,
                              text=True, encoding="utf-8")
        assert done.stdout.strip().endswith("LIGHT"), argv


def test_a_warm_query_for_a_script_does_not_import_pandas(tmp_path):
    """`facts`, `diff` and the side-by-side views in CSV, TSV, JSON and JSONL are written from the cache without pandas
    (importing it is half a warm query's time); a table for people, and the first, cold, run use it."""
    code = ("import sys; sys.argv=['zonecmp', *sys.argv[1:]]\nfrom zonecmp.cli import main\ntry:\n main()\n"
            "except SystemExit: pass\nprint('PANDAS' if 'pandas' in sys.modules else 'LIGHT', file=sys.stderr)")
    env = {**os.environ, "ZONECMP_CACHE_DIR": str(tmp_path)}

    def query(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True,
                              encoding="utf-8", env=env)

    assert query("facts", "-f", "csv").stderr.strip().endswith("PANDAS")  # the cold run fills the cache
    expected = {("facts", "--year", "2024", "--zone", "weihai", "-f", "csv"): "weihai-2024-gdp-growth,weihai,",
                ("facts", "-f", "jsonl"): '"id": "weihai-2024-gdp-growth"',
                ("diff", "weihai@2024-H1", "weihai@2024", "-f", "tsv"): "gdp_growth\t",
                ("diff", "tangshan@2024", "weihai@2024", "-f", "json"): '"verdict": ',
                ("targets", "--year", "2024", "-f", "csv"): "gdp_growth,GDP growth,,,6%",
                ("actuals", "-z", "tangshan", "-f", "jsonl"): '"tangshan@2023": "153 个"'}
    for argv, seen in expected.items():
        done = query(*argv)
        assert done.stderr.strip().endswith("LIGHT") and seen in done.stdout, argv
    assert query("diff", "weihai@2024-H1", "weihai@2024", "-f", "table").stderr.strip().endswith("PANDAS")


def test_every_command_has_help_with_an_example():
    from zonecmp.cli import app

    for command in app.registered_commands:
        assert command.callback.__doc__ and "Example: zonecmp " in command.callback.__doc__, command.callback.__name__


def test_every_command_is_registered_with_its_shared_options(run):
    """Each of the 17 commands is built from its function and the shared option groups (cli.command);
    usage errors and misspelt-command suggestions are Typer's own."""
    from zonecmp.cli import app

    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert len(names) == 17
    assert "--bom" in run("targets", "--help").out and "--bom" not in run("show", "--help").out
    bogus = run("targets", "--bogus").err.splitlines()[-1]
    assert bogus.startswith("Error: No such option: --bogus") and "--bom" in bogus
    assert "Did you mean 'targets'?" in run("targts").err


def test_numpy_starts_one_blas_thread_unless_the_user_chose():
    """The command line does no linear algebra: OpenBLAS threads would only spin (120 ms CPU a call)."""
    code = ("import os, sys; sys.argv = ['zonecmp', 'zones', '-f', 'csv']\nfrom zonecmp.cli import main\n"
            "try:\n main()\nexcept SystemExit: pass\n"
            "import numpy; print(os.environ['OPENBLAS_NUM_THREADS'], numpy.__name__)")
    for chosen, expected in ((None, "1"), ("3", "3")):
        env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
        if chosen:
            env["OPENBLAS_NUM_THREADS"] = chosen
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        assert done.stdout.splitlines()[-1] == f"{expected} numpy"


def test_head_closes_the_pipe_quietly():
    done = subprocess.run(f"{sys.executable} -m zonecmp facts --format csv | head -1", shell=True,
                          capture_output=True, text=True, encoding="utf-8")
    assert done.stdout.startswith("id,zone,")
    assert done.stderr == ""


def test_narrow_terminal_wraps(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    result = run("targets", "-y", "2024", "-f", "table", "--lang", "en")
    assert result.code == 0
    assert max(len(line) for line in result.out.splitlines()) <= 40


def test_no_color_when_piped_or_no_color(run, monkeypatch):
    assert "\x1b[" not in zonecmp("zones", "-f", "table").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("zones", "-f", "table").out


LISTINGS = (["targets"], ["actuals"], ["facts"], ["zones"], ["metrics"], ["sources"],
            ["compare", "tangshan", "weihai"], ["diff", "weihai@2024", "tangshan@2024"])


def _records_as(fmt: str, out: str) -> list[list[str]]:
    """The rows a reader of `fmt` gets, as text: the header first."""
    if fmt in ("csv", "tsv"):
        return list(csv.reader(io.StringIO(out, newline=""), delimiter="," if fmt == "csv" else "\t"))
    if fmt == "jsonl":
        records = [json.loads(line) for line in out.splitlines()]
        return [list(records[0])] + [[_json_text(v) for v in r.values()] for r in records]
    lines = out.splitlines()  # markdown: | a | b |, then the alignment row
    return [[cell.strip().replace("\\|", "|") for cell in line.strip("|").split(" | ")]
            for i, line in enumerate(lines) if i != 1]


def _json_text(value: object) -> str:
    """A JSON value as the CSV writes it: nothing for null, 6 for 6.0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl"])
@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_every_machine_format_carries_the_json_records(run, command, fmt):
    """CSV, TSV and JSON Lines give a reader exactly the records and columns of JSON."""
    records = json.loads(run(*command, "-f", "json").out)
    assert records, command
    rows = _records_as(fmt, run(*command, "-f", fmt, "--raw").out)
    assert rows[0] == list(records[0])
    assert rows[1:] == [[_json_text(value) for value in record.values()] for record in records]


@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_tables_for_people_have_a_row_per_record(run, monkeypatch, command):
    """Markdown and a terminal wide enough not to wrap show one row per record, under the columns that
    hold anything (a column empty in every row is left out for people)."""
    monkeypatch.setenv("COLUMNS", "2000")
    records = json.loads(run(*command, "-f", "json").out)
    markdown = _records_as("markdown", run(*command, "-f", "markdown").out)
    assert len(markdown) == 1 + len(records)
    table = run(*command, "-f", "table").out.splitlines()
    assert sum(line.startswith("│") for line in table) == len(records)
    assert all(len(row) == len(markdown[0]) for row in markdown)


def test_an_unknown_format_is_an_error(run):
    result = run("zones", "-f", "yaml")
    assert result.code == 2
    assert "yaml" in result.err


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats() | st.sampled_from([0.0, -0.0, 6.0, 6.5, 1e15, -1e15, 1e15 - 1, 1e16, 2.0**53]),
                max_size=30))
def test_a_float_column_is_written_as_each_number_alone_would_be(values):
    """Whole numbers are formatted by numpy, the others once per distinct value: the text must be
    number_text's (6 not 6.0, repr for 6.5 and 1e+16, empty for NaN) for every value."""
    from zonecmp.delimited import number_text
    from zonecmp.render import OutputOptions, render

    frame = pd.DataFrame({"x": pd.Series(values, dtype="float64"), "n": range(len(values))})
    rows = list(csv.reader(io.StringIO(render(frame, OutputOptions("csv")), newline="")))
    assert [r[0] for r in rows[1:]] == [number_text(float(v)) for v in values]
    assert [r[1] for r in rows[1:]] == [str(n) for n in range(len(values))]


def test_paper_cuts_of_scripts_and_files(run, tmp_path):
    """Issue #14's paper cuts: a reader that stops early ends the run with 0 under `set -o pipefail`,
    a full disk is one Error line, an export gets the umask's permissions, a two-digit year is an error,
    and a signed number is written as the number it is."""
    import stat
    from pathlib import Path

    zonecmp = str(Path(sys.executable).with_name("zonecmp"))
    piped = subprocess.run(["bash", "-c", f"set -o pipefail; {zonecmp} facts | head -1 > /dev/null"],
                           capture_output=True, text=True)
    assert (piped.returncode, piped.stderr) == (0, "")
    if Path("/dev/full").exists():
        full = subprocess.run(["bash", "-c", f"{zonecmp} facts > /dev/full"], capture_output=True, text=True)
        assert (full.returncode, full.stderr) == (2, "Error: cannot write the output: No space left on device\n")
    target = tmp_path / "facts.csv"
    with umask(0o022):
        assert run("facts", "-o", str(target)).code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert run("targets", "--year", "24").err == "Error: --year 24: write the year in four digits, like 2024\n"
    from zonecmp.render import OutputOptions, render

    frame = pd.DataFrame({"target": ["-5%", "+3.2", "-5 亿元", "=1"]})
    assert render(frame, OutputOptions("csv")).splitlines()[1:] == ["-5%", "+3.2", "'-5 亿元", "'=1"]


def test_period_is_text_in_every_format(run):
    """A period of a year (2024) is text beside 2024-H1: a JSON string, and in CSV and TSV always quoted,
    the sign of text a spreadsheet's "quoted field as text" import honours (issue #14)."""
    assert {type(r["period"]) for r in json.loads(run("facts", "-f", "json").out)} == {str}
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        lines = run("facts", "-z", "weihai", "-f", fmt).out.splitlines()
        periods = [line.split(sep)[4] for line in lines[1:]]
        assert set(periods) == {'"2024"', '"2024-H1"', '"2024-Q1"'}, fmt
        assert {row[4] for row in csv.reader(lines[1:], delimiter=sep)} == {"2024", "2024-H1", "2024-Q1"}


def test_csv_neutralises_only_what_could_run():
    """A signed number is the number a spreadsheet reads; a text starting like a formula is guarded (issue #14)."""
    from zonecmp.render import OutputOptions, render

    signed = ["-5", "-5%", "+3.2", "-5.5%", "+0.5"]
    formulas = ["=SUM(1,2)", "-cmd|' /C calc'!A0", "+1 -2", "@SUM(A1)", "-5 亿元", "-5%x", "+3.2.1"]
    frame = pd.DataFrame({"cell": signed + formulas})
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        rows = [row[0] for row in csv.reader(io.StringIO(render(frame, OutputOptions(fmt))), delimiter=sep)][1:]
        assert rows == signed + ["'" + text for text in formulas], fmt


def test_data_options_may_come_before_the_command_and_an_empty_data_directory_gets_a_note(tmp_path):
    examples = str(FIXTURES.parent.parent / "examples" / "my-data")
    env = {**os.environ, "ZONECMP_CACHE_DIR": str(tmp_path / "cache")}

    def zonecmp(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "zonecmp", *args], capture_output=True, text=True,
                              encoding="utf-8", env=env, check=False)

    before = zonecmp("--data", examples, "--no-cache", "targets", "--zone", "sample", "--format", "csv")
    after = zonecmp("targets", "--zone", "sample", "--format", "csv", f"--data={examples}")
    assert before.returncode == after.returncode == 0, before.stderr
    assert before.stdout == after.stdout and before.stdout.startswith("metric,metric_name,detail,sample")
    (tmp_path / "empty").mkdir()
    empty = zonecmp("targets", "--year", "2024", "--data", str(tmp_path / "empty"), "--format", "csv")
    assert empty.returncode == 0 and empty.stdout.startswith("metric,")
    assert f"note: {tmp_path / 'empty'} holds no zones.yaml, metrics.yaml or sources/" in empty.stderr
    assert "holds no" not in after.stderr
    for alone in (["--data", examples], ["--no-cache"], ["--data", examples, "--format", "csv"]):
        lonely = zonecmp(*alone)
        assert lonely.returncode == 2 and lonely.stdout == "", alone
        assert lonely.stderr.count("\n") == 1 and "goes with a command" in lonely.stderr, lonely.stderr
    helped = zonecmp("--data", examples, "--help")
    assert helped.returncode == 0 and "targets" in helped.stdout


@pytest.mark.parametrize("sep", [",", "\t"])
def test_a_wide_table_is_written_as_the_csv_module_writes_its_cells(sep):
    """Each column's cells are formatted once per distinct value: the bytes are those of csv.writer,
    row by row, of the cells neutralised (unless raw), whether the table came as a frame or was
    built without pandas."""
    from zonecmp import delimited
    from zonecmp.table import Table

    cells = ["", "6%", "≥10 个", "=SUM(1,2)", 'say "hi"', "a,b", "-5%", "tab\there", "line\nbreak", "cr\ronly", None]
    frame = pd.DataFrame({"metric": [f"m{i}" for i in range(30)], "n": range(30)})
    frame = pd.concat([frame, pd.DataFrame({f"zone{z}": [cells[(z * 7 + r) % len(cells)] for r in range(30)]
                                            for z in range(70)})], axis=1)
    rows = frame.to_dict("records")
    for raw in (False, True):
        expected = io.StringIO()
        writer = csv.writer(expected, delimiter=sep, lineterminator="\r\n")
        writer.writerow(frame.columns)
        for row in rows:
            texts = ["" if value is None or value != value else str(value) for value in row.values()]
            writer.writerow(texts if raw else [delimited.neutralise(text) for text in texts])
        written = expected.getvalue().replace('\r\n', '\n').encode("utf-8")
        assert b"".join(delimited.written(Table.of_frame(frame), sep, raw)) == written
        assert b"".join(delimited.written(Table.of_rows(rows, list(frame.columns)), sep, raw)) == written
        assert (b"'=SUM(1,2)" in written) is not raw
