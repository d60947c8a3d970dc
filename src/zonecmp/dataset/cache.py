"""A cache of the validated dataset, so a second run does not parse and validate the YAML again, and
of what `zonecmp check` found, so a second check does not parse every quote again.

`load(dirs)` is what the CLI calls instead of `loader.load_dataset`. The cache is one file per key in
the user's cache directory ($ZONECMP_CACHE_DIR, else the system's: see files.user_cache_dir). The
key is a sha256 over everything the result depends on: the data directories in order, resolved
(`d10000` and "$PWD/d10000" are one entry, its file paths spelled as each run typed them), and the
path, size, mtime, ctime and inode of every file the loader reads in them (zones.yaml,
metrics.yaml, registry/zones.yaml, registry/metrics.yaml, sources/*.yaml: not the documents,
which the loader does not read); the zonecmp version and the same stat fields of zonecmp's own .py
files (so a changed loader in a development checkout never serves an old result); the Python, pandas
and numpy versions (pickle compatibility); and the file-size limit (it decides which files load).
Files are listed with os.scandir and stat, never read or hashed, so computing the key costs
milliseconds even for tens of thousands of files. `findings(dataset, check)` keys check's result by
the same key plus the stat fields of every source's document (see there).

A cache file is a header (magic, format version, key, payload length, CRC-32 of the payload) and a
pickle (protocol 5) of the Dataset or of the list of findings, with the Dataset's large arrays (its
FactStore: store.py) out of band, mapped back from the file without a copy (_write, _read). The
checksum guards against a damaged file, not against an attacker (see Security): CRC-32 reads 150 MB
in 30 ms, a third of sha256's time. A file that is truncated, fails its checksum, does not
unpickle or does not hold what is expected (a Dataset for these directories, a list of findings) is
ignored and rebuilt, never trusted. Writes go to a temporary file in the same directory and are
renamed into place, so concurrent runs see either no file or a whole one. A file whose mtime is within RACY_NS of now is
not cached: on a filesystem with coarse timestamps, a second edit in the same tick could keep the
same size and mtime. Any OSError on the cache (read-only or full disk, no home directory) only
means no cache. At most KEEP files of each kind are kept, the least recently used are deleted.

After an edit, a cold load need not read every file: each write also records, under a key of the
setting alone (zonecmp, the directories, their registry files: _Listing.setting_key), which dataset
it wrote and the stats of the source files it read; the next cold load of that setting takes from it
the facts of every source file whose stats are the same and reads only the others (_previous,
loader.load_dataset). An edit to one file of a million facts reloads in seconds, not minutes.

Security: pickle can run code when it loads, so a cache file is only as trustworthy as its writer.
It is read only from the user's own cache directory, only if it is owned by the user and not
writable by group or others (on POSIX), only after its checksum matches, and it was written by
zonecmp itself with mode 0600. Someone able to plant a file there can already write the user's
shell startup files, so pickle opens no new door; the checksum guards against corruption, not
against such an attacker, and the ownership check keeps a shared $ZONECMP_CACHE_DIR safe.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import mmap
import os
import pickle
import stat
import struct
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import Problem
from ..files import atomic_file, user_cache_dir
from . import loader
from .loader import Dataset
from .store import Records
from .yamlfile import max_file_bytes

CACHE_DIR_ENV = "ZONECMP_CACHE_DIR"
FORMAT_VERSION = 4  # 3: the facts as a FactStore, its arrays out of band and mapped from the file; 4: its
# dtypes pickled apart, so that reading the cache imports no pandas
MAGIC = b"ZCMPDSET"
SUFFIX = ".dataset"
FINDINGS_SUFFIX = ".findings"
LATEST_SUFFIX = ".latest"  # which dataset was cached last for a setting, and the source files it read
KEEP = 4  # cache files kept of each kind: the bundled data alone and a few --data combinations
RACY_NS = 2_000_000_000  # 2 s: the coarsest mtime granularity of common filesystems (FAT, ext3, HFS+)
STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a run that died while writing
# magic, format version, key (sha256), payload length, payload CRC-32
_HEADER = struct.Struct("<8sI32sQI8x")  # 64 bytes, so the payload's aligned offsets are aligned in memory
_LENGTH = struct.Struct("<Q")
ALIGN = 64  # each out-of-band buffer starts at a multiple of this, as numpy's arrays like


def load(dirs: list[Path], *, use_cache: bool = True, progress: Callable[[int, int], None] | None = None,
         partial: bool = False) -> Dataset:
    """The dataset of `dirs` (bundled first), from the cache when it is valid, else loaded and cached.

    Validation errors (DataError) are raised as by loader.load_dataset and are never cached; a
    partial load (loader.load_dataset) is cached only when it found no problem, which makes it the
    complete dataset. `progress(done, total)` is called per source file only when the YAML is read.
    """
    dirs = list(dirs)
    directory = cache_dir() if use_cache else None
    if directory is None:
        return _parse(dirs, progress, partial)
    try:
        listing = _listing(dirs)
    except OSError:  # a data file vanished or is unreadable while listing: let the loader report it
        return _parse(dirs, progress, partial)
    key = listing.key
    path = directory / (key.hex() + SUFFIX)
    cached = _read(path, key)
    if isinstance(cached, Dataset):
        return _respelled(cached, tuple(str(d) for d in dirs))
    dataset = _parse(dirs, progress, partial, _previous(directory, listing, dirs))
    if time.time_ns() - listing.newest >= RACY_NS and not dataset.problems:
        _write(directory, path, key, dataset)
        _write(directory, directory / (listing.setting_key.hex() + LATEST_SUFFIX), listing.setting_key,
               (key, listing.sources))
    return dataset


def _respelled(dataset: Dataset, dirs: tuple[str, ...]) -> Dataset:
    """The cached dataset with its directories spelled as this run gave them (`d10000` or
    "$PWD/d10000" name one cache entry), so messages name files the way the user typed them."""
    if dataset.data_dirs == dirs or len(dataset.data_dirs) != len(dirs):
        return dataset
    spellings = [(old, new) for old, new in zip(dataset.data_dirs, dirs) if old != new]

    def respell(path: str) -> str:
        for old, new in spellings:
            if path == old or path.startswith(old + os.sep):
                return new + path[len(old):]
        return path

    def records(kind: dict[str, Any], *fields: str) -> dict[str, Any]:
        return {i: dataclasses.replace(r, **{f: respell(getattr(r, f)) for f in fields}) for i, r in kind.items()}

    return dataclasses.replace(dataset, data_dirs=dirs, zones=records(dataset.zones, "path"),
                               metrics=records(dataset.metrics, "path"),
                               sources=_as_records(dataset.sources).respelled(respell, ("path", "data_dir")))


def _as_records(sources: Mapping[str, Any]) -> Records:
    return sources if isinstance(sources, Records) else Records(sources)


def findings(dataset: Dataset, check: Callable[[Dataset], list[Problem]], *,
             use_cache: bool = True) -> list[Problem]:
    """`check(dataset)`: what `zonecmp check` finds, from the cache when nothing it read has changed.

    Checking parses every quote (a few seconds at a million facts), and its result depends only on
    the data files, the documents and zonecmp itself. So the key is the dataset's key plus the
    resolved path, size, mtime, ctime and inode of every source's document (or why it cannot be
    read): an edit to any of them checks again. Stored, trusted and written like the dataset.
    """
    directory = cache_dir() if use_cache else None
    if directory is None:
        return check(dataset)
    try:
        listing = _listing([Path(d) for d in dataset.data_dirs])
    except OSError:
        return check(dataset)
    documents, newest_document = _document_stats(dataset)
    key = _sha256(("findings", listing.key, documents))
    path = directory / (key.hex() + FINDINGS_SUFFIX)
    cached = _read(path, key)
    if isinstance(cached, list) and all(isinstance(f, Problem) for f in cached):
        return cached
    result = check(dataset)
    if time.time_ns() - max(listing.newest, newest_document) >= RACY_NS:
        _write(directory, path, key, result)
    return result


def _document_stats(dataset: Dataset) -> tuple[list[tuple[object, ...]], int]:
    """Each source's document as (source, resolved path, size, mtime, ctime, inode), or (source,
    path, errno) when it cannot be stat'ed; and the newest mtime (ns). Directories are resolved
    once each and a document only when it is a symlink: 30,000 documents take 0.1 s."""
    parts: list[tuple[object, ...]] = []
    newest = 0
    resolved_dirs: dict[str, str] = {}
    for source in dataset.sources.values():
        path = os.path.join(source.data_dir, source.document)
        parent, name = os.path.split(path)
        if parent not in resolved_dirs:
            resolved_dirs[parent] = os.path.realpath(parent)
        try:
            info = os.lstat(path)
            resolved = os.path.join(resolved_dirs[parent], name)
            if stat.S_ISLNK(info.st_mode):
                resolved, info = os.path.realpath(path), os.stat(path)
        except OSError as error:
            parts.append((source.id, path, error.errno))
            continue
        parts.append((source.id, resolved, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
        newest = max(newest, info.st_mtime_ns)
    return parts, newest


def _parse(dirs: list[Path], progress: Callable[[int, int], None] | None, partial: bool,
           previous: tuple[Dataset, frozenset[str]] | None = None) -> Dataset:
    """loader.load_dataset with the cyclic garbage collector paused, reading again only the source
    files that changed since the `previous` load of the same setting (see _previous).

    Loading allocates millions of containers (YAML mappings, fact rows) that all stay alive, so each
    full collection walks an ever larger heap for nothing: with it paused a million facts load
    about a quarter faster, and the load grows linearly with the facts. Whatever cycles the load
    leaves are collected once it has finished.
    """
    with _gc_paused():
        if previous is None:
            return loader.load_dataset(dirs, progress=progress, partial=partial)
        dataset, unchanged = previous
        return loader.load_dataset(dirs, progress=progress, partial=partial, previous=dataset, unchanged=unchanged)


@contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cache_dir() -> Path | None:
    """Where cache files live: $ZONECMP_CACHE_DIR, else the system's cache directory (files.py);
    None when no home directory can be found."""
    override = os.environ.get(CACHE_DIR_ENV)
    return Path(override) if override else user_cache_dir("zonecmp")


@dataclass(frozen=True)
class _Listing:
    """What a cache entry depends on, as listed with os.scandir and stat (never read): the
    `setting` (versions, zonecmp's own code, the directories resolved, their registry files) and
    each source file as (directory number, name, resolved symlink, size, mtime, ctime, inode)."""

    setting: tuple[tuple[object, ...], ...]
    sources: tuple[tuple[object, ...], ...]
    newest: int  # the newest data file's mtime (ns)

    @property
    def key(self) -> bytes:
        """The key of the dataset these files load into."""
        return _sha256(("dataset", self.setting, self.sources))

    @property
    def setting_key(self) -> bytes:
        """The key of the latest dataset cached for this setting, whatever its source files held."""
        return _sha256(("latest", self.setting))


def _sha256(parts: object) -> bytes:
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogateescape")).digest()


def _pandas_install() -> tuple[object, ...]:
    """Which pandas is installed, by where its package is and when its __init__.py was written (a new
    version is a new file): importing pandas to ask its version would cost a query that needs no
    pandas a fifth of a second, and reading its metadata a twentieth."""
    from importlib.util import find_spec

    spec = find_spec("pandas")
    if spec is None or spec.origin is None:
        return ("no pandas",)
    info = os.stat(spec.origin)
    return spec.origin, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def _listing(dirs: Iterable[Path]) -> _Listing:
    """The listing of what loading `dirs` depends on; OSError if a listing fails."""
    import numpy

    setting: list[tuple[object, ...]] = [
        ("zonecmp-cache", FORMAT_VERSION, __version__, sys.implementation.name, sys.version_info[:2],
         _pandas_install(), numpy.__version__, max_file_bytes()),
    ]
    sources: list[tuple[object, ...]] = []
    newest = 0

    def stats(entry: os.DirEntry[str] | Path, info: os.stat_result) -> tuple[object, ...]:
        resolved = os.path.realpath(entry) if entry.is_symlink() else ""
        return entry.name, resolved, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino

    package = Path(__file__).resolve().parents[1]
    for code in sorted(package.rglob("*.py")):  # every module of zonecmp: any change reads the YAML again
        setting.append(("code", *stats(code, code.stat())))
    for number, directory in enumerate(dirs):
        setting.append(("dir", os.path.realpath(directory)))  # what it is, not how it was typed
        for name in ("zones.yaml", "metrics.yaml", "registry/zones.yaml", "registry/metrics.yaml"):
            path = directory / name
            try:
                info = path.stat()
            except (FileNotFoundError, NotADirectoryError):
                setting.append(("absent", name))
                continue
            setting.append(("registry", *stats(path, info)))
            newest = max(newest, info.st_mtime_ns)
        # Every *.yaml entry in any letter case: a superset of what the loader's glob can match.
        for entry in _entries(directory / "sources", ".yaml"):
            info = entry.stat()
            sources.append((number, *stats(entry, info)))
            newest = max(newest, info.st_mtime_ns)
    return _Listing(tuple(setting), tuple(sources), newest)


def _previous(directory: Path, listing: _Listing, dirs: list[Path]) -> tuple[Dataset, frozenset[str]] | None:
    """The latest dataset cached for the same setting (directories, registries, zonecmp) and the
    paths of its source files that are as it read them; None when there is none."""
    latest = _read(directory / (listing.setting_key.hex() + LATEST_SUFFIX), listing.setting_key)
    if not (isinstance(latest, tuple) and len(latest) == 2 and isinstance(latest[0], bytes)):
        return None
    key, read = latest
    dataset = _read(directory / (key.hex() + SUFFIX), key)
    if not isinstance(dataset, Dataset) or len(dataset.data_dirs) != len(dirs):
        return None
    try:
        same = set(read) & set(listing.sources)
    except TypeError:  # not the listing _write stored: read every file
        return None
    unchanged = frozenset(str(dirs[number] / "sources" / name) for number, name, *_ in same)
    return _respelled(dataset, tuple(str(d) for d in dirs)), unchanged


def _entries(directory: Path, suffix: str) -> list[os.DirEntry[str]]:
    """The entries of `directory` whose names end in `suffix` (any case), sorted; [] if it is missing."""
    try:
        with os.scandir(directory) as scan:
            return sorted((e for e in scan if e.name.lower().endswith(suffix)), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _read(path: Path, key: bytes) -> object | None:
    """What a cache file holds, or None if it is missing, foreign, damaged or for another key.
    The caller still checks that it is what it expects.

    The file is mapped, not read: the arrays of a FactStore are views of the map (read-only), so a
    warm load copies nothing and a query touches only the pages of the columns it reads."""
    try:
        with open(path, "rb") as file:
            info = os.fstat(file.fileno())
            if not _trusted(info):
                return None
            magic, version, stored_key, length, checksum = _HEADER.unpack(file.read(_HEADER.size))
            if (magic, version, stored_key) != (MAGIC, FORMAT_VERSION, key) or info.st_size != _HEADER.size + length:
                return None
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        payload = memoryview(mapped)[_HEADER.size:]
        if zlib.crc32(payload) != checksum:
            return None
        inband, buffers = _unpacked(payload)
        stored = pickle.loads(inband, buffers=buffers)
    except Exception:  # missing, unreadable, a short header, or a payload that does not unpickle: rebuild
        return None
    with suppress(OSError):
        os.utime(path)  # mark as recently used, for pruning
    return stored


def _unpacked(payload: memoryview) -> tuple[memoryview, list[memoryview]]:
    """The in-band pickle and the out-of-band buffers of a payload that _write packed; ValueError
    (or struct.error) for one that does not add up."""
    (inband_length,) = _LENGTH.unpack_from(payload, 0)
    offset = _LENGTH.size + inband_length
    inband = payload[_LENGTH.size:offset]
    (count,) = _LENGTH.unpack_from(payload, offset)
    lengths = struct.unpack_from(f"<{count}Q", payload, offset + _LENGTH.size)
    offset = _aligned(offset + _LENGTH.size * (1 + count))
    buffers = []
    for length in lengths:
        buffers.append(payload[offset:offset + length])
        offset = _aligned(offset + length)
    if len(inband) != inband_length or offset < len(payload):
        raise ValueError("the payload's parts do not add up to its length")
    return inband, buffers


def _aligned(offset: int) -> int:
    """The offset rounded up to the next multiple of ALIGN."""
    return -(-offset // ALIGN) * ALIGN


def _trusted(info: os.stat_result) -> bool:
    """A regular file owned by this user and writable by no one else (always true where no uids exist)."""
    if not stat.S_ISREG(info.st_mode):
        return False
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _write(directory: Path, path: Path, key: bytes, stored: object) -> None:
    """Write the cache file atomically (temporary file, then rename); on any OSError, or data the
    compact form cannot keep (a ValueError from store.py), cache nothing.

    The payload is a pickle (protocol 5) whose large buffers (numpy arrays) are out of band, each
    written raw at an aligned offset so that _read maps it back without a copy: the in-band pickle's
    length and bytes, the number of buffers and their lengths, then each buffer, padded to ALIGN."""
    buffers: list[pickle.PickleBuffer] = []
    try:
        inband = pickle.dumps(stored, protocol=5, buffer_callback=buffers.append)
    except ValueError:
        return
    raws = [buffer.raw() for buffer in buffers]
    table = b"".join((_LENGTH.pack(len(inband)), inband, _LENGTH.pack(len(raws)),
                      struct.pack(f"<{len(raws)}Q", *(raw.nbytes for raw in raws))))
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        with atomic_file(path, "wb", private=True, prefix=".tmp-", suffix=path.suffix) as file:
            file.write(bytes(_HEADER.size))  # a placeholder until the checksum is known
            checksum = length = 0
            for piece in (table, *raws):
                padding = bytes(_aligned(length) - length)
                for part in (padding, piece):
                    checksum = zlib.crc32(part, checksum)
                    file.write(part)
                length += len(padding) + memoryview(piece).nbytes
            padding = bytes(_aligned(length) - length)  # the last buffer padded too, so _unpacked ends on ALIGN
            checksum, length = zlib.crc32(padding, checksum), length + file.write(padding)
            file.seek(0)
            file.write(_HEADER.pack(MAGIC, FORMAT_VERSION, key, length, checksum))
        _prune(directory, path)
    except OSError:
        pass


def _prune(directory: Path, current: Path) -> None:
    """Delete all but the KEEP most recently used cache files of current's kind (its suffix), and
    temporary files of dead runs."""
    now = time.time()
    cache_files: list[tuple[float, Path]] = []
    with os.scandir(directory) as scan:
        for entry in scan:
            if not entry.name.endswith(current.suffix) or not entry.is_file(follow_symlinks=False):
                continue
            try:
                mtime = entry.stat(follow_symlinks=False).st_mtime
                if entry.name.startswith(".tmp-"):
                    if now - mtime > STALE_TEMP_SECONDS:
                        os.unlink(entry.path)
                elif entry.path != str(current):
                    cache_files.append((mtime, Path(entry.path)))
            except OSError:  # another run pruned or renamed it first
                continue
    for _, old in sorted(cache_files, reverse=True)[KEEP - 1:]:
        with suppress(OSError):
            old.unlink()
