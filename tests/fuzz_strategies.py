"""Malformed data directories for the fuzz tests, and the promises every run on them must keep.

A case starts from a small valid data directory (one zone, one metric, one source with five facts,
a not-stated record and its document), breaks it at the level of the data (a field deleted, renamed or given a value of
another type, an id made unknown or duplicate, extreme numbers), then at the level of the text (YAML
syntax, BOM, CRLF, GB18030, invalid UTF-8, tags, aliases, empty files), and writes it to a fresh
temporary directory. Heavy values (10,000 nested lists, 1 MB strings) are spliced into the text after
dumping, since PyYAML's emitter would recurse or crawl on them.

The promises (`check_problems`, `check_cli`): nothing but SystemExit leaves the entry point; exit 0
(or 1 for commands that report findings) or 2; on 2 every stderr line is `Error: ...` or starts with
a file in the data directory, with a `:line` inside that file when a line is given; no traceback;
and no byte of a file outside the data directory reaches the output.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from hypothesis import strategies as st

OUTSIDE_MARK = "OUTSIDE-THE-DATA-DIRECTORY"  # the content of a file next to the data directory

ZONES = [{"id": "fuzz-zone", "name": "测试高新技术产业开发区", "short_name": "测试高新区",
          "name_en": "Fuzz Test High-Tech Zone", "province": "山东", "city": "测试", "level": "provincial",
          "aliases": ["测试高新区", "测试区"], "note": "Made up for the fuzz tests."}]
METRICS = [{"id": "fuzz_revenue", "name": "测试营业收入", "name_en": "Fuzz revenue", "unit_kind": "money",
            "aliases": ["测试营收"], "definition": "A metric made up for the fuzz tests."}]
FACTS = [
    {"id": "fuzz-a-gdp", "zone": "weihai", "metric": "gdp_growth", "value": 7, "unit": "%",
     "quote": "地区生产总值增长7%"},  # the bundled data says 6%: a conflict
    {"id": "fuzz-a-revenue", "metric": "fuzz_revenue", "comparator": ">=", "value": 477.5, "unit": "亿元",
     "quote": "营业收入达到477.5亿元以上，同比“增长”10%", "note": 'a note, with a comma and "quotes"'},
    {"id": "fuzz-a-range", "metric": "gdp_growth", "comparator": "range", "value": 6, "value_max": 7,
     "unit": "%", "tier": "stretch", "quote": "增长6%-7%"},
    {"id": "fuzz-a-rank", "metric": "provincial_rank", "text": "第一方阵", "rank_scope": "全省",
     "quote": "进入全省第一方阵"},
    {"id": "fuzz-a-actual", "kind": "actual", "period": "2023", "metric": "fuzz_revenue", "value": 420,
     "unit": "亿元", "estimate": True, "quote": "实现营业收入420亿元"},
]
NOT_STATED = [{"id": "fuzz-a-retail-not-stated", "metric": "retail_sales_growth",
               "quote": "不设社会消费品零售总额增长目标"}]
SOURCE = {
    "source": {"id": "fuzz-a", "title": "测试文件", "publisher": "tests", "published": "2024-01-01",
               "document": "documents/doc.txt", "zones": ["weihai", "fuzz-zone"], "note": "For fuzzing."},
    "defaults": {"zone": "fuzz-zone", "period": "2024", "kind": "target"},
    "facts": FACTS,
    "not_stated": NOT_STATED,
}
DOCUMENT = "测试高新区工作会议。" + "。".join(f["quote"] for f in (*FACTS, *NOT_STATED)) + "。\n"

# Terminal control: a window title and a colour (OSC and CSI), C1's CSI, a form feed, NUL, DEL, a bidi
# override and an isolate, a line break: text a hostile data directory could put in any key or value.
CONTROLS = ["\x1b]0;pwned\x07\x1b[31mRED", "\x1b[2J", "\x9b2J", "\x0c", "\x00", "\x7f", "a\u202eb",
            "\u2066x\u2069", "\n", "line\nbreak", "\rback", "\x85next"]
FORMULAS = ["=1+2", "+86 123", "-5", "@SUM(A1)", "\t=1", "\r=1", 'a,b,"c"\nd', "=HYPERLINK(\"x\")"]
# Words a data file may plausibly hold in the wrong place: ids (known, unknown, duplicate), units,
# periods, formula starters, YAML-special words, paths that leave the data directory, odd Unicode.
WORDS = [
    "", " ", "weihai", "Weihai", "tangshan", "fuzz-zone", "fuzz-zon", "nope", "gdp_growth", "gdp_grwth",
    "fuzz_revenue", "provincial_rank", "weihai-2024-gdp-growth", "fuzz-a-gdp", "fuzz-a", "fuzz-b",
    "%", "个百分点", "亿元", "万美元", "家", "位", "百分比率", "6%", "2024", "2024-Q1", "2024-Q5", "2024Q1",
    "2021-2025", "2025-2021", "2024-13", "2024-01..09", "2024-09..01", "2024-01..12", "2024-1..9", "2024-09-30",
    "2023-02-29", "2024-09-31", "target", "actual", "floor", "stretch", "range", ">=", "~", "=>",
    "national", "unconfirmed", "money", "text", "yes", "no", "null", "~", ".inf", "0x1F", "1e400",
    *FORMULAS, "第一方阵", "量稳质升",
    "../outside.txt", "/etc/passwd", "documents/../../outside.txt", "documents/missing.txt",
    "documents/link.txt", "\u202eevil", "\ufeffbom", "\x85", "\u2028", "𠀀", "🙂", "ß", "\\", "'", *CONTROLS,
]
FIELDS = sorted({"id", "name", "short_name", "name_en", "province", "city", "level", "aliases", "identity", "note",
                 "unit_kind", "definition", "source", "defaults", "facts", "title", "publisher", "published",
                 "event_date", "url", "document", "zones", "zone", "period", "kind", "metric", "comparator",
                 "value", "value_max", "unit", "text", "quote", "tier", "estimate", "relative_to", "share_of",
                 "rank_scope", "rank_size", "average_years", "not_stated", "comparater", "vaule", "Id", "<<", "1", "",
                 *CONTROLS})
NUMBERS = [0, -1, -6.5, 1e15, 1e15 + 2, -1e16, 10**15, 10**30, 10**400, -(10**4000), 1e308, 5e-324, -0.0,
           float("nan"), float("inf"), float("-inf"), 2**53 + 1, 0.1 + 0.2]

# Text spliced in place of a sentinel after dumping: (name, size) -> YAML text.
HEAVY: dict[str, Callable[[int], str]] = {
    "deep-list": lambda n: "[" * n + "]" * n,
    "deep-map": lambda n: "{a: " * n + "1" + "}" * n,
    "long-text": lambda n: '"' + "长" * n + '"',
    "long-plain": lambda n: "x" * n,
    "long-int": lambda n: "9" * n,
    "long-hex": lambda n: "0x" + "f" * n,
    "long-float": lambda n: "1" * n + ".5",
    "bad-date": lambda n: f"2024-{n % 100:02d}-{n % 97:02d}",
}
_SENTINEL = re.compile(r"'?@@heavy-([a-z-]+)-(\d+)@@'?")


@st.composite
def heavy_values(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(sorted(HEAVY)))
    size = draw(st.sampled_from([1, 13, 64, 300, 1000, 4301, 10_000, 100_000, 1_000_000]))
    return f"@@heavy-{kind}-{size}@@"


def odd_values() -> st.SearchStrategy[Any]:
    """A value of any type a hand edit or a hostile file could put where another was expected."""
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.sampled_from(NUMBERS), st.sampled_from(WORDS),
        st.text(max_size=20), st.dates(), st.binary(max_size=8),
    )
    return st.one_of(
        scalars, heavy_values(),
        st.lists(scalars, max_size=3),
        st.dictionaries(st.sampled_from(FIELDS), scalars, max_size=3),
    )


# Values that keep a fact valid, or nearly: most cases should still load, so the commands run too.
PLAUSIBLE: dict[str, st.SearchStrategy[Any]] = {
    "value": st.one_of(st.integers(-10**6, 10**6), st.floats(-1e14, 1e14, allow_nan=False)),
    "quote": st.one_of(st.text(min_size=1, max_size=40).filter(str.strip), st.sampled_from(FORMULAS + CONTROLS)),
    "note": st.one_of(st.text(max_size=40), st.sampled_from(CONTROLS)),
    "comparator": st.sampled_from(["=", ">=", ">", "<=", "<", "~"]),
    "period": st.sampled_from(["2024", "2023", "2024-Q1", "2024-H2", "2024-09", "2021-2025", "2024-01..09",
                               "2023-01..09", "2024-01..06", "2024-09-30", "2024-12-31"]),
    "kind": st.sampled_from(["target", "actual"]),
    "tier": st.sampled_from(["floor", "stretch"]),
    "zone": st.sampled_from(["weihai", "tangshan", "fuzz-zone"]),
    "estimate": st.booleans(),
    "title": st.one_of(st.text(min_size=1, max_size=30).filter(str.strip), st.sampled_from(CONTROLS)),
}


def _positions(tree: Any, path: tuple = ()) -> list[tuple]:
    """Every (container path, key) in a tree of dicts and lists, for picking a place to mutate."""
    found = []
    items = tree.items() if isinstance(tree, dict) else enumerate(tree) if isinstance(tree, list) else ()
    for key, value in items:
        found.append(path + (key,))
        found.extend(_positions(value, path + (key,)))
    return found


def _parent(tree: Any, path: tuple) -> Any:
    for key in path[:-1]:
        tree = tree[key]
    return tree


@st.composite
def mutate_tree(draw: st.DrawFn, tree: Any) -> Any:
    """Apply 0-4 data-level mutations: set, delete, rename, add a field, duplicate a record, tweak."""
    for _ in range(draw(st.integers(0, 4))):
        positions = _positions(tree)
        op = draw(st.sampled_from(["set", "delete", "rename", "add", "duplicate", "tweak", "tweak", "whole"]))
        if op == "whole" or not positions:
            tree = draw(odd_values())
            continue
        path = draw(st.sampled_from(positions))
        parent, key = _parent(tree, path), path[-1]
        if op == "set":
            parent[key] = draw(odd_values())
        elif op == "delete":
            del parent[key]
        elif op == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from(FIELDS))] = parent.pop(key)
        elif op == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(FIELDS))] = draw(odd_values())
        elif op == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif op == "tweak" and isinstance(parent, dict) and key in PLAUSIBLE:
            parent[key] = draw(PLAUSIBLE[key])
    return tree


def dump(tree: Any, flow: bool) -> str:
    """YAML text for a tree, with heavy sentinels replaced by their text."""
    text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, default_flow_style=flow, width=10**6)
    return _SENTINEL.sub(lambda m: HEAVY[m[1]](int(m[2])), text)


TOKENS = [":", ": ", "-", "- ", "[", "]", "{", "}", ",", '"', "'", "#", "&a ", "*a", "!", "!!str ", "|", ">",
          "%", "@", "`", "?", "\t", "\n", "\n  ", " ", "---\n", "...\n", "<<: ", "\x00", "\x07", "\x85", "\u2028"]
TAGS = ["!!python/object/apply:os.system ['echo owned']", "!!python/name:os.system", "!!binary aGVsbG8=",
        "!!set {a, b}", "!!timestamp 2024-01-01", "!!float 1e999", "!custom x", "!!omap [a: 1]"]
LAUGHS = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
          + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)))
INVALID_BYTES = [b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xc0\xaf", b"\xe6\xb5", b"\x80"]


class _File(NamedTuple):
    """A file being mutated: its text, the encoding it will be written in, and bytes to put before it."""

    text: str
    encoding: str = "utf-8"
    prefix: bytes = b""


TextMutation = Callable[[st.DrawFn, str, int], str]  # (draw, text, a position in it) -> the new text
FileMutation = Callable[[st.DrawFn, _File, int], _File]


def _of_text(mutate: TextMutation) -> FileMutation:
    """A mutation of the text as one of the whole file, so that TEXT_MUTATIONS holds both kinds."""
    return lambda draw, file, at: file._replace(text=mutate(draw, file.text, at))


def _of_a_line(change: Callable[[st.DrawFn, str], list[str]]) -> TextMutation:
    """A mutation of one line, drawn at random, into the lines `change` makes of it; an empty text stays empty."""
    def mutate(draw: st.DrawFn, text: str, at: int) -> str:
        if not text:
            return text
        lines = text.split("\n")
        i = draw(st.integers(0, len(lines) - 1))
        lines[i:i + 1] = change(draw, lines[i])
        return "\n".join(lines)

    return mutate


# The text-level mutations, by name; mutate_text draws a name and a position for each.
TEXT_MUTATIONS: dict[str, FileMutation] = {
    "insert": _of_text(lambda draw, text, at: text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]),
    "delete": _of_text(lambda draw, text, at: text[:at] + text[at + draw(st.integers(1, 8)):]),
    "truncate": _of_text(lambda draw, text, at: text[:at]),
    "line": _of_text(_of_a_line(lambda draw, line: [line, line])),
    "indent": _of_text(_of_a_line(lambda draw, line: [draw(st.sampled_from([" ", "\t", "   "])) + line])),
    "tag": _of_text(lambda draw, text, at: text[:at] + " " + draw(st.sampled_from(TAGS)) + " " + text[at:]),
    "laughs": _of_text(lambda draw, text, at: draw(st.sampled_from([LAUGHS, LAUGHS + text, "- &r [*r]\n",
                                                                    "a: &x 1\nb: *x\n"]))),
    "bom": lambda draw, file, at: file._replace(prefix=b"\xef\xbb\xbf"),
    "crlf": _of_text(lambda draw, text, at: text.replace("\n", "\r\n")),
    "cr": _of_text(lambda draw, text, at: text.replace("\n", "\r")),
    "gb18030": lambda draw, file, at: file._replace(encoding="gb18030"),
    "empty": _of_text(lambda draw, text, at: ""),
    "blank": _of_text(lambda draw, text, at: draw(st.sampled_from(["\n", "   \n", "# only a comment\n", "---\n", "~\n",
                                                                   "[]\n", "{}\n"]))),
    "two-documents": _of_text(lambda draw, text, at: text + "---\n" + text),
    "deep-block": _of_text(lambda draw, text, at: "- " * draw(st.sampled_from([100, 5000, 200_000])) + "x\n"),
}


@st.composite
def mutate_text(draw: st.DrawFn, text: str) -> bytes:
    """Apply 0-2 text-level mutations; the result is the file's bytes."""
    file = _File(text)
    for _ in range(draw(st.integers(0, 2))):
        mutation = TEXT_MUTATIONS[draw(st.sampled_from(list(TEXT_MUTATIONS)))]
        at = draw(st.integers(0, len(file.text)))
        file = mutation(draw, file, at)
    data = file.prefix + file.text.encode(file.encoding)
    if draw(st.integers(0, 9)) == 0:  # invalid UTF-8 somewhere, possibly inside a character
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from(INVALID_BYTES)) + data[at:]
    return data


class Case:
    """A data directory to write: file contents (None: a directory in its place) and extra links.

    Not a dataclass: Hypothesis prints dataclasses field by field, and bytes escaped are unreadable.
    """

    def __init__(self, files: dict[str, bytes | None], document_link: bool, max_file_mb: str | None) -> None:
        self.files = files
        self.document_link = document_link  # documents/link.txt points outside the data directory
        self.max_file_mb = max_file_mb  # ZONECMP_MAX_FILE_MB for this case, None to leave the default

    def __repr__(self) -> str:  # readable in a failure report: text, not escaped bytes, and short
        def shown(data: bytes | None) -> str:
            if data is None:
                return "<a directory>"
            text = data.decode("utf-8", "backslashreplace")
            return text if len(text) < 3000 else f"{text[:1500]}...<{len(data)} bytes>...{text[-500:]}"

        files = "".join(f"\n--- {name} ---\n{shown(data)}" for name, data in self.files.items())
        return f"Case(document_link={self.document_link}, max_file_mb={self.max_file_mb!r}){files}"

    def write(self, root: Path) -> None:
        root.mkdir(parents=True)
        (root.parent / "outside.txt").write_text(OUTSIDE_MARK + "".join(f["quote"] for f in FACTS), encoding="utf-8")
        if self.document_link and "documents" not in self.files:
            (root / "documents").mkdir(exist_ok=True)
            (root / "documents" / "link.txt").symlink_to(root.parent / "outside.txt")
        for name, data in self.files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if data is None:
                path.mkdir(exist_ok=True)
            else:
                path.write_bytes(data)


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """The evidence document: mostly as it should be, else in another encoding, damaged or not text."""
    text = DOCUMENT.replace("\n", "\r\n") if draw(st.booleans()) else DOCUMENT
    return draw(st.sampled_from([
        text.encode("utf-8"), text.encode("utf-8"), text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8"),
        text.encode("gb18030"), text.encode("utf-8")[:-5] + b"\xff" + text.encode("utf-8")[-5:], b"",
    ]) | st.binary(max_size=64))


@cache
def _valid_trees() -> dict[str, tuple[Any, bytes]]:
    """The valid files, as data to mutate and as text: dumping them once saves most of a case's time."""
    second = copy.deepcopy(SOURCE)
    second["source"]["id"] = "fuzz-b"
    for record in (*second["facts"], *second["not_stated"]):
        record["id"] = record["id"].replace("fuzz-a", "fuzz-b")
    trees = {"zones.yaml": ZONES, "metrics.yaml": METRICS, "sources/fuzz-a.yaml": SOURCE, "sources/fuzz-b.yaml": second}
    return {name: (tree, dump(tree, flow=False).encode("utf-8")) for name, tree in trees.items()}


@st.composite
def data_dirs(draw: st.DrawFn) -> Case:
    """A data directory broken in 0 or more ways (about a fifth of the cases still load)."""
    valid = _valid_trees()
    names = sorted(valid) if draw(st.booleans()) else sorted(n for n in valid if n != "sources/fuzz-b.yaml")
    broken = draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
    files: dict[str, bytes | None] = {"documents/doc.txt": draw(documents())}
    for name in names:
        if name in broken:
            tree = draw(mutate_tree(copy.deepcopy(valid[name][0])))
            files[name] = draw(mutate_text(dump(tree, flow=draw(st.booleans()))))
        else:
            files[name] = valid[name][1]
    place = draw(st.sampled_from([None] * 6 + [*sorted(files), "sources/x.yaml", "sources", "documents"]))
    if place in ("sources", "documents"):  # a file where the folder should be
        files = {name: data for name, data in files.items() if not name.startswith(place + "/")}
        files[place] = b""
    elif place:
        files[place] = draw(st.sampled_from([None, b"", "delete"]))  # a directory in its place, empty, gone
        if files[place] == "delete":
            del files[place]
    return Case(files, draw(st.booleans()), draw(st.sampled_from([None, None, None, "0.05", "0", "abc"])))


# --- The commands, and what to give them ------------------------------------------------------------

# Arguments for commands that take them; a command with required arguments not listed here is skipped
# (and named in a warning), so a new command never breaks the fuzz run, nor silently escapes it.
ARGUMENTS: dict[str, list[list[str]]] = {
    "compare": [["weihai", "fuzz-zone"], ["测试高新区"]],
    "diff": [["weihai@2024", "weihai@2023"], ["fuzz-zone@2024", "fuzz-zone@2023"], ["weihai@2024", "fuzz-zone@2024"],
             ["fuzz-zone@2024-01..09", "fuzz-zone@2023-01..09"], ["fuzz-zone@2024-09-30", "fuzz-zone@2024"]],
    "show": [["weihai-2024-gdp-growth"], ["fuzz-a-revenue"], ["fuzz-a-rank"], ["fuzz-b-gdp"],
             ["fuzz-a-retail-not-stated"]],
    "rank": [["gdp_growth"], ["fuzz_revenue"]],
    "chart": [["gdp_growth"], ["fuzz_revenue"]],
    "quantity": [["6%"], ["477亿元", "超过90%", "=1+2"]],
    "extract": [["{root}/documents/doc.txt", "--published", "2024-01-01"], ["{root}/documents/doc.txt"],
                ["{root}/documents/doc.txt", "--zone", "fuzz-zone", "--published", "2024-01-01"]],
}
FORMAT_CHOICES: dict[str, list[str]] = {"check": ["text", "json"]}
DEFAULT_FORMATS = ["table", "csv", "tsv", "json", "jsonl", "markdown"]
FINDS = {"check", "quantity", "diff"}  # commands that may end with exit 1 (EXIT_FOUND) on good data


@dataclass(frozen=True)
class Command:
    name: str
    options: frozenset[str]
    required: bool  # has a required argument


@cache
def commands() -> tuple[list[Command], list[str]]:
    """The registered commands that can be fuzzed, and the names of those that cannot (no arguments known)."""
    import typer.main

    from zonecmp.cli import app

    usable, skipped = [], []
    for name, command in typer.main.get_command(app).commands.items():
        options = frozenset(o for p in command.params if p.param_type_name == "option" for o in p.opts)
        required = any(p.param_type_name == "argument" and p.required for p in command.params)
        (skipped if required and name not in ARGUMENTS else usable).append(Command(name, options, required))
    return usable, [c.name for c in skipped]


@st.composite
def command_lines(draw: st.DrawFn, command: Command, root: Path) -> list[str]:
    """A command line for `command` on the data directory `root`, with options drawn from what it takes."""
    args = [command.name, *(a.format(root=root) for a in draw(st.sampled_from(ARGUMENTS.get(command.name, [[]]))))]
    if "--data" in command.options:
        args += ["--data", str(root)]
    if "--no-cache" in command.options and draw(st.integers(0, 4)):
        args.append("--no-cache")
    if "--format" in command.options:
        args += ["--format", draw(st.sampled_from(FORMAT_CHOICES.get(command.name, DEFAULT_FORMATS)))]
    for flag in ("--raw", "--bom", "--strict", "--exit-code"):
        if flag in command.options and draw(st.booleans()):
            args.append(flag)
    if "--lang" in command.options:
        args += ["--lang", draw(st.sampled_from(["zh", "en"]))]
    if "--output" in command.options and draw(st.integers(0, 5)) == 0:
        args += ["--output", str(root / draw(st.sampled_from(["out.csv", "missing/out.csv", "sources"])))]
    return args


# --- Running and checking ---------------------------------------------------------------------------

@dataclass
class Result:
    code: int
    out: str
    err: str


@contextlib.contextmanager
def environment(**values: str | None):
    """Set (or with None, remove) environment variables for the duration of a block."""
    def apply(settings: dict[str, str | None]) -> None:
        for key, value in settings.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    saved = {key: os.environ.get(key) for key in values}
    apply(values)
    try:
        yield
    finally:
        apply(saved)


def run_in_process(args: list[str]) -> Result:
    """`zonecmp ARGS` through the real entry point; any exception but SystemExit propagates (a bug)."""
    from zonecmp.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["zonecmp", *args]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as done:
        code = done.code
    else:
        raise AssertionError("main() returned instead of exiting")
    finally:
        sys.argv = saved
    return Result(code if isinstance(code, int) else 0, out.getvalue(), err.getvalue())


_BREAKS = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")
# What must never reach a terminal from a data file (issue #17): C0, DEL, C1, the bidi controls, the
# line and paragraph separators. Written out here, not taken from zonecmp, so the test can catch it.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def line_count(path: Path) -> int:
    """How many lines a file has for YAML (any of its line breaks; a final break ends the last line),
    or counted in bytes when it is not UTF-8."""
    data = path.read_bytes()
    try:
        return len(_BREAKS.split(data.decode("utf-8-sig").rstrip("\r\n\x85\u2028\u2029")))
    except UnicodeDecodeError:
        return data.count(b"\n") + 1


def check_location(line: str, root: Path) -> None:
    """A problem line names a file (or the directory) under `root`, and a line inside that file.

    The bundled dataset is loaded too, so its files may be named (all of them are over a limit of 0 MB).
    """
    from zonecmp.dataset.loader import bundled_data_dir

    roots = "|".join(re.escape(str(r)) for r in (root, bundled_data_dir()))
    match = re.match(rf"^((?:{roots})(?:/[^:\n]*)?)(?::(\d+))?: .", line)  # a key may start with a space
    assert match, f"does not start with a file in the data directory: {line[:300]!r}"
    if match[2]:
        path = Path(match[1])
        assert path.is_file() and 1 <= int(match[2]) <= line_count(path), f"line out of range: {line[:300]!r}"


def check_problems(error: Exception, root: Path) -> None:
    """A DataError lists at least one problem, each one line, each at a place in the data directory."""
    from zonecmp.errors import DataError

    assert isinstance(error, DataError), type(error)
    assert error.problems
    for problem in error.problems:
        text = str(problem)
        assert not UNSAFE.search(text), f"a problem holds a control character: {text[:300]!r}"
        check_location(text, root)


USAGE_LINES = ("Error: ", "Usage: ", "Try '")  # a ZonecmpError, or click's report of a bad option value


def _for_people(args: list[str]) -> bool:
    """Whether stdout is text for people (a table, markdown, check's report), not a machine format."""
    fmt = args[args.index("--format") + 1] if "--format" in args else None
    return fmt in ("table", "markdown") or (args[0] == "check" and fmt != "json")


def check_cli(result: Result, root: Path, command: str, args: list[str]) -> None:
    """The promises of one command run on a fuzzed data directory."""
    found = UNSAFE.search(result.err.replace("\n", ""))
    assert not found, f"a control character {found.group()!r} on stderr: {result.err[:300]!r}"
    if _for_people(args):
        found = UNSAFE.search(result.out.replace("\n", ""))
        assert not found, f"a control character {found.group()!r} in text for people: {result.out[:300]!r}"
    allowed = {0, 2} | ({1} if command in FINDS else set())
    assert result.code in allowed, (result.code, result.err[-2000:])
    assert "Traceback" not in result.err and "Traceback" not in result.out
    assert OUTSIDE_MARK not in result.out and OUTSIDE_MARK not in result.err, "read a file outside the data dir"
    if result.code == 2:
        lines = [line for line in result.err.splitlines() if line.strip()]
        assert lines, "exit 2 without a message"
        for line in lines:
            if not line.startswith(USAGE_LINES):
                check_location(line, root)


# The parser zonecmp reads YAML with: LibYAML where PyYAML has it. The two disagree at the edges (LibYAML
# takes `source\t:` as a key; the pure-Python scanner refuses the tab), so the oracle must use the same.
ORACLE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def count_facts(path: Path) -> int:
    """How many facts a source file lists, read with plain PyYAML's safe loader (for files zonecmp accepted)."""
    data = yaml.load(path.read_bytes().decode("utf-8-sig"), Loader=ORACLE_LOADER)  # noqa: S506 (a safe loader)
    return len(data.get("facts") or [])
