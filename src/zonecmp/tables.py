"""Terminal tables that never break a word, an id, or a number from its unit.

A cell wraps only at spaces and between two double-width (CJK) characters. A number keeps its unit
(`405.97 亿元`, `≥10 个`, `+0.5 pp`), a full-width comma or full stop stays with the character before
it, and a separator (`·`, `|`) with the word before it. So each column is at least as wide as its
longest unbreakable piece, header included: ids, periods (`2021-2025`) and paths get their full width
first. When the columns at those widths do not fit the terminal, the table is written vertically
instead, one record per block of `label  value` lines, rather than split. Widths are display cells
(rich's cell_len): a Chinese character takes two.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from rich.cells import cell_len

from .dataset.units import UNITS

# A column of running text (wider than RUNNING_TEXT cells unwrapped: quotes, titles) is never squeezed
# below TEXT_FLOOR cells: eight Chinese characters a line still read as a sentence, four do not (issue #14
# saw quotes at 9 cells). 16 keeps `sources` a table at 100 columns.
TEXT_FLOOR = 16
RUNNING_TEXT = 40
# In the vertical layout a value starts beside its label unless that leaves it less room than this.
VALUE_FLOOR = 20

_CLOSING = "，。、；：！？）】」』〉》％"  # full-width punctuation that may not start a line
_OPENING = "（【「『〈《"  # ... and that may not end one
_SEPARATORS = ("·", "|")  # a word of its own that joins the words around it: kept with the one before
_UNIT_WORDS = sorted({word for unit in UNITS.values() for word in (unit.written, unit.base) if word} | {"pp"},
                     key=len, reverse=True)
_UNIT = "(?:" + "|".join(map(re.escape, _UNIT_WORDS)) + ")"
_NUMBER_THEN_UNIT = re.compile(r"[0-9][0-9.,]*%? ?" + _UNIT)
_ENDS_IN_NUMBER = re.compile(r"[0-9]%?\Z")
_STARTS_WITH_UNIT = re.compile(_UNIT + r"(?![A-Za-z])")

Piece = tuple[str, str]  # the spaces before a piece (dropped where a line breaks), and the piece


def _wide(character: str) -> bool:
    return character >= "\u1100" and cell_len(character) == 2  # nothing below U+1100 is double-width


def _words(text: str) -> list[tuple[str, str]]:
    """(spaces before, word) for the words between spaces, a number joined to the unit after it
    (`405.97 亿元`) and a separator to the word before it (`2024-H1 ·`)."""
    words: list[tuple[str, str]] = []
    for match in re.finditer(r"( *)([^ ]+)", text):
        gap, word = match.groups()
        if words and (word in _SEPARATORS or (_ENDS_IN_NUMBER.search(words[-1][1]) and _STARTS_WITH_UNIT.match(word))):
            words[-1] = (words[-1][0], words[-1][1] + gap + word)
        else:
            words.append((gap if words else "", word))
    return words


def _split_wide(word: str) -> list[str]:
    """A word cut between each two double-width characters, but not inside a number's unit (420亿元),
    before closing punctuation or after opening punctuation."""
    if word.isascii():
        return [word]
    kept = {i for m in _NUMBER_THEN_UNIT.finditer(word) for i in range(m.start() + 1, m.end())}
    parts, start = [], 0
    for i in range(1, len(word)):
        before, after = word[i - 1], word[i]
        if (_wide(before) and _wide(after) and i not in kept and after not in _CLOSING
                and before not in _OPENING):
            parts.append(word[start:i])
            start = i
    parts.append(word[start:])
    return parts


@functools.lru_cache(maxsize=1 << 16)
def pieces(text: str) -> tuple[Piece, ...]:
    """The unbreakable pieces of a cell's text, each with the spaces before it; cached, as cells repeat."""
    found: list[Piece] = []
    for gap, word in _words(text):
        first, *rest = _split_wide(word)
        found.append((gap, first))
        found += [("", part) for part in rest]
    return tuple(found)


def wrap(text: str, width: int) -> list[str]:
    """The text in lines of at most `width` cells, broken only between pieces; a piece wider than
    `width` has a line of its own (the caller decides whether that may happen)."""
    lines: list[str] = []
    line, used = "", 0
    for gap, piece in pieces(text):
        size = cell_len(piece)
        if line and used + len(gap) + size <= width:
            line, used = line + gap + piece, used + len(gap) + size
        else:
            if line:
                lines.append(line)
            line, used = piece, size
    return [*lines, line]


def narrowest(text: str) -> int:
    """The width of the text's widest unbreakable piece: it cannot wrap narrower."""
    return max((cell_len(piece) for _, piece in pieces(text)), default=0)


def fit_widths(minimum: Sequence[int], natural: Sequence[int], available: int) -> list[int] | None:
    """Column widths summing to at most `available` cells, or None when even the minimum widths do not fit.

    Every column gets its natural (unwrapped) width if all fit; otherwise the widest give way first:
    the widths are capped at one level, the highest that fits, so a short column stays on one line and
    the long ones (names, quotes) share the rest evenly, none below its minimum.
    """
    if sum(minimum) > available:
        return None
    natural = [max(n, m) for n, m in zip(natural, minimum)]
    if sum(natural) <= available:
        return natural

    def capped(cap: int) -> list[int]:
        return [max(m, min(n, cap)) for m, n in zip(minimum, natural)]

    low, high = 0, max(natural)  # capped(low) fits, capped(high) does not
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if sum(capped(middle)) <= available else (low, middle)
    widths = capped(low)
    spare = available - sum(widths)
    for i in sorted(range(len(widths)), key=lambda i: -natural[i]):  # what is left: a cell each, widest first
        if spare and widths[i] == low < natural[i]:
            widths[i] += 1
            spare -= 1
    return widths


def _styled(text: str, code: str, styled: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if styled and text else text


def _pad(text: str, width: int, right: bool) -> str:
    room = " " * (width - cell_len(text))
    return room + text if right else text + room


def _grid(header: Sequence[str], rows: Sequence[Sequence[str]], widths: list[int], right: Sequence[bool],
          styled: bool) -> list[str]:
    """The table drawn as rich draws its HEAVY_HEAD box: header cells aligned to the bottom and bold,
    body cells to the top, numbers to the right."""
    def row_lines(cells: Sequence[str], bottom: bool) -> list[list[str]]:
        wrapped = [wrap(cell, width) for cell, width in zip(cells, widths)]
        height = max(map(len, wrapped))
        filled = [[""] * (height - len(w)) + w if bottom else w + [""] * (height - len(w)) for w in wrapped]
        return [[_pad(lines[k], width, r) for lines, width, r in zip(filled, widths, right)] for k in range(height)]

    def rule(left: str, line: str, middle: str, end: str) -> str:
        return left + middle.join(line * (width + 2) for width in widths) + end

    lines = [rule("┏", "━", "┳", "┓")]
    lines += ["┃" + "┃".join(_styled(f" {cell} ", "1", styled) for cell in cells) + "┃"
              for cells in row_lines(header, bottom=True)]
    lines.append(rule("┡", "━", "╇", "┩"))
    for row in rows:
        lines += ["│ " + " │ ".join(cells) + " │" for cells in row_lines(row, bottom=False)]
    lines.append(rule("└", "─", "┴", "┘"))
    return lines


def _records(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[list[tuple[str, str]]]:
    """Each row as (label, value) pairs without its empty cells; a frame of field/value rows (`show`)
    is one record already, its fields the labels."""
    if list(header) == ["field", "value"]:
        return [[(field, value) for field, value in rows if value]]
    return [[(label, value) for label, value in zip(header, row) if value] for row in rows]


def _vertical(header: Sequence[str], rows: Sequence[Sequence[str]], width: int, styled: bool) -> list[str]:
    """One record per block, `label  value`, the value wrapped beside its label, a blank line between
    blocks; a value with a piece too wide to sit there starts on the line below, indented two cells.
    A piece wider than the whole terminal is the one thing that runs past its edge, whole, rather than split."""
    records = _records(header, rows)
    indent = max((cell_len(label) for record in records for label, _ in record), default=0) + 2
    lines: list[str] = []
    for record in records:
        if lines:
            lines.append("")
        for label, value in record:
            room = width - indent
            if room >= max(VALUE_FLOOR, narrowest(value)) or room >= cell_len(value):
                first, *rest = wrap(value, room)
                lines.append(_styled(label, "1", styled) + " " * (indent - cell_len(label)) + first)
                lines += [" " * indent + line for line in rest]
            else:
                lines.append(_styled(label, "1", styled))
                lines += ["  " + line for line in wrap(value, width - 2)]
    return lines


def table(header: Sequence[str], rows: Sequence[Sequence[str]], width: int, *, title: str | None = None,
          right: Sequence[bool] = (), styled: bool = False) -> str:
    """A table of texts for a terminal `width` cells wide, or its vertical form when it cannot fit.

    `right` marks the columns to align right (numbers); `styled` writes the title in italics and the
    header in bold, with terminal escapes.
    """
    if not header:
        return "\n"
    right = list(right) or [False] * len(header)
    columns = list(zip(header, *rows))
    minimum = [max(map(narrowest, texts)) for texts in columns]
    natural = [max(cell_len(text) for text in texts) for texts in columns]
    minimum = [max(m, TEXT_FLOOR) if n > RUNNING_TEXT else m for m, n in zip(minimum, natural)]
    widths = fit_widths(minimum, natural, width - 3 * len(header) - 1)  # each column: 2 cells padding, 1 border
    lines = [_styled(line, "3", styled) for line in wrap(title, width)] if title else []
    if widths is None:
        lines += [""] * bool(lines) + _vertical(header, rows, width, styled)
    else:
        lines += _grid(header, rows, widths, right, styled)
    return "\n".join(lines) + "\n"
