"""The compact facts (dataset/store.py): a store read back from its pickle answers as the loaded one."""

from __future__ import annotations

import pickle

import numpy as np
import pandas.testing
import pytest

from zonecmp.dataset import loader
from zonecmp.dataset.store import FactStore, Records


def _through_the_cache(thing: object) -> object:
    """Pickled as the cache writes it (arrays out of band) and read back from read-only buffers."""
    buffers: list[pickle.PickleBuffer] = []
    inband = pickle.dumps(thing, protocol=5, buffer_callback=buffers.append)
    read_only = [memoryview(bytes(buffer.raw())) for buffer in buffers]
    return pickle.loads(inband, buffers=read_only)


@pytest.fixture(scope="module")
def bundled() -> loader.Dataset:
    return loader.load_dataset(loader.data_dirs_from(None))


def test_a_store_from_the_cache_answers_as_the_loaded_one(bundled):
    loaded = bundled.store
    compact = _through_the_cache(loaded)
    assert isinstance(compact, FactStore) and compact._frame is None and len(compact) == len(loaded)
    for positions in ([], [0], [5, 2, 2, 0], list(range(len(loaded)))[::-1]):
        chosen = np.array(positions, dtype=np.int64)
        pandas.testing.assert_frame_equal(compact.rows(chosen), loaded.rows(chosen), check_exact=True)
        columns = ("quote", "zone", "value")  # any order asked: the facts' order of columns comes back
        pandas.testing.assert_frame_equal(compact.rows(chosen, columns), loaded.rows(chosen, columns))
        assert list(compact.rows(chosen, columns).columns) == ["zone", "value", "quote"]
        for positions_or_all in (chosen, None):  # the table scripts get is the same rows, without pandas
            pandas.testing.assert_frame_equal(compact.table(positions_or_all).frame(),
                                              loaded.table(positions_or_all).frame(), check_exact=True)
        order = ["tangshan", "weihai"]
        assert compact.ordered(chosen, "zone", order).tolist() == loaded.ordered(chosen, "zone", order).tolist()
    for column in ("zone", "metric", "quote", "year", "conflict"):
        if column in ("zone", "metric", "quote"):
            assert compact.distinct(column) == loaded.distinct(column), column
        assert compact.values(column).tolist() == loaded.values(column).tolist(), column
        first_two = list(dict.fromkeys(loaded.values(column).tolist()))[:2]
        some = first_two + ["no such value"] * (column in ("zone", "quote"))
        assert compact.isin(column, some).tolist() == loaded.isin(column, some).tolist(), column
    pandas.testing.assert_frame_equal(compact.frame(), loaded.frame(), check_exact=True)


def test_a_store_of_no_facts_pickles_and_reads_back(bundled):
    empty = FactStore(bundled.facts.iloc[0:0])
    compact = _through_the_cache(empty)
    assert len(compact) == 0 and compact.distinct("zone") == []
    pandas.testing.assert_frame_equal(compact.frame(), empty.frame(), check_exact=True)
    assert compact.isin("zone", ["weihai"]).tolist() == []


def test_texts_in_any_script_and_empty_ones_come_back_exactly(bundled):
    frame = bundled.facts.iloc[:4].reset_index(drop=True)
    texts = ["", "威海火炬高技术产业开发区 · Ünïcödé 🙂", "", "量稳质升"]
    frame = frame.assign(note=pandas.array(texts, dtype=frame["note"].dtype))
    compact = _through_the_cache(FactStore(frame))
    assert compact.frame()["note"].tolist() == texts
    assert compact.rows(np.array([3, 1]), ["note"])["note"].tolist() == [texts[3], texts[1]]


def test_records_from_the_cache_are_the_same_sources(bundled):
    sources = bundled.sources
    compact = _through_the_cache(Records(dict(sources)))
    assert list(compact) == list(sources) and len(compact) == len(sources)
    assert compact == dict(sources) and dict(sources) == compact
    first = next(iter(sources))
    assert compact[first] == sources[first] and first in compact and "no such source" not in compact
    assert isinstance(compact[first].zones, tuple) and compact[first].zones == sources[first].zones
    with pytest.raises(KeyError):
        compact["no such source"]
    assert list(_through_the_cache(Records({}))) == []


def test_a_text_holding_nul_is_refused_by_the_compact_form_not_misplaced(bundled):
    """The loader lets no NUL in; were one there, the store would rather not be cached than be wrong."""
    frame = bundled.facts.iloc[:2].reset_index(drop=True)
    frame = frame.assign(note=pandas.array(["a\0b", ""], dtype=frame["note"].dtype))
    with pytest.raises(ValueError, match="NUL"):
        pickle.dumps(FactStore(frame), protocol=5)


def test_records_are_respelled_without_making_a_record(bundled):
    """A cache entry reached through another spelling of a directory renames the sources' paths on
    the columns' distinct texts; the records made from them carry the new spelling."""
    compact = _through_the_cache(Records(dict(bundled.sources)))
    respelled = compact.respelled(lambda text: text.replace("/data", "/DATA"), ("path", "data_dir"))
    assert respelled._records == {}  # no record was made to rename
    first = next(iter(bundled.sources))
    assert respelled[first].path == bundled.sources[first].path.replace("/data", "/DATA")
    assert respelled[first].title == bundled.sources[first].title and list(respelled) == list(bundled.sources)
    loaded = Records(dict(bundled.sources)).respelled(str.upper, ("path",))
    assert loaded[first].path == bundled.sources[first].path.upper()
