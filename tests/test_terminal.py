"""Hostile text never reaches a terminal raw (issue #17).

A data directory from someone else can hold any character: YAML's double-quoted escapes ("\\e", "\\x9b",
"\\u202e") get past the loader's byte checks. Every line on stderr and every cell of a text meant for
people shows control characters escaped, the loader refuses them where no value can hold them, and
machine formats keep exactly what was loaded.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from fuzz_strategies import DOCUMENT, SOURCE, UNSAFE, dump
from test_hostile import data_dir

ZONE_LINES = """\
- id: fuzz-zone
  name: 测试高新技术产业开发区
  short_name: 测试高新区
  name_en: Fuzz Test High-Tech Zone
  province: 山东
  city: 测试
  level: provincial
"""
PWNED = "\x1b]0;pwned\x07\x1b[31mRED"  # retitles the window, then turns what follows red
PWNED_SHOWN = "\\x1b]0;pwned\\x07\\x1b[31mRED"


def _with_zone_lines(tmp_path: Path, extra: str) -> Path:
    root = data_dir(tmp_path / "data")
    (root / "zones.yaml").write_text(ZONE_LINES + extra, encoding="utf-8")
    return root


@pytest.mark.parametrize("key, shown", [("\\n", "\\n"), ("\\f", "\\x0c")])
def test_a_key_made_of_a_control_character_is_one_escaped_line(run, tmp_path, key, shown):
    """The two cases the long fuzz saved: a zone key that is a line break, and one that is a form feed."""
    root = _with_zone_lines(tmp_path, f'  "{key}": x\n')
    result = run("facts", "--data", str(root), "--no-cache")
    assert result.code == 2
    assert result.err == f"{root / 'zones.yaml'}:8: {shown}: unknown field for a zone\n"


def test_an_escape_sequence_in_a_key_is_shown_escaped(run, tmp_path):
    root = _with_zone_lines(tmp_path, '  "\\e]0;pwned\\a\\e[31mRED": x\n')
    result = run("facts", "--data", str(root), "--no-cache")
    assert result.code == 2
    assert result.err == f"{root / 'zones.yaml'}:8: {PWNED_SHOWN}: unknown field for a zone\n"


# Every text field of every kind of record, with where it lives in the fuzz data directory.
TEXT_FIELDS = [
    ("zones.yaml", ["zones", 0], field)
    for field in ("id", "name", "short_name", "name_en", "province", "city", "note")
] + [
    ("metrics.yaml", ["metrics", 0], field) for field in ("id", "name", "name_en", "definition")
] + [
    ("sources/fuzz-a.yaml", ["source"], field)
    for field in ("id", "title", "publisher", "document", "url", "note")
] + [
    ("sources/fuzz-a.yaml", ["defaults"], field) for field in ("zone", "period")
] + [
    ("sources/fuzz-a.yaml", ["facts", 1], field)
    for field in ("id", "metric", "unit", "quote", "note", "relative_to", "share_of", "period", "zone")
]


def _data_with(tmp_path: Path, file: str, where: list, field: str, value: str) -> Path:
    from fuzz_strategies import METRICS, ZONES

    trees = {"zones.yaml": {"zones": [dict(z) for z in ZONES]}, "metrics.yaml": {"metrics": [dict(m) for m in METRICS]},
             "sources/fuzz-a.yaml": json.loads(json.dumps(SOURCE))}
    tree = trees[file]
    record = tree
    for step in where:
        record = record[step]
    record[field] = value
    root = data_dir(tmp_path / "data", trees["sources/fuzz-a.yaml"])
    (root / "zones.yaml").write_text(dump(trees["zones.yaml"]["zones"], flow=False), encoding="utf-8")
    (root / "metrics.yaml").write_text(dump(trees["metrics.yaml"]["metrics"], flow=False), encoding="utf-8")
    return root


@pytest.mark.parametrize("file, where, field", TEXT_FIELDS, ids=lambda v: v if isinstance(v, str) else "")
@pytest.mark.parametrize("character, shown", [("\x1b", "\\x1b"), ("\x9b", "\\x9b"), ("\u202e", "\\u202e"),
                                              ("\x00", "\\x00"), ("\x7f", "\\x7f")])
def test_a_control_character_in_any_text_field_is_refused_where_it_is(run, tmp_path, file, where, field,
                                                                       character, shown):
    root = _data_with(tmp_path, file, where, field, f"a{character}b")
    result = run("facts", "--data", str(root), "--no-cache")
    assert result.code == 2
    prefix = "source." if where == ["source"] else ""
    located = f"{root / file}:"
    lines = [line for line in result.err.splitlines() if line.startswith(located)]
    assert lines, result.err
    # A period is refused by its own rule (it is not one of the period forms); any other text by this one.
    reason = (" is not a period" if field == "period"
              else f" holds the control character {shown}; remove it (zonecmp text is printable, on one line)")
    assert any(re.fullmatch(rf"\d+: {re.escape(prefix + field)}: .*'a{re.escape(shown)}b'{re.escape(reason)}.*",
                            line[len(located):]) for line in lines), result.err
    assert not UNSAFE.search(result.err.replace("\n", ""))


def test_a_note_may_run_over_lines_and_machine_formats_keep_it_exactly(run, tmp_path):
    source = json.loads(json.dumps(SOURCE))
    source["facts"][1]["note"] = "first line\n\tsecond line"
    root = data_dir(tmp_path / "data", source)
    exported = json.loads(run("facts", "--data", str(root), "--no-cache", "-f", "json").out)
    assert {r["id"]: r["note"] for r in exported}["fuzz-a-revenue"] == "first line\n\tsecond line"
    shown = run("show", "fuzz-a-revenue", "--data", str(root), "-f", "table")
    assert "first line\\n\\tsecond line" in shown.out
    assert "\t" not in shown.out


def test_a_document_with_escape_sequences_is_shown_escaped(run, tmp_path):
    """The sentence around a quote comes from the document, which no loader check has seen."""
    document = DOCUMENT.replace("实现营业收入420亿元", f"{PWNED}实现营业收入420亿元\u202e")
    root = data_dir(tmp_path / "data", document=document)
    assert run("check", "--data", str(root), "--no-cache").code == 0
    shown = run("show", "fuzz-a-actual", "--data", str(root), "-f", "table")
    assert f"{PWNED_SHOWN}实现营业收入420亿元\\u202e" in shown.out
    assert not UNSAFE.search(shown.out.replace("\n", ""))
    markdown = run("show", "fuzz-a-actual", "--data", str(root), "-f", "markdown").out
    assert PWNED_SHOWN in markdown and not UNSAFE.search(markdown.replace("\n", ""))


def on_a_terminal(*args: str, columns: int = 200) -> tuple[int, bytes]:
    """`zonecmp ARGS` with stdout and stderr on a pseudo-terminal `columns` wide (its window size and
    $COLUMNS), as a user runs it; its exit status and what the terminal got."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {**os.environ, "COLUMNS": str(columns), "TERM": "xterm"}
    process = subprocess.Popen([sys.executable, "-m", "zonecmp", *args], stdin=subprocess.DEVNULL,
                               stdout=terminal, stderr=terminal, env=env)
    os.close(terminal)
    received = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the process closed the terminal
            break
        if not chunk:
            break
        received += chunk
    os.close(controller)
    return process.wait(timeout=60), received


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_on_a_real_terminal_nothing_from_the_data_acts(tmp_path):
    """On a pseudo-terminal, rich may style the table (SGR colour codes), but no text from a data file
    or document arrives raw: no window title (OSC), no bell, no C1 control, no bidi override."""
    root = _with_zone_lines(tmp_path, '  "\\e]0;pwned\\a\\e[31mRED": x\n')
    code, received = on_a_terminal("facts", "--data", str(root), "--no-cache")
    assert code == 2
    assert PWNED.encode() not in received and PWNED_SHOWN.encode() in received

    document = DOCUMENT.replace("实现营业收入420亿元", f"{PWNED}实现营业收入420亿元\u202e")
    root = data_dir(tmp_path / "other", document=document)
    code, received = on_a_terminal("show", "fuzz-a-actual", "--data", str(root), "--no-cache")
    text = received.decode("utf-8")
    assert code == 0, text
    assert PWNED_SHOWN in text
    without_styles = re.sub(r"\x1b\[[0-9;]*m", "", text).replace("\r\n", "")
    assert not UNSAFE.search(without_styles), repr(UNSAFE.search(without_styles))
