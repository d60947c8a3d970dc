"""The pandas-free result table (table.py): typed as pandas types the same rows, and written to the
same bytes in every machine format as the frame of those rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zonecmp.render import OutputOptions, render
from zonecmp.table import Table, Text

ROWS = {
    "texts": [{"a": "x"}, {"a": "=1+1"}, {"a": "x"}],
    "texts with a missing one": [{"a": "x"}, {"a": None}, {"a": "y, z"}],
    "whole numbers": [{"a": 1}, {"a": -5}, {"a": 2}],
    "numbers with a missing one": [{"a": 1}, {"a": None}, {"a": 2.5}],
    "floats": [{"a": 6.0}, {"a": 1e16}, {"a": -1e-05}],
    "booleans": [{"a": True}, {"a": False}, {"a": True}],
    "nothing": [{"a": None}, {"a": None}, {"a": None}],
    "mixed": [{"a": "x"}, {"a": 1}, {"a": None}],
}


@pytest.mark.parametrize("name", list(ROWS))
def test_rows_are_typed_and_written_as_a_frame_of_them(name):
    rows = [{**row, "b": f"row {i}"} for i, row in enumerate(ROWS[name])]
    table, frame = Table.of_rows(rows, ["a", "b"]), pd.DataFrame(rows, columns=["a", "b"])
    pd.testing.assert_frame_equal(table.frame(), frame, check_exact=True)
    for fmt in ("csv", "tsv", "json", "jsonl"):
        for raw in (False, True):
            options = OutputOptions(fmt, raw=raw)
            assert render(table, options) == render(frame, options), (fmt, raw)
    assert len(table) == 3 and not table.empty


def test_text_keeps_each_distinct_text_once_and_missing_as_none():
    text = Text.of(["b", "a", None, "b"])
    assert text.texts == ["b", "a"] and text.codes.tolist() == [0, 1, -1, 0]
    assert text.values().tolist() == ["b", "a", None, "b"]
    assert text.take(np.array([3, 2])).values().tolist() == ["b", None]


def test_a_table_of_no_rows_or_no_columns_is_empty_and_still_has_its_header():
    table = Table.of_rows([], ["id", "value"])
    assert table.empty and len(table) == 0
    assert render(table, OutputOptions("csv")) == "id,value\n"
    assert render(table, OutputOptions("json")) == "[]\n"
    assert Table([], [], 2).empty and render(Table([], [], 2), OutputOptions("csv")) == "\n\n\n"


def test_repeated_column_names_are_kept_in_order():
    frame = pd.DataFrame([[1, "x"]], columns=["a", "a"])
    table = Table.of_frame(frame)
    assert table.names == ["a", "a"] and table["a"].tolist() == [1]
    assert render(table, OutputOptions("csv")) == render(frame, OutputOptions("csv")) == "a,a\n1,x\n"


def test_text_with_more_distinct_values_than_a_piece_is_written_a_span_at_a_time(monkeypatch):
    """Ids and quotes are formatted a span of codes at a time; in order, scattered or with a missing
    cell, the bytes are those of the frame."""
    import zonecmp.delimited

    monkeypatch.setattr(zonecmp.delimited, "ROWS_PER_PIECE", 4)
    texts = ["a", "=b", 'c"d', "e,f", "g", "h", "-5", "i", "j", "k"]
    for order in (list(range(10)), [9, 0, 8, 1, 7, 2, 6, 3, 5, 4], [0, 1, 2, -1, 3, 4, 5, 6, 7, 8]):
        codes = np.array(order, dtype=np.int64)
        table = Table(["id"], [Text(codes, texts)])
        frame = pd.DataFrame({"id": [texts[c] if c >= 0 else None for c in order]})
        for raw in (False, True):
            assert render(table, OutputOptions("csv", raw=raw)) == render(frame, OutputOptions("csv", raw=raw))
