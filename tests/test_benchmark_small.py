"""The benchmark's synthetic data at a small size: the real loader accepts it with the bundled data,
every quote is verbatim in its document and says the number, unit and comparator of its fact, and a
seed always gives the same bytes. The large sizes are run by hand (docs/performance.md)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zonecmp.dataset import cache, loader

ROOT = Path(__file__).resolve().parents[1]
GENERATE = ROOT / "benchmarks" / "generate.py"
RUN = ROOT / "benchmarks" / "run.py"
COMPARATOR_WORDS = {">=": "以上", ">": "超过", "~": "左右"}


def _generate(outdir: Path, facts: int, seed: int = 1) -> None:
    subprocess.run([sys.executable, str(GENERATE), str(outdir), "--facts", str(facts), "--seed", str(seed)],
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("bench") / "data"
    _generate(outdir, 1000)
    an_hour_ago = time.time() - 3600  # as old as a checked-out dataset, so the cache may keep it
    for path in outdir.rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    return outdir


def _as_written(number: float) -> str:
    return str(int(number)) if number.is_integer() else repr(number)


def test_generated_data_loads_after_the_bundled_data(generated):
    bundled = loader.load_dataset([loader.bundled_data_dir()])
    both = loader.load_dataset(loader.data_dirs_from([generated]))
    assert len(both.facts) == len(bundled.facts) + 1000
    assert not set(bundled.zones) & set(both.zones.keys() - bundled.zones.keys())
    assert len(both.metrics) > len(bundled.metrics)
    mine = both.facts[both.facts["zone"].str.startswith("zone")]
    assert set(mine["kind"]) == {"target", "actual"}
    assert {">=", ">", "~", "range", "="} <= set(mine["comparator"])
    assert mine["year"].nunique() >= 10


def test_every_generated_quote_is_in_its_document_and_reads_as_its_fact(generated):
    dataset = loader.load_dataset([generated])
    documents = {sid: (Path(s.data_dir) / s.document).read_text(encoding="utf-8")
                 for sid, s in dataset.sources.items()}
    for fact in dataset.facts.itertuples():
        assert fact.quote in documents[fact.source], fact.id
        if fact.text:
            assert fact.text in fact.quote
            continue
        assert _as_written(fact.value) + fact.unit in fact.quote, fact.id
        if fact.comparator == "range":
            assert _as_written(fact.value_max) + fact.unit in fact.quote, fact.id
        elif fact.comparator in COMPARATOR_WORDS:
            assert COMPARATOR_WORDS[fact.comparator] in fact.quote, fact.id


def test_generated_data_through_the_cache_is_the_same(generated, tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    dirs = loader.data_dirs_from([generated])
    fresh = loader.load_dataset(dirs)
    for _ in range(2):
        dataset = cache.load(dirs)
        assert dataset.sources == fresh.sources
        assert dataset.facts.equals(fresh.facts)
    assert sorted(p.suffix for p in (tmp_path / "cache").iterdir()) == [cache.SUFFIX, cache.LATEST_SUFFIX]


def test_the_same_seed_gives_the_same_bytes(tmp_path):
    _generate(tmp_path / "a", 300, seed=7)
    _generate(tmp_path / "b", 300, seed=7)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)


@pytest.mark.slow  # runs benchmarks/run.py: 10 s
def test_the_benchmark_script_runs_and_reports_a_table(tmp_path):
    """A smoke run at a tiny size (CI's budget); it also fails if a warm output differs from a cold one."""
    done = subprocess.run([sys.executable, str(RUN), "--sizes", "200", "--repeat", "1", "--only", "load only",
                           "--workdir", str(tmp_path)], check=True, capture_output=True, text=True)
    assert "| 200 | `load only (python -c cache.load)` |" in done.stdout
    assert "Floor" in done.stdout


@pytest.mark.slow  # runs benchmarks/startup.py: 15 s
def test_the_startup_benchmark_runs_every_command_and_reports_ratios(tmp_path):
    """One round of benchmarks/startup.py: every measured command must succeed (it stops otherwise)."""
    env = {**os.environ, "ZONECMP_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, str(RUN.with_name("startup.py")), "--rounds", "1"], check=True,
                          capture_output=True, text=True, env=env)
    rows = [line for line in done.stdout.splitlines() if line.startswith("| `")]
    assert len(rows) == 19  # import typer, 5 help commands, two floors, 11 queries
    assert sum(line.startswith("| `zonecmp targets --year 2024` |") for line in rows) == 1


@pytest.mark.slow  # runs benchmarks/versus.py: 15 s
def test_the_side_by_side_benchmark_runs_zonecmp_and_the_pandas_script(tmp_path):
    """One round of benchmarks/versus.py at a tiny size, without DuckDB (CI does not install it):
    every zonecmp job, the pandas script and the edit job must succeed (it stops otherwise)."""
    done = subprocess.run([sys.executable, str(RUN.with_name("versus.py")), "--sizes", "200", "--repeat", "1",
                           "--workdir", str(tmp_path)], check=True, capture_output=True, text=True)
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 200 |")]
    assert [row.split(" | ")[1] for row in rows] == [
        "`targets --year 2024`", "`diff A@2024 B@2024`", "`facts --format csv`", "`facts --year 2024`",
        "`targets --year 2024` after an edit to one file"]
    assert rows[0].endswith(") |") and rows[1].endswith("| – |")  # the pandas script does the pivot, not the diff
