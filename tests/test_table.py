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


@pytest.mark.parametrize("grouped_from, by_product", [(10_000, 1 << 22), (0, 1 << 22), (0, 0)])
def test_columns_grouped_into_one_cell_are_written_as_the_csv_module_writes_them(monkeypatch, grouped_from,
                                                                                 by_product):
    """A long table's adjacent columns are joined into pre-built cells (combined by their codes'
    product, or where one follows from the other, until they are too many): in every way, the bytes
    are csv.writer's of each cell alone, neutralised unless raw, numbers never."""
    import csv
    import io

    import zonecmp.delimited as delimited

    monkeypatch.setattr(delimited, "_GROUPED_FROM_ROWS", grouped_from)
    monkeypatch.setattr(delimited, "_PAIRS_BY_PRODUCT", by_product)
    monkeypatch.setattr(delimited, "ROWS_PER_PIECE", 700)
    rng = np.random.default_rng(15)
    rows = 3000
    zone = rng.integers(0, 50, rows)
    notes = ["", "a,b", 'say "hi"', "=SUM(1)", "-5%", "@x", "line\nbreak", "量稳质升", None]
    frame = pd.DataFrame({
        "id": [f"f{i}" for i in range(rows)],
        "zone": [f"z{z}" for z in zone],
        "zone_name": [f"Zone {z}, 高新区" for z in zone],
        "year": rng.integers(2019, 2025, rows),
        "value": np.where(rng.random(rows) < 0.2, np.nan, rng.integers(0, 400, rows) / 4),
        "estimate": rng.random(rows) < 0.5,
        "note": [notes[i] for i in rng.integers(0, len(notes), rows)],
        "line": rng.permutation(rows),
        "tag": [f"t{i}" for i in rng.integers(0, 1500, rows)],
    })
    for raw in (False, True):
        expected = io.StringIO()
        writer = csv.writer(expected, lineterminator="\r\n")
        writer.writerow(frame.columns)
        for record in frame.itertuples(index=False):
            writer.writerow([delimited.number_text(value) if not isinstance(value, str)
                             else value if raw else delimited.neutralise(value) for value in record])
        written = b"".join(delimited.written(Table.of_frame(frame), ",", raw))
        assert written == expected.getvalue().replace("\r\n", "\n").encode("utf-8")


@pytest.mark.parametrize("by_hand", [False, True])
def test_texts_that_differ_after_a_nul_stay_apart(monkeypatch, by_hand):
    """pandas 2.1 factorizes a column of only texts comparing them up to a NUL ("" and "\0" as one);
    where it does, such a column is coded by hand, missing cells included. `by_hand` takes that path
    on any pandas: the cells must be the same either way."""
    import zonecmp.table

    if by_hand:
        monkeypatch.setattr(zonecmp.table, "_factorize_stops_at_nul", lambda: True)
    texts = ["", "\0", "a\0b", "a\0c", "\0"]
    frame = pd.DataFrame({"only_text": texts, "with_missing": [None, *texts[1:]]}, dtype=object)
    table = Table.of_frame(frame)
    assert [column.values().tolist() for column in table.columns] == [texts, [None, *texts[1:]]]
    assert render(frame, OutputOptions("csv", raw=True)) == (
        "only_text,with_missing\n,\n\0,\0\na\0b,a\0b\na\0c,a\0c\n\0,\0\n")
