"""The dataset cache: a second run reads it, any edit to a data file invalidates it, a damaged cache
file is ignored and rebuilt, an unwritable cache directory just means no cache, and a cached result
is always the same as a freshly loaded one. Real loader, real bundled data, real files. Also the
load progress bar: only on a terminal, only on stderr, only once loading is slow."""

from __future__ import annotations

import errno
import io
import multiprocessing
import os
import pickle
import shutil
import struct
import sys
import time
import zlib
from pathlib import Path

import numpy
import pandas.testing
import pytest

from zonecmp import files
from zonecmp.dataset import cache, loader
from zonecmp.dataset.evidence import check_dataset
from zonecmp.dataset.loader import Dataset
from zonecmp.dataset.store import FactStore
from zonecmp.errors import DataError
from zonecmp.progress import load_progress

BUNDLED = loader.bundled_data_dir()
AN_HOUR_AGO = time.time() - 3600


def _backdate(root: Path) -> None:
    """Give every file an old mtime, as a checked-out dataset has: a just-written file is not cached
    (cache.RACY_NS), so tests that expect a cache hit need data that was not written this second."""
    for path in root.rglob("*"):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A private copy of the bundled dataset, safe to edit."""
    copy = tmp_path / "data"
    shutil.copytree(BUNDLED, copy)
    _backdate(copy)
    return copy


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(directory))
    return directory


def _cache_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*" + cache.SUFFIX)) if directory.is_dir() else []


def _loader_must_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make parsing the YAML fail, so a load that succeeds can only have come from the cache."""
    def refuse(*args: object, **kwargs: object) -> Dataset:
        raise AssertionError("the YAML was parsed although a valid cache exists")

    monkeypatch.setattr(loader, "load_dataset", refuse)


def assert_same(actual: Dataset, expected: Dataset) -> None:
    """Two datasets are the same result: registries, directories, and facts frame with its dtypes."""
    assert actual.zones == expected.zones
    assert actual.metrics == expected.metrics
    assert actual.sources == expected.sources
    assert actual.data_dirs == expected.data_dirs
    pandas.testing.assert_frame_equal(actual.facts, expected.facts, check_exact=True)


def test_second_load_comes_from_the_cache_and_equals_a_fresh_load(data, cache_dir, monkeypatch):
    """The cache holds the facts compact (codes and UTF-8 buffers, mapped from its file), and gives
    back exactly the frame the loader built: values, dtypes and order, whole or a few rows."""
    fresh = loader.load_dataset([data])
    first = cache.load([data])
    assert_same(first, fresh)
    _loader_must_not_run(monkeypatch)
    second = cache.load([data])
    assert second.store._frame is None  # compact until a query asks for rows
    rows = numpy.array([3, 0, 7])
    pandas.testing.assert_frame_equal(second.store.rows(rows), fresh.store.rows(rows), check_exact=True)
    assert second.store.isin("zone", ["weihai"]).tolist() == fresh.store.isin("zone", ["weihai"]).tolist()
    assert_same(second, fresh)


def test_bundled_data_through_the_cache_equals_a_fresh_load(cache_dir):
    dirs = loader.data_dirs_from(None)
    fresh = loader.load_dataset(dirs)
    assert_same(cache.load(dirs), fresh)
    assert_same(cache.load(dirs), fresh)


def test_no_cache_neither_reads_nor_writes(data, cache_dir):
    assert_same(cache.load([data], use_cache=False), loader.load_dataset([data]))
    assert not cache_dir.exists()


def _weihai_source(data: Path) -> Path:
    return data / "sources" / "weihai-2024-02-summary-conference.yaml"


# Each edit keeps the file's size, so only the stat fields beyond size can reveal it.
EDITS = {
    "zones": ("zones.yaml", "name_en: Weihai Torch", "name_en: WEIHAI Torch",
              lambda d: d.zones["weihai"].name_en.startswith("WEIHAI")),
    "metrics": ("metrics.yaml", "name_en: GDP growth\n", "name_en: GDP GROWTH\n",
                lambda d: d.metrics["gdp_growth"].name_en == "GDP GROWTH"
                and "GDP GROWTH" in set(d.facts["metric_name_en"])),
    "source": ("sources/weihai-2024-02-summary-conference.yaml", "value: 6\n    unit: \"%\"\n",
               "value: 7\n    unit: \"%\"\n",
               lambda d: d.facts.set_index("id").at["weihai-2024-gdp-growth", "value"] == 7),
}


@pytest.mark.parametrize("restore_mtime", [False, True], ids=["plain-edit", "mtime-restored"])
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_to_any_data_file_invalidates_the_cache(data, cache_dir, edit, restore_mtime):
    name, old, new, edited = EDITS[edit]
    cache.load([data])
    path = data / name
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert path.stat().st_size == before.st_size
    if restore_mtime:  # as `touch -r` or a careless sync tool would: only ctime still tells
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    result = cache.load([data])
    assert edited(result)
    assert_same(result, loader.load_dataset([data]))
    _backdate(data)  # now old enough to be cached: the cached copy must hold the edit too
    cache.load([data])
    assert edited(cache.load([data]))


def test_adding_or_removing_a_source_file_invalidates_the_cache(data, cache_dir):
    cached = cache.load([data])
    _weihai_source(data).unlink()
    fewer = cache.load([data])
    assert not fewer.facts["source"].eq("weihai-2024-02-summary-conference").any()
    assert len(fewer.facts) < len(cached.facts)

    shutil.copy(BUNDLED / "sources" / _weihai_source(data).name, _weihai_source(data))
    assert_same(cache.load([data]), cached)


def test_a_different_set_of_directories_is_a_different_cache_entry(data, tmp_path, cache_dir):
    other = tmp_path / "other"
    shutil.copytree(data, other)
    _backdate(other)
    assert cache.load([data]).data_dirs == (str(data),)
    assert cache.load([other]).data_dirs == (str(other),)
    assert len(_cache_files(cache_dir)) == 2


def _rewrite(path: Path, *, key: bytes | None = None, payload: bytes | None = None) -> None:
    """Give a cache file another key or payload with a header that matches, as a bug might."""
    content = path.read_bytes()
    magic, version, old_key, _, _ = cache._HEADER.unpack(content[:cache._HEADER.size])
    payload = content[cache._HEADER.size:] if payload is None else payload
    header = cache._HEADER.pack(magic, version, key or old_key, len(payload), zlib.crc32(payload))
    path.write_bytes(header + payload)


def _framed(inband: bytes) -> bytes:
    """A payload as cache._write lays it out, for a pickle without out-of-band buffers."""
    table = struct.pack("<Q", len(inband)) + inband + struct.pack("<Q", 0)
    return table + bytes(cache._aligned(len(table)) - len(table))


def _alter_a_string_in_the_payload(path: Path) -> None:
    """Change data inside the pickle so that it still unpickles: only the checksum can tell."""
    content = path.read_bytes()
    assert content.count(b"Weihai Torch") >= 1
    path.write_bytes(content.replace(b"Weihai Torch", b"Weihai TORCH"))


CORRUPTIONS = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "header-only": lambda p: p.write_bytes(p.read_bytes()[: cache._HEADER.size]),
    "empty": lambda p: p.write_bytes(b""),
    "garbage": lambda p: p.write_bytes(os.urandom(4096)),
    "checksum-mismatch": _alter_a_string_in_the_payload,
    "not-a-pickle": lambda p: _rewrite(p, payload=b"this is not a pickle"),
    "wrong-type": lambda p: _rewrite(p, payload=_framed(pickle.dumps({"zones": {}}, protocol=5))),
    "wrong-format-version": lambda p: p.write_bytes(
        p.read_bytes().replace(struct.pack("<8sI", cache.MAGIC, cache.FORMAT_VERSION),
                               struct.pack("<8sI", cache.MAGIC, cache.FORMAT_VERSION + 1), 1)),
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_a_damaged_cache_file_is_ignored_and_rebuilt(data, cache_dir, monkeypatch, corruption):
    fresh = loader.load_dataset([data])
    cache.load([data])
    (path,) = _cache_files(cache_dir)
    CORRUPTIONS[corruption](path)

    assert_same(cache.load([data]), fresh)

    _loader_must_not_run(monkeypatch)  # the rebuilt file is whole again
    assert_same(cache.load([data]), fresh)


def test_a_cache_file_for_other_directories_is_not_used(data, tmp_path, cache_dir):
    """A whole, checksummed file under another key (a key collision, a renamed file) is not served."""
    other = tmp_path / "other"
    shutil.copytree(data, other)
    _backdate(other)
    cache.load([data])
    (data_file,) = _cache_files(cache_dir)
    cache.load([other])
    (other_file,) = [p for p in _cache_files(cache_dir) if p != data_file]
    other_key = cache._HEADER.unpack(other_file.read_bytes()[:cache._HEADER.size])[2]
    shutil.copy(data_file, other_file)
    _rewrite(other_file, key=other_key)
    assert cache.load([other]).data_dirs == (str(other),)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="ownership is checked on POSIX only")
def test_a_cache_file_writable_by_others_is_not_trusted(data, cache_dir, monkeypatch):
    cache.load([data])
    (path,) = _cache_files(cache_dir)
    path.chmod(0o666)
    calls = []
    real = loader.load_dataset
    monkeypatch.setattr(loader, "load_dataset", lambda *a, **k: calls.append(1) or real(*a, **k))
    cache.load([data])
    assert calls == [1]


def test_a_read_only_cache_directory_means_no_cache_and_no_error(data, cache_dir, monkeypatch):
    fresh = loader.load_dataset([data])
    cache.load([data])  # a valid entry, then the directory turns read-only
    cache_dir.chmod(0o500)

    def read_only(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    if os.access(cache_dir, os.W_OK):  # root: chmod does not stop writes, so refuse them as the kernel would
        monkeypatch.setattr(files.tempfile, "mkstemp", read_only)
        monkeypatch.setattr(cache.os, "unlink", read_only)
    try:
        assert_same(cache.load([data]), fresh)  # still read
        name, old, new, edited = EDITS["source"]
        path = data / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        _backdate(data)
        assert edited(cache.load([data]))  # a miss that cannot be written
        assert len(_cache_files(cache_dir)) == 1
    finally:
        cache_dir.chmod(0o700)


def test_an_unusable_cache_path_means_no_cache_and_no_error(data, tmp_path, monkeypatch):
    """Works as root too: a cache 'directory' below a regular file can never be created."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(blocker / "cache"))
    fresh = loader.load_dataset([data])
    assert_same(cache.load([data]), fresh)
    assert_same(cache.load([data]), fresh)


def test_a_full_disk_means_no_cache_no_error_and_no_temporary_file_left(data, cache_dir, monkeypatch):
    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    assert_same(cache.load([data]), loader.load_dataset([data]))
    assert list(cache_dir.iterdir()) == []


def test_just_written_data_is_not_cached_until_its_mtime_is_safely_old(data, cache_dir):
    """On coarse-timestamp filesystems a second edit in the same tick keeps size and mtime."""
    os.utime(_weihai_source(data))
    cache.load([data])
    assert _cache_files(cache_dir) == []
    _backdate(data)
    cache.load([data])
    assert len(_cache_files(cache_dir)) == 1


def test_old_cache_files_are_pruned(data, tmp_path, cache_dir):
    copies = []
    for number in range(cache.KEEP + 2):
        copy = tmp_path / f"copy{number}"
        shutil.copytree(data, copy)
        _backdate(copy)
        copies.append(copy)
        cache.load([copy])
        for path in _cache_files(cache_dir):  # make the order of use unambiguous
            os.utime(path, (path.stat().st_mtime - 10, path.stat().st_mtime - 10))
    assert len(_cache_files(cache_dir)) == cache.KEEP


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "explicit"))
    assert cache.cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv(cache.CACHE_DIR_ENV)
    if os.name == "nt":
        monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
        assert cache.cache_dir() == tmp_path / "zonecmp" / "Cache"
        return
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "zonecmp"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "zonecmp"


def _load_three_times(data: str) -> list[tuple]:
    results = []
    for _ in range(3):
        dataset = cache.load([Path(data)])
        results.append((dataset.zones, dataset.metrics, dataset.sources, dataset.data_dirs, dataset.facts))
    return results


def test_concurrent_runs_all_get_the_right_result(data, cache_dir):
    fresh = loader.load_dataset([data])
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        runs = pool.map(_load_three_times, [str(data)] * 4)
    for run in runs:
        for zones, metrics, sources, data_dirs, facts in run:
            assert_same(Dataset(zones, metrics, sources, FactStore(facts), data_dirs), fresh)
    assert len(_cache_files(cache_dir)) == 1
    assert not [p for p in cache_dir.iterdir() if p.name.startswith(".tmp-")]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_progress_bar_when_stderr_is_not_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with load_progress(delay=0) as progress:
        assert progress is None


def test_progress_bar_only_once_loading_is_slow_and_only_on_stderr(monkeypatch, capsys, data, cache_dir):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with load_progress(delay=3600) as progress:
        assert progress is not None
        cache.load([data], progress=progress)
    assert terminal.getvalue() == ""

    with load_progress(delay=0) as progress:
        cache.load([data], use_cache=False, progress=progress)
    assert "Loading data files" in terminal.getvalue()
    assert capsys.readouterr().out == ""


# --- check's findings ---------------------------------------------------------------------------------

WEIHAI_DOCUMENT = "documents/002_4975ce9e862127e0.txt"


def _check_must_not_run(dataset: Dataset) -> list:
    raise AssertionError("the quotes were checked again although a valid cache of the findings exists")


def _findings_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*" + cache.FINDINGS_SUFFIX)) if directory.is_dir() else []


def test_second_check_comes_from_the_cache_and_equals_a_fresh_check(data, cache_dir):
    dataset = cache.load([data])
    fresh = check_dataset(dataset)
    assert fresh == []  # the bundled data is clean: nothing to find
    assert cache.findings(dataset, check_dataset) == fresh
    assert len(_findings_files(cache_dir)) == 1
    assert cache.findings(cache.load([data]), _check_must_not_run) == fresh


@pytest.mark.parametrize("restore_mtime", [False, True], ids=["plain-edit", "mtime-restored"])
def test_an_edit_to_a_document_checks_again(data, cache_dir, restore_mtime):
    """The same size, and even the same mtime: the edit is still seen, and the finding is fresh."""
    assert cache.findings(cache.load([data]), check_dataset) == []
    document = data / WEIHAI_DOCUMENT
    before = document.stat()
    text = document.read_text(encoding="utf-8")
    document.write_text(text.replace("地区生产总值增长6%", "地区生产总值增长7%"), encoding="utf-8")
    assert document.stat().st_size == before.st_size
    if restore_mtime:
        os.utime(document, ns=(before.st_atime_ns, before.st_mtime_ns))

    (finding,) = cache.findings(cache.load([data]), check_dataset)
    assert (finding.subject, finding.code) == ("weihai-2024-gdp-growth", "quote-missing")
    _backdate(data)
    cache.findings(cache.load([data]), check_dataset)
    (cached,) = cache.findings(cache.load([data]), _check_must_not_run)
    assert cached == finding


def test_a_removed_or_relinked_document_checks_again(data, tmp_path, cache_dir):
    assert cache.findings(cache.load([data]), check_dataset) == []
    document = data / WEIHAI_DOCUMENT
    moved = tmp_path / "moved.txt"
    document.rename(moved)
    assert {f.code for f in cache.findings(cache.load([data]), check_dataset)} == {"document"}

    document.symlink_to(moved)  # the same bytes, but from outside the data directory: refused
    (finding,) = cache.findings(cache.load([data]), check_dataset)
    assert finding.code == "document" and "outside the data directory" in finding.message


def test_an_edit_to_a_data_file_checks_again(data, cache_dir):
    assert cache.findings(cache.load([data]), check_dataset) == []
    source = _weihai_source(data)
    source.write_text(source.read_text(encoding="utf-8").replace("value: 6\n", "value: 5\n", 1), encoding="utf-8")
    (finding,) = cache.findings(cache.load([data]), check_dataset)
    assert (finding.subject, finding.code) == ("weihai-2024-gdp-growth", "number-mismatch")


@pytest.mark.parametrize("corruption", ["truncated", "garbage", "not-a-pickle", "wrong-type"])
def test_a_damaged_findings_file_is_ignored_and_rebuilt(data, cache_dir, corruption):
    source = _weihai_source(data)
    source.write_text(source.read_text(encoding="utf-8").replace("value: 6\n", "value: 5\n", 1), encoding="utf-8")
    _backdate(data)
    dataset = cache.load([data])
    fresh = cache.findings(dataset, check_dataset)
    assert len(fresh) == 1
    (path,) = _findings_files(cache_dir)
    CORRUPTIONS[corruption](path)
    assert cache.findings(dataset, check_dataset) == fresh
    assert cache.findings(dataset, _check_must_not_run) == fresh  # the rebuilt file is whole again


def test_check_no_cache_neither_reads_nor_writes_findings(tmp_path, cache_dir, run):
    conflicting = tmp_path / "conflict"
    shutil.copytree(Path(__file__).parent / "fixtures" / "conflict", conflicting)
    _backdate(conflicting)
    fresh = run("check", "--data", str(conflicting), "--strict", "--no-cache")
    assert (fresh.code, fresh.out.splitlines()[-1]) == (1, "checked 42 facts: 2 errors, 0 warnings")
    assert not cache_dir.exists()
    cold, warm = (run("check", "--data", str(conflicting), "--strict") for _ in range(2))
    assert cold == warm == fresh
    assert len(_findings_files(cache_dir)) == 1
    relaxed = run("check", "--data", str(conflicting))  # --strict is applied after the cache
    assert (relaxed.code, relaxed.out.splitlines()[-1]) == (0, "checked 42 facts: 0 errors, 2 warnings")


def test_a_directory_is_one_cache_entry_however_its_path_is_typed(tmp_path, cache_dir, monkeypatch):
    mine = tmp_path / "mine"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "my-data", mine)
    _backdate(mine)
    monkeypatch.chdir(tmp_path)
    typed = [Path("mine"), Path("mine/"), mine, tmp_path / "." / "mine"]
    first = cache.load([BUNDLED, typed[0]])
    assert len(_cache_files(cache_dir)) == 1
    _loader_must_not_run(monkeypatch)
    for spelling in typed[1:]:
        again = cache.load([BUNDLED, spelling])
        assert again.data_dirs == (str(BUNDLED), str(spelling))            # as this run typed it
        (source,) = [s for s in again.sources.values() if s.data_dir != str(BUNDLED)]
        assert source.data_dir == str(spelling) and source.path.startswith(str(spelling / "sources"))
        assert {z.path for z in again.zones.values() if "mine" in z.path} == {str(spelling / "zones.yaml")}
        pandas.testing.assert_frame_equal(again.facts, first.facts, check_exact=True)
    assert len(_cache_files(cache_dir)) == 1


def _count_source_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the source files the loader parses from now on."""
    read: list[str] = []
    real = loader._load_source_file

    def counting(path: Path, *args: object) -> list:
        read.append(path.name)
        return real(path, *args)

    monkeypatch.setattr(loader, "_load_source_file", counting)
    return read


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, (AN_HOUR_AGO + 60, AN_HOUR_AGO + 60))


def test_an_edit_to_one_source_file_reads_only_that_file_again(data, cache_dir, monkeypatch):
    """A cold load after an edit takes the other files' facts from the last cached load, and the
    result is exactly what a full load gives: values, conflicts, order, sources."""
    cache.load([data])
    read = _count_source_reads(monkeypatch)
    _edit(_weihai_source(data), "value: 6\n", "value: 5\n")
    edited = cache.load([data])
    assert read == [_weihai_source(data).name]
    assert_same(edited, loader.load_dataset([data]))
    assert edited.facts.set_index("id").at["weihai-2024-gdp-growth", "value"] == 5

    read.clear()  # and the edited load is cached in turn: a second edit starts from it
    _edit(_weihai_source(data), "value: 5\n", "value: 4\n")
    assert cache.load([data]).facts.set_index("id").at["weihai-2024-gdp-growth", "value"] == 4
    assert read == [_weihai_source(data).name]


def test_an_added_or_removed_source_file_is_read_or_dropped_alone(data, cache_dir, monkeypatch):
    cache.load([data])
    read = _count_source_reads(monkeypatch)
    copy = data / "sources" / "zz-copy.yaml"
    text = _weihai_source(data).read_text(encoding="utf-8")
    copy.write_text(text.replace("id: weihai-2024", "id: copy-weihai-2024"), encoding="utf-8")
    os.utime(copy, (AN_HOUR_AGO, AN_HOUR_AGO))
    added = cache.load([data])
    assert read == ["zz-copy.yaml"]
    assert_same(added, loader.load_dataset([data]))

    read.clear()
    _weihai_source(data).unlink()
    removed = cache.load([data])
    assert read == []
    assert_same(removed, loader.load_dataset([data]))
    assert not removed.facts["source"].eq("weihai-2024-02-summary-conference").any()


def test_a_duplicate_id_in_an_edited_file_is_reported_as_a_full_load_reports_it(data, cache_dir, monkeypatch):
    """The kept files' ids are claimed in file order, so a duplicate names the same places."""
    cache.load([data])
    _count_source_reads(monkeypatch)
    tangshan = next(p for p in sorted((data / "sources").glob("tangshan-*.yaml")))
    first_id = next(line.split(": ", 1)[1] for line in tangshan.read_text(encoding="utf-8").splitlines()
                    if line.strip().startswith("- id: "))
    _edit(_weihai_source(data), "- id: weihai-2024-gdp-growth", f"- id: {first_id}")
    with pytest.raises(DataError) as incremental:
        cache.load([data])
    with pytest.raises(DataError) as full:
        loader.load_dataset([data])
    assert [str(p) for p in incremental.value.problems] == [str(p) for p in full.value.problems]
    assert "duplicate fact id" in str(incremental.value.problems[0])


@pytest.mark.parametrize("partial", [False, True], ids=["complete", "partial (check)"])
def test_a_new_file_taking_a_kept_source_id_is_reported_and_dropped_as_a_full_load_does(data, cache_dir,
                                                                                         partial):
    """A new file that sorts first and reuses a kept file's source id takes the id: the kept file is
    then the duplicate, reported at its `source:` line, and its facts are left out, as a full load
    leaves them out (a partial load, as `check` makes, goes on without them)."""
    cache.load([data])
    text = _weihai_source(data).read_text(encoding="utf-8")
    first = data / "sources" / "0-first.yaml"
    first.write_text(text.replace("- id: weihai-2024", "- id: first-weihai-2024"), encoding="utf-8")
    os.utime(first, (AN_HOUR_AGO, AN_HOUR_AGO))

    def outcome(load) -> tuple[list[str], object]:
        try:
            dataset = load([data], partial=True) if partial else load([data])
        except DataError as error:
            return [str(p) for p in error.problems], None
        return [str(p) for p in dataset.problems], dataset

    (problems, incremental), (expected, full) = outcome(cache.load), outcome(loader.load_dataset)
    assert problems == expected and any("duplicate source id" in p for p in problems)
    assert f"{_weihai_source(data)}:2: " in next(p for p in problems if "duplicate source id" in p)
    if partial:
        assert_same(incremental, full)
        assert not incremental.facts["id"].str.startswith("weihai-2024").any()


@pytest.mark.parametrize("damage", ["dataset gone", "latest not a listing", "latest garbage"])
def test_without_a_usable_last_load_an_edit_reads_every_file(data, cache_dir, monkeypatch, damage):
    """The record of the last load, or the load it names, may be gone or damaged: then every file is
    read again, and the result is a full load's."""
    cache.load([data])
    (latest,) = cache_dir.glob("*" + cache.LATEST_SUFFIX)
    if damage == "dataset gone":
        for path in _cache_files(cache_dir):
            path.unlink()
    elif damage == "latest not a listing":
        key = cache._HEADER.unpack(latest.read_bytes()[:cache._HEADER.size])[2]
        stored = pickle.loads(cache._unpacked(memoryview(latest.read_bytes())[cache._HEADER.size:])[0])
        _rewrite(latest, key=key, payload=_framed(pickle.dumps((stored[0], [["not", "hashable"]]), protocol=5)))
    else:
        latest.write_bytes(os.urandom(4096))
    read = _count_source_reads(monkeypatch)
    _edit(_weihai_source(data), "value: 6\n", "value: 5\n")
    loaded = cache.load([data])
    assert sorted(read) == sorted(p.name for p in (data / "sources").glob("*.yaml"))
    assert_same(loaded, loader.load_dataset([data]))


def test_an_edit_to_a_registry_reads_every_file_again(data, cache_dir, monkeypatch):
    cache.load([data])
    read = _count_source_reads(monkeypatch)
    _edit(data / "zones.yaml", "name_en: Weihai Torch", "name_en: WEIHAI Torch")
    reloaded = cache.load([data])
    assert sorted(read) == sorted(p.name for p in (data / "sources").glob("*.yaml"))
    assert reloaded.zones["weihai"].name_en.startswith("WEIHAI")
