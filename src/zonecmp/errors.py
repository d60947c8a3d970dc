"""The errors zonecmp reports to its users, each with the exit status it ends with.

Every problem a user can cause (a typo in a YAML file, an unknown zone on the command line) becomes
a ZonecmpError; the CLI prints its lines and exits with its status, never with a traceback.
Anything else is a bug and is allowed to surface as one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches

from .terminal import visible

EXIT_OK = 0
EXIT_FOUND = 1  # differences (diff --exit-code), problems (check), unreadable expressions (quantity)
EXIT_ERROR = 2  # bad usage or unreadable data
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Problem:
    """One thing wrong at one place: rendered as `file:line: field: message`."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        """One line, whatever the data file put into the field or message (see terminal.visible)."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return visible(f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}")


class ZonecmpError(Exception):
    """A failure the user can fix; `lines` are printed one per line on stderr."""

    exit_code = EXIT_ERROR
    prefix = "Error: "

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


class UsageError(ZonecmpError):
    """The command line asks for something that does not exist or cannot be done."""


class DataError(ZonecmpError):
    """The data cannot be loaded: every problem found is listed, not only the first."""

    prefix = ""  # each line already starts with file:line

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(*(str(p) for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix for near misses, or '' when nothing is close."""
    close = get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"
