"""Hostile input (issue #5): data directories from someone else, exports opened in Excel, Ctrl-C.

A data file must never run code, expand into gigabytes, make zonecmp read outside its data directory,
or crash the process; an export must never carry a spreadsheet formula; an interrupted or failed
write must never leave half a file.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fuzz_strategies import DOCUMENT, LAUGHS, METRICS, OUTSIDE_MARK, SOURCE, ZONES, dump

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SIGNED_NUMBER = re.compile(r"[+-][0-9]+(?:\.[0-9]+)?%?")  # what a spreadsheet reads as a number, not a formula


def data_dir(root: Path, source: str | dict = SOURCE, *, document: str = DOCUMENT) -> Path:
    """A data directory with the fuzz tests' zone and metric and one source file (text or data)."""
    (root / "sources").mkdir(parents=True)
    (root / "documents").mkdir()
    (root / "zones.yaml").write_text(dump(ZONES, flow=False), encoding="utf-8")
    (root / "metrics.yaml").write_text(dump(METRICS, flow=False), encoding="utf-8")
    text = source if isinstance(source, str) else dump(source, flow=False)
    (root / "sources" / "fuzz-a.yaml").write_text(text, encoding="utf-8")
    (root / "documents" / "doc.txt").write_text(document, encoding="utf-8")
    return root


def with_document(path: str) -> dict:
    source = copy.deepcopy(SOURCE)
    source["source"]["document"] = path
    return source


def zonecmp(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zonecmp", *args], capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, **(env or {})}, timeout=timeout)


# --- Safe loading -----------------------------------------------------------------------------------

@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/object:zonecmp.dataset.model.Zone {{id: x}}",
    "!!python/name:os.system",
    "!!python/module:os",
])
def test_python_tags_are_refused_and_never_run(run, tmp_path, tag):
    marker = tmp_path / "ran"
    text = dump(SOURCE, flow=False).replace("title: 测试文件", "title: " + tag.format(marker=marker))
    root = data_dir(tmp_path / "data", text)
    result = run("facts", "--data", str(root), "--no-cache")
    assert result.code == 2
    assert result.err.startswith(f"{root / 'sources' / 'fuzz-a.yaml'}:3: the tag 'tag:yaml.org,2002:python/")
    assert result.err.endswith("is not allowed: zonecmp data is plain YAML, without tags\n")
    assert not marker.exists()


@pytest.mark.parametrize("text", [
    LAUGHS,  # nine levels of nine: 387,420,489 strings if expanded
    "source: &s {id: x}\nfacts: *s\n",
    "facts: &r [*r]\n",  # an alias inside its own anchor
])
def test_aliases_are_refused_at_once_without_expanding(run, tmp_path, text):
    root = data_dir(tmp_path / "data", text)
    started = time.monotonic()
    result = run("facts", "--data", str(root), "--no-cache")
    assert time.monotonic() - started < 1
    assert (result.code, result.out) == (2, "")
    assert result.err == (f"{root / 'sources' / 'fuzz-a.yaml'}:1: anchors and aliases (&name, *name) are not "
                          "allowed in zonecmp data; write the values out\n")


def test_billion_laughs_in_a_real_process_is_refused_quickly(tmp_path):
    root = data_dir(tmp_path / "data", LAUGHS)
    started = time.monotonic()
    done = zonecmp("facts", "--data", str(root), "--no-cache", timeout=30)
    assert done.returncode == 2 and "anchors and aliases" in done.stderr
    assert time.monotonic() - started < 5  # the start of Python and pandas included


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,  # 200 KB: LibYAML's recursive composer used to overflow the C stack
    "facts: " + "{a: " * 100_000 + "1" + "}" * 100_000,
    "- " * 200_000 + "x\n",
    "[" * 1_000_000,  # LibYAML's scanner slows quadratically with depth: seconds per 10,000 levels
])
def test_deep_nesting_is_refused_in_a_real_process(tmp_path, text):
    root = data_dir(tmp_path / "data", text)
    started = time.monotonic()
    done = zonecmp("facts", "--data", str(root), "--no-cache", timeout=60)
    assert done.returncode == 2, done.returncode  # a crash of the C parser was -11 (SIGSEGV)
    assert done.stderr.startswith(f"{root / 'sources' / 'fuzz-a.yaml'}:1: the file nests lists or mappings "
                                  "more than 50 levels deep; zonecmp data needs four")
    assert time.monotonic() - started < 10


def test_a_file_over_the_size_limit_is_refused_unread(run, tmp_path, monkeypatch):
    root = data_dir(tmp_path / "data", dump(SOURCE, flow=False) + "# padding\n" * 20000)
    monkeypatch.setenv("ZONECMP_MAX_FILE_MB", "0.15")  # 150 KB: every bundled file is smaller
    result = run("facts", "--data", str(root), "--no-cache")
    assert (result.code, result.out) == (2, "")
    size = (root / "sources" / "fuzz-a.yaml").stat().st_size / 1048576
    assert result.err == (f"{root / 'sources' / 'fuzz-a.yaml'}: file is {size:.3g} MB, over the 0.15 MB limit "
                          "(set ZONECMP_MAX_FILE_MB to raise it)\n")


def test_the_default_limit_is_50_mb(run, tmp_path):
    root = data_dir(tmp_path / "data")
    with open(root / "sources" / "huge.yaml", "wb") as file:
        file.truncate(60 * 1024 * 1024)  # sparse: 60 MB to stat, nothing on disk, never read
    result = run("facts", "--data", str(root), "--no-cache")
    assert result.code == 2
    assert result.err == (f"{root / 'sources' / 'huge.yaml'}: file is 60 MB, over the 50 MB limit "
                          "(set ZONECMP_MAX_FILE_MB to raise it)\n")


VALID = dump(SOURCE, flow=False)


@pytest.mark.parametrize("data, message", [
    (VALID.encode("gb18030"), "3: the file is not UTF-8 text (bad byte at offset 30); save it as UTF-8"),
    (VALID.replace("tests", "te\x00sts").encode(), "4: invalid YAML: the character U+0000 is not allowed; remove it"),
    (VALID.replace("'2024-01-01'", "2024-13-45").encode(),
     "5: '2024-13-45' is not a valid timestamp; put quotes around it if it is text"),
    (VALID.replace("value: 7", "value: 0x" + "f" * 300).encode(),
     "19: '0xffffffffffffffffffffffffffff...' is far too large a number for zonecmp data"),
    (VALID.replace("value: 7", "value: 1" + "0" * 5000).encode(),
     "19: '100000000000000000000000000000...' is not a valid int; put quotes around it if it is text"),
    (VALID.replace("value: 7", "value: 1" + "0" * 300).encode(),
     "19: value: 1" + "0" * 300 + " is not a usable number (it must be finite and under 1e15)"),
    (VALID.replace("value: 7", "value: 1.0e+400").encode(), "19: value: inf is not a usable number (it must be finite "
                                                          "and under 1e15)"),
    (VALID.encode() + b"extra: [", f"{VALID.count(chr(10)) + 1}: invalid YAML: did not find expected node content"),
])
def test_damaged_files_are_named_with_their_line(run, tmp_path, data, message):
    root = data_dir(tmp_path / "data")
    (root / "sources" / "fuzz-a.yaml").write_bytes(data)
    result = run("facts", "--data", str(root), "--no-cache")
    assert (result.code, result.out) == (2, "")
    assert result.err == f"{root / 'sources' / 'fuzz-a.yaml'}:{message}\n"


def test_a_lone_surrogate_escape_is_refused_with_its_line(run, tmp_path):
    """UTF-8 cannot hold a lone surrogate, so no export could write one: the loader refuses it."""
    root = data_dir(tmp_path / "data")
    (root / "sources" / "fuzz-a.yaml").write_text(VALID.replace("publisher: tests", 'publisher: "te\\ud800sts"'),
                                                  encoding="utf-8")
    result = run("facts", "--data", str(root), "--no-cache")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"{root / 'sources' / 'fuzz-a.yaml'}:4: invalid YAML: ")
    assert result.err.count("\n") == 1


def test_bom_and_crlf_are_read_as_usual(run, tmp_path):
    plain, windows = data_dir(tmp_path / "plain"), data_dir(tmp_path / "windows")
    (windows / "sources" / "fuzz-a.yaml").write_bytes(b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode())
    results = [run("facts", "--data", str(root), "--no-cache", "-f", "json") for root in (plain, windows)]
    assert [r.code for r in results] == [0, 0]
    assert results[0].out == results[1].out  # the same facts, at the same lines


# --- Paths that leave the data directory ------------------------------------------------------------

@pytest.fixture
def outside(tmp_path: Path) -> Path:
    path = tmp_path / "outside.txt"
    path.write_text(OUTSIDE_MARK + DOCUMENT, encoding="utf-8")  # holds every quote: a check would pass
    return path


@pytest.mark.parametrize("document", ["../outside.txt", "documents/../../outside.txt", "{outside}"])
def test_a_document_path_leaving_the_directory_is_refused_by_the_loader(run, tmp_path, outside, document):
    document = document.format(outside=outside)
    root = data_dir(tmp_path / "data", with_document(document))
    result = run("show", "fuzz-a-revenue", "--data", str(root), "--no-cache")
    assert (result.code, result.out) == (2, "")
    assert result.err == (f"{root / 'sources' / 'fuzz-a.yaml'}:6: source.document: {document!r} leaves the data "
                          "directory; give a path inside it, like documents/name.txt\n")


@pytest.mark.parametrize("link", ["file", "folder"])
def test_a_symlink_pointing_outside_is_refused_where_documents_are_read(run, tmp_path, outside, link):
    if link == "file":
        root = data_dir(tmp_path / "data", with_document("documents/link.txt"))
        (root / "documents" / "link.txt").symlink_to(outside)
        document = "documents/link.txt"
    else:
        root = data_dir(tmp_path / "data", with_document("evidence/outside.txt"))
        (root / "evidence").symlink_to(tmp_path, target_is_directory=True)
        document = "evidence/outside.txt"
    refusal = f"document {document!r} resolves outside the data directory {root.resolve()}"

    shown = run("show", "fuzz-a-revenue", "--data", str(root), "--no-cache", "-f", "json")
    assert shown.code == 0 and OUTSIDE_MARK not in shown.out
    context = {r["field"]: r["value"] for r in json.loads(shown.out)}["context"]
    assert context.startswith(f"({refusal}; keep documents under documents/")

    checked = run("check", "--data", str(root), "--no-cache")
    assert checked.code == 1 and OUTSIDE_MARK not in checked.out
    assert f": fuzz-a: {refusal}; keep documents under documents/" in checked.out


# --- Interrupts and failed writes -------------------------------------------------------------------

def test_ctrl_c_in_a_real_process_exits_130_without_a_traceback():
    code = ("import os, signal, sys, time\nimport zonecmp.dataset.loader\n"
            "def interrupted(*args, **kwargs):\n    os.kill(os.getpid(), signal.SIGINT)\n    time.sleep(10)\n"
            "zonecmp.dataset.loader.load_dataset = interrupted\n"
            "sys.argv = ['zonecmp', 'facts', '--no-cache']\nfrom zonecmp.cli import main\nmain()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "Interrupted.\n")


def test_ctrl_c_while_writing_leaves_no_file(run, tmp_path, monkeypatch):
    target = tmp_path / "facts.csv"

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    result = run("facts", "--no-cache", "-o", str(target))
    assert (result.code, result.err) == (130, "Interrupted.\n")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rename_keeps_the_old_file_and_leaves_no_temporary(run, tmp_path, monkeypatch):
    target = tmp_path / "facts.csv"
    target.write_text("old,complete\n", encoding="utf-8")

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = run("facts", "--no-cache", "-o", str(target))
    assert (result.code, result.err) == (2, f"Error: cannot write {target}: No space left on device\n")
    assert [p.name for p in tmp_path.iterdir()] == ["facts.csv"]
    assert target.read_text(encoding="utf-8") == "old,complete\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full to fail a write half way")
def test_a_write_failing_half_way_leaves_no_partial_file(run, tmp_path, monkeypatch):
    def mkstemp_on_a_full_disk(prefix: str = "", dir: str | None = None, **kwargs):
        handle, name = real_mkstemp(prefix=prefix, dir=dir, **kwargs)
        os.dup2(os.open("/dev/full", os.O_WRONLY), handle)  # every write to the temporary file fails
        return handle, name

    real_mkstemp = tempfile.mkstemp
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp_on_a_full_disk)
    target = tmp_path / "facts.csv"
    result = run("facts", "--no-cache", "-o", str(target))
    assert (result.code, result.err) == (2, f"Error: cannot write {target}: No space left on device\n")
    assert list(tmp_path.iterdir()) == []


# --- Spreadsheet safety -----------------------------------------------------------------------------

def _formula_everywhere() -> tuple[list, list, dict, str]:
    """Zones, metrics and a source whose every text field starts like a spreadsheet formula."""
    starts = iter(["=", "+", "-", "@"] * 20)

    def hostile(record: dict, keep: tuple[str, ...]) -> dict:
        out = {}
        for key, value in record.items():
            if key in keep or not isinstance(value, (str, list)):
                out[key] = value
            elif isinstance(value, list):
                out[key] = [next(starts) + "cmd|' /C calc'!A0 " + v for v in value]
            else:
                out[key] = next(starts) + "HYPERLINK(\"http://x\") " + value
        return out

    ids = ("id", "level", "unit_kind", "metric", "unit", "comparator", "zone", "period", "kind", "tier",
           "published", "event_date", "document", "zones")
    zones = [hostile(z, ids) for z in ZONES]
    metrics = [hostile(m, ids) for m in METRICS]
    source = copy.deepcopy(SOURCE)
    source["source"] = hostile({**source["source"], "url": "https://example.com/a", "event_date": "2024-01-01"}, ids)
    source["facts"] = [hostile({**f, "relative_to": "全市", "share_of": "全省", "rank_scope": "全省"}, ids)
                       for f in source["facts"]]
    document = "".join(f["quote"] + "。" for f in source["facts"])
    return zones, metrics, source, document


@pytest.fixture
def hostile_data(tmp_path: Path) -> Path:
    zones, metrics, source, document = _formula_everywhere()
    root = data_dir(tmp_path / "data", source, document=document)
    (root / "zones.yaml").write_text(dump(zones, flow=False), encoding="utf-8")
    (root / "metrics.yaml").write_text(dump(metrics, flow=False), encoding="utf-8")
    return root


COMMANDS = [["facts"], ["zones"], ["metrics"], ["sources"], ["targets"], ["actuals"],
            ["compare", "weihai", "fuzz-zone"], ["diff", "fuzz-zone@2024", "fuzz-zone@2023"],
            ["diff", "weihai@2024", "fuzz-zone@2024"]]


@pytest.mark.parametrize("fmt, sep", [("csv", ","), ("tsv", "\t")])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_exported_text_cell_starts_like_a_formula(run, hostile_data, tmp_path, command, fmt, sep):
    target = tmp_path / f"export.{fmt}"
    result = run(*command, "--data", str(hostile_data), "--no-cache", "-f", fmt, "--bom", "-o", str(target))
    assert result.code == 0
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"), newline=""), delimiter=sep))
    assert len(rows) > 1
    cells = [cell for row in rows[1:] for cell in row]
    for cell in cells:
        if len(cell) > 1 and cell.startswith(FORMULA_STARTS):
            assert SIGNED_NUMBER.fullmatch(cell), cell  # only a signed number may: -5, +3.2, -5% (issue #14)
    neutralised = [c for c in cells if c.startswith("'") and c[1:2] in FORMULA_STARTS]
    assert neutralised or command[0] == "diff"  # diff shows numbers and verdicts, none from the data

    raw = run(*command, "--data", str(hostile_data), "--no-cache", "-f", fmt, "--raw")
    raw_cells = [c for row in csv.reader(io.StringIO(raw.out, newline=""), delimiter=sep) for c in row]
    assert sorted(c[1:] if c in neutralised else c for c in cells) == sorted(raw_cells[len(rows[0]):])


def test_tab_and_carriage_return_starts_are_neutralised_and_numbers_kept():
    from zonecmp.render import OutputOptions, render

    frame = pd.DataFrame({"text": ["\t=1+2", "\r=1+2", "=1", "@A1", "+1", "-1", "=", "-", "plain", "'=x"],
                          "number": [-1.5, 2, -3, 4, 5, 6, 7, 8, 9, 10]})
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        rows = list(csv.reader(io.StringIO(render(frame, OutputOptions(fmt)), newline=""), delimiter=sep))[1:]
        # A signed number (+1, -1) is no formula: a spreadsheet reads it as the number (issue #14).
        assert [r[0] for r in rows] == ["'\t=1+2", "'\r=1+2", "'=1", "'@A1", "+1", "-1", "=", "-", "plain", "'=x"]
        assert [r[1] for r in rows] == ["-1.5", "2", "-3", "4", "5", "6", "7", "8", "9", "10"]
        raw = list(csv.reader(io.StringIO(render(frame, OutputOptions(fmt, raw=True)), newline=""), delimiter=sep))
        assert [r[0] for r in raw[1:]] == list(frame["text"])


# No lone surrogates: UTF-8 cannot write them, and the loader refuses a YAML "\ud800" as invalid.
CELL_TEXT = st.text(alphabet=st.sampled_from('=+-@\t\r\n,"\x00a中 ') | st.characters(exclude_categories=("Cs",)),
                    max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(CELL_TEXT, min_size=1, max_size=2), min_size=1, max_size=8))
@example(rows=[[""], ["\x00"]])  # pandas 2.1 factorizes these as one text
@example(rows=[["a\x00b"], ["a\x00c"], ["a"]])
def test_a_text_column_is_written_as_each_cell_alone_would_be(rows):
    """A column of clean text skips the per-cell rule (two scans of the joined column): any cell that
    needs quoting or neutralising, or holds the join's separator, must still get it."""
    from zonecmp.delimited import FORMULA_STARTS
    from zonecmp.render import OutputOptions, render

    frame = pd.DataFrame({"a": [r[0] for r in rows], "b": [r[-1] for r in rows]}, dtype="str")
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        read = list(csv.reader(io.StringIO(render(frame, OutputOptions(fmt)), newline=""), delimiter=sep))
        expected = [["'" + c if len(c) > 1 and c.startswith(FORMULA_STARTS) and not SIGNED_NUMBER.fullmatch(c) else c
                     for c in (r[0], r[-1])] for r in rows]
        assert read[1:] == expected
        raw = list(csv.reader(io.StringIO(render(frame, OutputOptions(fmt, raw=True)), newline=""), delimiter=sep))
        assert raw[1:] == [[r[0], r[-1]] for r in rows]
