"""The files zonecmp writes: where its cache lives on each system, and one way to write a file
so that a failure never leaves half of it behind.

The cache directory follows each system's convention: %LOCALAPPDATA%\\zonecmp\\Cache on Windows,
~/Library/Caches/zonecmp on macOS, $XDG_CACHE_HOME/zonecmp (else ~/.cache/zonecmp) elsewhere. These
three rules are all platformdirs would add for a cache directory, so zonecmp keeps them here and
spares its users a dependency.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any


def user_cache_dir(app: str) -> Path | None:
    """The user's cache directory for `app`; None when no home directory can be found."""
    try:
        if os.name == "nt":
            base = os.environ.get("LOCALAPPDATA")
            return Path(base, app, "Cache") if base else Path.home() / "AppData" / "Local" / app / "Cache"
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / app
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        # The XDG spec says to ignore a relative path.
        return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / app
    except RuntimeError:  # Path.home() with neither $HOME nor a passwd entry
        return None


def _umask() -> int:
    """The process's umask (reading it means setting it: set it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_file(target: Path, mode: str = "w", *, private: bool = False, prefix: str | None = None,
                suffix: str = "", **open_args: Any) -> Iterator[IO[Any]]:
    """A file to write that becomes `target` only when the block ends without an error: it is
    written under a temporary name in the same directory, then renamed over the target, so readers
    see the old file or the whole new one. It gets the permissions the umask gives, as a file the
    shell writes would (a shared export stays readable by colleagues), or with `private` only the
    user's (the cache). OSError from creating, writing or renaming propagates, and the temporary
    file is removed."""
    directory = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=prefix if prefix is not None else f".{target.name}.",
                                         suffix=suffix, dir=directory)
    try:
        with os.fdopen(handle, mode, **open_args) as stream:
            yield stream
        if not private:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
