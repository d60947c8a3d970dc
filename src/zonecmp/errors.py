"""The errors zonecmp reports to its users, each with the exit status it ends with.

Every problem a user can cause (a typo in a YAML file, an unknown zone on the command line) becomes
a ZonecmpError; the CLI prints its lines and exits with its status, never with a traceback.
Anything else is a bug and is allowed to surface as one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from difflib import SequenceMatcher, get_close_matches

from .terminal import visible

EXIT_OK = 0
EXIT_FOUND = 1  # differences (diff --exit-code), problems (check), unreadable expressions (quantity)
EXIT_ERROR = 2  # bad usage or unreadable data
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Problem:
    """One thing wrong at one place, found while loading the data or checking it against its
    documents: printed as `file:line: subject: message`, and `file:line: subject: warning: message`
    for a warning (an error is what a problem is unless it says otherwise)."""

    path: str
    line: int | None
    subject: str  # the field at fault (loading), or the fact or record it is about (checking)
    message: str
    severity: str = "error"  # or "warning": a conflict, an unused id (`check --strict` counts them)
    code: str = ""  # stable, for tools: quote-missing, number-mismatch, ...; "" for a loading problem

    def __str__(self) -> str:
        """One line, whatever the data file put into the subject or message (see terminal.visible)."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "warning" if self.severity == "warning" else ""
        return visible(": ".join(part for part in (where, self.subject, label, self.message) if part))

    def as_error(self) -> Problem:
        """The same problem counted as an error (`check --strict`)."""
        return replace(self, severity="error")


class ZonecmpError(Exception):
    """A failure the user can fix; `lines` are printed one per line on stderr."""

    exit_code = EXIT_ERROR
    prefix = "Error: "

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


class UsageError(ZonecmpError):
    """The command line asks for something that does not exist or cannot be done."""


class StdoutError(ZonecmpError):
    """Standard output cannot be written: a full disk, or (`reader_gone`) a reader such as `head`
    that stopped reading, which ends the run quietly with status 0, as it does for other tools."""

    def __init__(self, reason: str = "", *, reader_gone: bool = False) -> None:
        super().__init__(*([f"cannot write the output: {reason}"] if reason else []))
        self.exit_code = EXIT_OK if reader_gone else EXIT_ERROR


class DataError(ZonecmpError):
    """The data cannot be loaded: every problem found is listed, not only the first."""

    prefix = ""  # each line already starts with file:line

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(*(str(p) for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix for near misses, or '' when nothing is close. Of the close
    choices only those about as close as the best are named: with 180 zones, 'weihia' is a typo
    of 'weihai', not of 'weinan'."""
    close = get_close_matches(word, list(dict.fromkeys(choices)), n=3, cutoff=0.6)
    if not close:
        return ""
    best = SequenceMatcher(None, word, close[0]).ratio()
    close = [c for c in close if SequenceMatcher(None, word, c).ratio() >= best - 0.1]
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"
