"""What may reach a terminal: text from data files, shown with its control characters escaped.

Data directories are passed around, and YAML's double-quoted escapes (`"\\e]0;title\\a"`, `"\\x9b"`)
put any character into a value after the loader's byte-level checks. Echoed raw into an error message
or a table cell, such a character moves the cursor, retitles the window, changes colours, ends the
line early or (a bidirectional override) shows the text in another order than it is. So every text
meant for people — stderr, terminal tables, markdown, check's text report — passes through
`visible`, which writes C0 controls, DEL, C1 controls and the bidirectional and line-separator
controls as escapes (`\\x1b`, `\\n`, `\\u202e`). Machine formats (CSV, TSV, JSON) keep the text exact.
Imports nothing: error paths use it before pandas is loaded.
"""

from __future__ import annotations

import re

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# C0 and DEL, C1, and the Unicode controls that reorder text or break lines: ALM, LRM and RLM,
# the line and paragraph separators, the embeddings and overrides (U+202A-202E) and the isolates
# (U+2066-2069).
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(character: str) -> str:
    code = ord(character)
    return _NAMED.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


_ESCAPES = {code: _escape(chr(code)) for code in
            [*range(0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, 0x2028, 0x2029,
             *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def visible(text: str) -> str:
    """`text` with every unsafe control character written as an escape; unchanged when it has none."""
    return text.translate(_ESCAPES) if UNSAFE.search(text) else text


def unsafe_character(text: str) -> str | None:
    """The first unsafe control character of `text`, escaped (for an error message), or None."""
    found = UNSAFE.search(text)
    return _escape(found.group()) if found else None
