"""Terminal tables never break a word, an id, or a number from its unit (issue #14).

The layout functions are tested directly; the commands are run on a pseudo-terminal at 60, 80, 100 and
200 columns, and every unbreakable token of the data they show (read from the same command's markdown)
must appear whole on the screen, no line may run past the edge, and the quotes keep room.
"""

from __future__ import annotations

import re
import sys
from collections import Counter

import pytest
from rich.cells import cell_len

from test_output import _records_as
from test_terminal import on_a_terminal
from zonecmp.dataset.units import UNITS
from zonecmp.tables import TEXT_FLOOR, fit_widths, pieces, table, wrap

# --- the pieces a cell wraps between -------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("405.97 亿元", ["405.97 亿元"]),
    ("≥10 个", ["≥10 个"]),
    ("6%", ["6%"]),
    ("+0.5 pp", ["+0.5 pp"]),
    ("Fixed-asset investment growth", ["Fixed-asset", "investment", "growth"]),
    ("2024-H1 · floor", ["2024-H1 ·", "floor"]),
    ("6% | 7% [conflict]", ["6% |", "7%", "[conflict]"]),
    ("实现营业收入420亿元", ["实", "现", "营", "业", "收", "入420亿元"]),
    ("增长6%，规模", ["增", "长6%，", "规", "模"]),
    ("（力争）", ["（力", "争）"]),
    ("新增10家以上", ["新", "增10家", "以", "上"]),
    ("", []),
])
def test_a_cell_breaks_only_at_spaces_and_between_cjk_characters(text, expected):
    assert [piece for _, piece in pieces(text)] == expected


def test_wrapping_keeps_every_piece_and_fills_lines_up_to_the_width():
    text = "Rank by number of provincial science-and-technology leading enterprises"
    lines = wrap(text, 24)
    assert lines == ["Rank by number of", "provincial", "science-and-technology", "leading enterprises"]
    assert " ".join(lines) == text
    assert wrap("全年新增高新技术企业10家以上", 8) == ["全年新增", "高新技术", "企业10家", "以上"]


def test_a_piece_wider_than_the_width_gets_a_line_of_its_own_whole():
    assert wrap("see tangshan-2023-key-projects-total-investment now", 20) == [
        "see", "tangshan-2023-key-projects-total-investment", "now"]


# --- column widths -------------------------------------------------------------------------------


def test_widths_are_natural_when_everything_fits():
    assert fit_widths([5, 3], [10, 4], 20) == [10, 4]


def test_no_widths_when_the_minimum_widths_do_not_fit():
    assert fit_widths([30, 30], [40, 40], 59) is None


def test_the_widest_columns_give_way_first_and_never_below_their_minimum():
    widths = fit_widths([22, 9, 6, 8], [71, 40, 6, 8], 60)
    assert sum(widths) == 60
    assert widths[2:] == [6, 8]  # short columns keep their natural width
    assert widths[0] >= 22 and widths[1] >= 9
    assert abs(widths[0] - widths[1]) <= 1  # the long ones share what is left evenly


def test_widths_fill_the_room_exactly_when_they_must_give_way():
    for available in range(27, 80):
        widths = fit_widths([10, 10, 7], [50, 30, 7], available)
        assert sum(widths) == available and widths[2] == 7 and min(widths[:2]) >= 10


# --- the whole table -----------------------------------------------------------------------------


def test_a_table_that_fits_is_drawn_in_a_box_at_most_as_wide_as_the_terminal():
    text = table(["metric", "weihai"], [["Fixed-asset investment growth", "8%"], ["Retail sales growth", "5.5%"]],
                 30, title="Targets, 2024")
    assert text == (
        "Targets, 2024\n"
        "┏━━━━━━━━━━━━━━━━━━━┳━━━━━━━━┓\n"
        "┃ metric            ┃ weihai ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━╇━━━━━━━━┩\n"
        "│ Fixed-asset       │ 8%     │\n"
        "│ investment growth │        │\n"
        "│ Retail sales      │ 5.5%   │\n"
        "│ growth            │        │\n"
        "└───────────────────┴────────┘\n")


def test_a_table_too_wide_for_the_terminal_is_written_one_record_per_block():
    header = ["id", "period", "quote"]
    rows = [["weihai-2024-key-projects-planned-investment", "2024", "重点项目年度计划投资80亿元"],
            ["weihai-2024-gdp-growth", "2024-H1", ""]]
    assert table(header, rows, 48, title="Facts") == (
        "Facts\n"
        "\n"
        "id\n"
        "  weihai-2024-key-projects-planned-investment\n"  # an id wider than its room: whole, below its label
        "period  2024\n"
        "quote   重点项目年度计划投资80亿元\n"
        "\n"
        "id      weihai-2024-gdp-growth\n"
        "period  2024-H1\n")  # an empty cell is left out


def test_a_field_value_frame_is_one_record_when_it_is_too_wide():
    rows = [["id", "x"], ["defined at", "sources/yueyang-anon-2023-05-development-speech.yaml:56"]]
    assert table(["field", "value"], rows, 40).splitlines() == [
        "id          x", "defined at", "  sources/yueyang-anon-2023-05-development-speech.yaml:56"]


def test_styles_are_terminal_escapes_only_when_asked_for():
    styled = table(["n"], [["1"]], 20, title="T", right=[True], styled=True)
    assert styled.startswith("\x1b[3mT\x1b[0m\n") and "┃\x1b[1m n \x1b[0m┃" in styled
    assert "\x1b" not in table(["n"], [["1"]], 20, title="T")


# --- on a real terminal --------------------------------------------------------------------------

UNIT_WORDS = sorted({u.written for u in UNITS.values() if u.written} | {"pp"}, key=len, reverse=True)
# What must never be split in a cell's text: each number with the unit after it (`405.97 亿元`, `≥10 个`,
# `420亿元`, `6%`), and each word of narrow characters (an id, a period, `Fixed-asset`).
TOKEN = re.compile(r"[≥≤<>~]?[0-9][0-9.]*%? ?(?:" + "|".join(map(re.escape, UNIT_WORDS)) + ")"
                   r"|[^\s\u1100-\uffff]{2,}")
BOX = re.compile("[┏┓┗┛┃━┳┻╋┡┩╇│─┬┴┼└┘]")


def screen(*args: str, columns: int) -> str:
    code, received = on_a_terminal(*args, columns=columns)
    text = re.sub(r"\x1b\[[0-9;]*m", "", received.decode("utf-8")).replace("\r\n", "\n")
    assert code == 0, text
    return text


def shown_rows(run, args: tuple[str, ...]) -> list[list[str]]:
    """The rows of the table the command shows people, header first (its markdown: the same frame)."""
    return _records_as("markdown", run(*args, "-f", "markdown").out)


def check_screen(run, args: tuple[str, ...], columns: int) -> str:
    text = screen(*args, columns=columns)
    lines = text.splitlines()
    too_wide = [line for line in lines if cell_len(line) > columns]
    assert not too_wide, too_wide
    rows = shown_rows(run, args)
    if rows[0] == ["field", "value"] and "┏" not in text:  # show, vertical: one record, no header
        rows = rows[1:]
    flat = BOX.sub(" ", text)
    wanted = Counter(token for row in rows for cell in row for token in TOKEN.findall(cell))
    split = {token: count for token, count in wanted.items() if flat.count(token) < count}
    assert not split, f"split across lines: {split}"
    return text


def column_width(text: str, name: str) -> int | None:
    """The width of the named column of the boxed table on screen, or None when it is written vertically."""
    lines = text.splitlines()
    top = next((i for i, line in enumerate(lines) if line.startswith("┏")), None)
    if top is None:
        return None
    bounds = [i for i, char in enumerate(lines[top]) if char in "┏┳┓"]
    for header in lines[top + 1:]:
        if header.startswith("┡"):
            break
        for start, end in zip(bounds, bounds[1:]):
            if header[start + 1:end].strip() == name:
                return end - start - 3
    raise AssertionError(f"no column {name!r} in {lines[top + 1]!r}")


COMMANDS = {
    "compare": ("compare", "weihai", "tangshan"),
    "targets": ("targets", "--year", "2024"),
    "targets-zh": ("targets", "--year", "2024", "--lang", "zh"),
    "facts": ("facts",),
    "sources": ("sources",),
    "show": ("show", "yueyang-anon-2023-new-high-tech-enterprises"),
}
TEXT_COLUMN = {"facts": "quote", "sources": "title", "show": "value"}
QUICK = {("compare", 100), ("facts", 80), ("show", 60), ("targets-zh", 60)}
CASES = [pytest.param(name, columns, marks=() if (name, columns) in QUICK else pytest.mark.slow, id=f"{name}-{columns}")
         for name in COMMANDS for columns in (60, 80, 100, 200)]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("name, columns", CASES)
def test_on_a_terminal_nothing_is_split_nothing_runs_past_the_edge_and_quotes_keep_room(run, name, columns):
    text = check_screen(run, COMMANDS[name], columns)
    if name in TEXT_COLUMN:
        width = column_width(text, TEXT_COLUMN[name])
        assert width is None or width >= TEXT_FLOOR, f"{TEXT_COLUMN[name]} squeezed to {width} cells"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("args, columns", [(("compare", "tangshan", "weihai", "huaian"), 100),
                                           (("compare", "tangshan", "weihai"), 80)])
def test_the_issue_s_cases_are_whole(run, args, columns):
    """issue #14 saw `enterpris es`, `Fixed-asse t`, `2021-202 5` at 100 columns, `metri c` and `tangsh an` at 80."""
    text = check_screen(run, args, columns)
    assert "Fixed-asset" in text and "2021-2025" in text and "enterprises" in text
    assert re.search(r"\bmetric\b", text) and re.search(r"\btangshan\b", text)


# --- zones in the order asked --------------------------------------------------------------------


def test_compare_puts_the_zones_in_the_order_asked(run):
    header = run("compare", "weihai", "tangshan", "-f", "csv").out.splitlines()[0].split(",")
    assert header[4:] == ["weihai@2024", "tangshan@2021", "tangshan@2023", "tangshan@2024", "tangshan@2025"]
    header = run("compare", "tangshan", "weihai", "-f", "csv").out.splitlines()[0].split(",")
    assert header[4] == "tangshan@2021" and header[-1] == "weihai@2024"


def test_targets_and_facts_follow_the_zone_options_in_order(run):
    assert run("targets", "-y", "2024", "-z", "weihai", "-z", "tangshan", "-f", "csv").out.splitlines()[0] == (
        "metric,metric_name,detail,weihai,tangshan")
    assert run("targets", "-y", "2024", "-z", "tangshan", "-z", "weihai", "-f", "csv").out.splitlines()[0] == (
        "metric,metric_name,detail,tangshan,weihai")
    zones = [line.split(",")[1] for line in run("facts", "-z", "weihai", "-z", "高区", "-z", "huaian", "-f", "csv")
             .out.splitlines()[1:]]
    assert zones == sorted(zones, key=["weihai", "huaian"].index) and set(zones) == {"weihai", "huaian"}


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_on_a_terminal_the_zone_asked_first_comes_first():
    text = screen("targets", "-y", "2024", "-z", "weihai", "-z", "tangshan", columns=100)
    header = next(line for line in text.splitlines() if "tangshan" in line)
    assert header.index("weihai") < header.index("tangshan")
