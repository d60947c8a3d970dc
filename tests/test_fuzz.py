"""Fuzzing (issue #5): a broken data directory gives `file:line: ...` errors and exit 2, never a traceback.

How many cases, by $ZONECMP_TEST_PROFILE (tests/conftest.py): `quick` (the default, about 200 cases in
seconds), `full` (.ci/run: about 1,350 cases in well under a minute) and `long` (100,000 cases of the
loader, 30,000 of the commands; scripts/fuzz-long runs it).
$ZONECMP_FUZZ_STATS names a JSON file that receives the counts of what the run tried.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PROFILE, write_source
from fuzz_strategies import (
    DOCUMENT,
    SOURCE,
    Case,
    Result,
    _valid_trees,
    check_cli,
    check_problems,
    command_lines,
    commands,
    count_facts,
    data_dirs,
    dump,
    environment,
    run_in_process,
)

CASES = {  # examples per test and profile (tests/conftest.py: $ZONECMP_TEST_PROFILE)
    "quick": {"loader": 150, "commands": 50, "subprocess": 2, "round_trip": 15},
    "full": {"loader": 1_000, "commands": 300, "subprocess": 4, "round_trip": 50},
    "long": {"loader": 100_000, "commands": 30_000, "subprocess": 100, "round_trip": 3_000},
}
for _name in CASES:
    settings.register_profile(f"zonecmp-fuzz-{_name}", deadline=None, print_blob=True,
                              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                     HealthCheck.large_base_example, HealthCheck.filter_too_much])


def fuzz_settings(test: str) -> settings:
    return settings(settings.get_profile(f"zonecmp-fuzz-{PROFILE}"), max_examples=CASES[PROFILE][test])


STATS: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_stats():
    """Write what was tried to $ZONECMP_FUZZ_STATS (merged with an earlier run's counts) at the end."""
    yield
    target = os.environ.get("ZONECMP_FUZZ_STATS")
    if target:
        path = Path(target)
        previous = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        path.write_text(json.dumps(dict(Counter(previous) + STATS), indent=2, sort_keys=True) + "\n", encoding="utf-8")


# A tmpfs where there is one: /tmp on a disk costs ~10 ms a case to create and delete a directory.
FAST_TMP = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


def _written(case: Case, tmp: str) -> Path:
    root = Path(tmp) / "data"
    case.write(root)
    return root


@fuzz_settings("loader")
@given(case=data_dirs())
def test_loader_reports_every_broken_file_and_loses_no_fact(case):
    from zonecmp.api import load
    from zonecmp.errors import DataError

    with tempfile.TemporaryDirectory(prefix="zonecmp-fuzz-", dir=FAST_TMP) as tmp:
        root = _written(case, tmp)
        with environment(ZONECMP_MAX_FILE_MB=case.max_file_mb):
            try:
                dataset = load(root, use_cache=False)
            except DataError as error:
                check_problems(error, root)
                STATS["loader: refused with file:line problems"] += 1
                return
        for path in sorted((root / "sources").glob("*.yaml")):  # nothing lost: every fact became a row
            if path.is_file():
                assert (dataset.facts["file"] == f"sources/{path.name}").sum() == count_facts(path), path.name
        STATS["loader: loaded"] += 1


@fuzz_settings("commands")
@given(case=data_dirs(), data=st.data())
def test_every_command_ends_with_0_1_or_2_and_located_errors(case, data):
    usable, _ = commands()
    command = data.draw(st.sampled_from(usable), label="command")
    with tempfile.TemporaryDirectory(prefix="zonecmp-fuzz-", dir=FAST_TMP) as tmp:
        root = _written(case, tmp)
        args = data.draw(command_lines(command, root), label="argv")
        with environment(ZONECMP_MAX_FILE_MB=case.max_file_mb, ZONECMP_DATA=str(root)):
            result = run_in_process(args)
        check_cli(result, root, command.name, args)
    STATS[f"command {command.name}: exit {result.code}"] += 1


@pytest.mark.slow  # a real process per case
@fuzz_settings("subprocess")
@given(case=data_dirs(), data=st.data())
def test_a_real_process_never_crashes(case, data):
    """A few cases in a real process: a crash of the C YAML parser (a segfault) would show here."""
    usable, _ = commands()
    command = data.draw(st.sampled_from([c for c in usable if "--data" in c.options]), label="command")
    with tempfile.TemporaryDirectory(prefix="zonecmp-fuzz-", dir=FAST_TMP) as tmp:
        root = _written(case, tmp)
        args = data.draw(command_lines(command, root), label="argv")
        env = {**os.environ, "ZONECMP_DATA": str(root)}
        env.pop("ZONECMP_MAX_FILE_MB", None)
        if case.max_file_mb is not None:
            env["ZONECMP_MAX_FILE_MB"] = case.max_file_mb
        done = subprocess.run([sys.executable, "-m", "zonecmp", *args], capture_output=True, text=True,
                              encoding="utf-8", errors="replace", env=env, stdin=subprocess.DEVNULL, timeout=120)
        assert done.returncode >= 0, f"killed by signal {-done.returncode}"
        check_cli(Result(done.returncode, done.stdout, done.stderr), root, command.name, args)
    STATS["subprocess"] += 1


def test_every_command_is_fuzzed():
    """A command with required arguments is fuzzed only once ARGUMENTS in tests/fuzz_strategies.py names them."""
    usable, skipped = commands()
    assert usable
    assert skipped == [], f"add the arguments of {', '.join(skipped)} to ARGUMENTS in tests/fuzz_strategies.py"


# Text a fact may hold: printable (the loader refuses control characters, tests/test_hostile.py), and
# hard to export: separators, quotes, formula starters. A note may also run over lines and hold tabs.
TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), max_size=30) | st.sampled_from(
    ["a, b", 'say "yes"', "=SUM(A1)", "+86 123", "增长6%，力争7%", "'", ""])
NOTE = TEXT | st.sampled_from(["line\nbreak", "two\n\nparagraphs", "\t=1", "tab\tinside"])


@st.composite
def valid_facts(draw: st.DrawFn) -> list[dict]:
    """Facts that load, with text that is hard to export and numbers of every size and precision."""
    facts = []
    for i in range(draw(st.integers(1, 4))):
        unit, metric = draw(st.sampled_from([("%", "gdp_growth"), ("亿元", "fuzz_revenue"),
                                             ("万美元", "fuzz_revenue")]))
        value = draw(st.integers(-10**15, 10**15) | st.floats(-1e15, 1e15, allow_nan=False))
        fact = {"id": f"fuzz-a-{i}", "metric": metric, "value": value, "unit": unit,
                "quote": draw(TEXT.filter(str.strip)), "note": draw(NOTE), "relative_to": draw(TEXT)}
        facts.append({k: v for k, v in fact.items() if v != ""})
    return facts + draw(st.sampled_from([[], [{**facts[0], "id": "fuzz-a-again", "value": 1}]]))  # a conflict


@fuzz_settings("round_trip")
@given(facts=valid_facts())
def test_json_and_csv_exports_read_back_to_the_loaded_facts(facts):
    import pandas as pd

    from zonecmp.api import load

    with tempfile.TemporaryDirectory(prefix="zonecmp-fuzz-", dir=FAST_TMP) as tmp:
        source = {**SOURCE, "facts": facts}
        root = _written(Case({**{n: t for n, (_, t) in _valid_trees().items() if n != "sources/fuzz-b.yaml"},
                              "sources/fuzz-a.yaml": dump(source, flow=False).encode("utf-8"),
                              "documents/doc.txt": DOCUMENT.encode("utf-8")}, False, None), tmp)
        loaded = load(root, use_cache=False).facts
        exports = {fmt: run_in_process(["facts", "--data", str(root), "--no-cache", "-f", fmt, "--raw"])
                   for fmt in ("json", "csv")}
    from_json = {r["id"]: r for r in json.loads(exports["json"].out)}
    from_csv = {r["id"]: r for r in pd.read_csv(io.StringIO(exports["csv"].out), dtype=str,
                                                keep_default_na=False).to_dict("records")}
    assert len(from_json) == len(from_csv) == len(loaded)  # every row, the conflicting ones too
    for row in loaded.to_dict("records"):
        json_row, csv_row = from_json[row["id"]], from_csv[row["id"]]
        for column, value in row.items():
            if isinstance(value, (bool, numpy.bool_)):
                assert (json_row[column], csv_row[column]) == (value, "true" if value else "false"), column
            elif isinstance(value, str):
                assert json_row[column] == csv_row[column] == value, column
            elif value != value:  # NaN: no value
                assert (json_row[column], csv_row[column]) == (None, ""), column
            else:
                assert float(json_row[column]) == float(csv_row[column]) == value, (column, csv_row[column])
    STATS["round trip"] += 1


def test_the_oracle_reads_yaml_as_zonecmp_does(tmp_path):
    """Found by the long fuzz on 2026-12-02: `source\\t:` loads (LibYAML takes the tab), and the oracle,
    reading with PyYAML's pure-Python scanner, failed on the file zonecmp had accepted."""
    from zonecmp.api import load
    from zonecmp.errors import DataError

    root = write_source(
        tmp_path / "data",
        "source\t:\n  id: a\n  title: t\n  publisher: p\n  published: '2024-01-01'\n  document: documents/doc.txt\n"
        "defaults:\n  zone: weihai\n  period: '2024'\n  kind: target\n"
        "facts:\n- id: a-1\n  metric: gdp_growth\n  value: 7\n  unit: '%'\n  quote: 地区生产总值增长7%\n",
        "地区生产总值增长7%。\n")
    if not hasattr(yaml, "CSafeLoader"):  # PyYAML without LibYAML refuses the tab, with a located problem
        with pytest.raises(DataError):
            load(root, use_cache=False)
        return
    loaded = load(root, use_cache=False).facts
    assert (loaded["file"] == "sources/a.yaml").sum() == count_facts(root / "sources" / "a.yaml") == 1
