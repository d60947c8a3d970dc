"""Shared test helpers: run the real `zonecmp` entry point in-process and capture what it prints."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from zonecmp.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
