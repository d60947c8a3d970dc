"""A progress bar for slow loads: on stderr, only on a terminal, and only once loading is slow.

The loader reports `progress(done, total)` after each source file; most loads (the bundled data, any
cache hit) finish well under a second and must print nothing, and piped or redirected output must
never carry a bar. So the bar starts lazily, on the first report after DELAY seconds, and rich is
imported only then.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress

DELAY = 1.0  # seconds of loading before a bar is worth showing


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced by an object without isatty, or closed
        return False


@contextmanager
def load_progress(delay: float = DELAY) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a progress callback for loader/cache `load`, or None when stderr is not a terminal.

    The bar is transient (erased when loading ends), so what follows on the terminal is unchanged.
    """
    if not _stderr_is_terminal():
        yield None
        return
    started = time.monotonic()
    bar: Progress | None = None

    def report(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            if time.monotonic() - started < delay:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            bar = Progress(TextColumn("Loading data files"), BarColumn(), MofNCompleteColumn(),
                           TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            bar.add_task("load", total=total)
            bar.start()
        bar.update(bar.task_ids[0], completed=done, total=total)

    try:
        yield report
    finally:
        if bar is not None:
            bar.stop()
