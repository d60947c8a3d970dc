"""Shared test helpers: run the real `zonecmp` entry point in-process and capture what it prints."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from zonecmp.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# How much a run tries, from $ZONECMP_TEST_PROFILE. `quick` (the default) is what a developer runs
# between edits: every test, with fewer generated cases, and without the tests marked `slow` (real
# subprocesses, wheel builds, benchmark smoke runs). `full` is what .ci/run runs: every test at the CI
# case counts. `long` is the long fuzz (scripts/fuzz-long).
PROFILES = ("quick", "full", "long")
PROFILE = os.environ.get("ZONECMP_TEST_PROFILE", "quick")
if PROFILE not in PROFILES:
    raise pytest.UsageError(f"ZONECMP_TEST_PROFILE must be one of {', '.join(PROFILES)}, not {PROFILE!r}")


def write_source(root: Path, source: str, document: str, *, source_name: str = "a.yaml",
                 document_name: str = "doc.txt") -> Path:
    """A data directory holding one source file (its YAML as text) and its document, as a test writes one."""
    (root / "sources").mkdir(parents=True)
    (root / "documents").mkdir()
    (root / "documents" / document_name).write_text(document, encoding="utf-8")
    (root / "sources" / source_name).write_text(source, encoding="utf-8")
    return root


def pytest_report_header() -> str:
    more = "; ZONECMP_TEST_PROFILE=full runs the slow tests and every CI case" if PROFILE == "quick" else ""
    return f"zonecmp test profile: {PROFILE}{more}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The quick profile leaves out the tests marked slow, and says how many it left out."""
    if PROFILE != "quick":
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test gets its own cache directory and no inherited data or locale settings."""
    monkeypatch.setenv("ZONECMP_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("ZONECMP_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COLUMNS", "160")


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Call `zonecmp ARGS...` through its real entry point; return exit code, stdout and stderr."""

    def invoke(*args: str) -> Result:
        monkeypatch.setattr(sys, "argv", ["zonecmp", *args])
        with pytest.raises(SystemExit) as done:
            main()
        captured = capsys.readouterr()
        return Result(done.value.code, captured.out, captured.err)

    return invoke


@contextmanager
def umask(mask: int) -> Iterator[None]:
    """Run the block under a umask, as a user whose shell sets it would."""
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)
