"""zonecmp against what a user would otherwise pick, side by side in one run, on the same data.

    python -m venv /tmp/duck && /tmp/duck/bin/pip install duckdb duckdb-cli pandas
    python benchmarks/versus.py --duckdb-python /tmp/duck/bin/python --duckdb-cli /tmp/duck/bin/duckdb
    python benchmarks/versus.py --sizes 100000 1000000 --repeat 5 ...      # the figures of docs/performance.md

For each size it generates a dataset (benchmarks/generate.py), fills zonecmp's cache with one
unmeasured run, and exports the facts once as CSV (`zonecmp facts --format csv`): the file DuckDB
and the pandas script read, as a user who wanted to skip zonecmp would. Then, in rounds, each tool
runs each job once in a fresh process, in turn, so a busy machine's noise falls on all alike:

- `targets --year 2024`, the side-by-side pivot (DuckDB: PIVOT ... USING string_agg);
- `diff A@2024 B@2024` (DuckDB: a full outer join of the two zones' targets on the claim);
- `facts --format csv`, the full export (DuckDB: COPY (SELECT *) TO stdout);
- `facts --year 2024` as CSV (DuckDB: the same with WHERE year = 2024).

zonecmp runs with its warm cache; DuckDB runs as its Python module (`--duckdb-python`, an
interpreter with duckdb installed: DuckDB is never a dependency of zonecmp) and as its command-line
program (`--duckdb-cli`), each of which may be left out; the pandas script reads the CSV and does
the pivot and the year filter. Figures are medians of wall time; memory is the largest peak RSS.
Last, for the edit job, one source file is edited (a comment appended) before each run of
`zonecmp targets --year 2024`: a cold load that reads only that file again (cache.py).

The table goes to stdout (markdown), progress to stderr.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402  (a script beside this one, not a package)
from run import RACY_SECONDS, Run, machine, run_once  # noqa: E402

FLOOR = [sys.executable, "-c", "import pandas, yaml, typer, rich"]
CELL = "coalesce(comparator, '') || coalesce(CAST(value AS VARCHAR), text, '') || coalesce(unit, '')"
SQL = {
    "targets --year 2024": f"""COPY (PIVOT (SELECT metric, zone, {CELL} AS cell FROM read_csv('{{csv}}')
        WHERE kind = 'target' AND year = 2024) ON zone USING string_agg(cell, ' | ') GROUP BY metric ORDER BY metric)
        TO '/dev/stdout' (HEADER)""",
    "diff A@2024 B@2024": f"""COPY (WITH facts AS (SELECT *, {CELL} AS cell FROM read_csv('{{csv}}')
        WHERE kind = 'target' AND year = 2024),
        a AS (SELECT * FROM facts WHERE zone = '{{left}}'), b AS (SELECT * FROM facts WHERE zone = '{{right}}')
        SELECT coalesce(a.metric, b.metric) AS metric, coalesce(a.period, b.period) AS period, a.cell AS left_cell,
        b.cell AS right_cell, CASE WHEN a.id IS NULL THEN 'added' WHEN b.id IS NULL THEN 'dropped'
        WHEN a.cell = b.cell THEN 'same' ELSE 'changed' END AS verdict
        FROM a FULL OUTER JOIN b ON a.metric = b.metric AND a.period = b.period AND a.tier IS NOT DISTINCT FROM b.tier
        ORDER BY metric, period) TO '/dev/stdout' (HEADER)""",
    "facts --format csv": "COPY (SELECT * FROM read_csv('{csv}')) TO '/dev/stdout' (HEADER)",
    "facts --year 2024": "COPY (SELECT * FROM read_csv('{csv}') WHERE year = 2024) TO '/dev/stdout' (HEADER)",
}
PANDAS = {
    "targets --year 2024": """
import sys, pandas as pd
f = pd.read_csv(sys.argv[1], keep_default_na=False, dtype={"value": str})
f = f[(f["kind"] == "target") & (f["year"] == 2024)]
stated = f["comparator"].replace("=", "") + f["value"] + f["unit"]
cell = stated.where(f["value"] != "", f["text"])
f.assign(cell=cell).pivot_table(index="metric", columns="zone", values="cell", aggfunc=" | ".join).to_csv(sys.stdout)
""",
    "facts --year 2024": """
import sys, pandas as pd
f = pd.read_csv(sys.argv[1], keep_default_na=False)
f[f["year"] == 2024].to_csv(sys.stdout, index=False)
""",
}


def zonecmp_args(job: str, left: str, right: str) -> list[str]:
    return {"targets --year 2024": ["targets", "--year", "2024", "--format", "csv"],
            "diff A@2024 B@2024": ["diff", f"{left}@2024", f"{right}@2024", "--format", "csv"],
            "facts --format csv": ["facts", "--format", "csv"],
            "facts --year 2024": ["facts", "--year", "2024", "--format", "csv"]}[job]


def median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def checked(run: Run, what: str) -> Run:
    if run.code != 0:
        raise SystemExit(f"{what} exited {run.code}: {run.stderr.strip()[-2000:]}")
    return run


def tool_commands(zonecmp: list[str], data: Path, csv: Path,
                  args: argparse.Namespace) -> dict[str, dict[str, list[str]]]:
    """Each tool's command for each job it does; `diff` compares the first two zones (at a tiny
    size there is one: it is compared with itself)."""
    quoted = str(csv).replace("'", "''")  # a path as an SQL string
    left = "zone0001"
    right = "zone0002" if any((data / "sources").glob("zone0002-*.yaml")) else left
    tools = {"zonecmp": {job: zonecmp + zonecmp_args(job, left, right) for job in SQL}}
    if args.duckdb_python:
        tools["DuckDB (Python)"] = {job: [args.duckdb_python, "-c", "import duckdb, sys; duckdb.sql(sys.argv[1])",
                                          sql.format(csv=quoted, left=left, right=right)] for job, sql in SQL.items()}
    if args.duckdb_cli:
        tools["DuckDB CLI"] = {job: [args.duckdb_cli, "-c", sql.format(csv=quoted, left=left, right=right)]
                               for job, sql in SQL.items()}
    pandas_python = args.duckdb_python or sys.executable
    tools["pandas script"] = {job: [pandas_python, "-c", code, str(csv)] for job, code in PANDAS.items()}
    return tools


def edited_runs(data: Path, command: list[str], env: dict[str, str], scratch: Path, repeat: int) -> list[Run]:
    """`command` run after each of `repeat` edits to one source file (a comment appended)."""
    sources = sorted((data / "sources").glob("*.yaml"))
    source = sources[len(sources) // 2]
    runs = []
    for number in range(repeat):
        with open(source, "a", encoding="utf-8") as file:
            file.write(f"# edited for the benchmark ({number + 1})\n")
        time.sleep(RACY_SECONDS)  # so that the edited load is cached, as a user's would be a moment later
        runs.append(checked(run_once(command, env, scratch), "zonecmp after an edit"))
    return runs


def measure_size(size: int, args: argparse.Namespace, workdir: Path, log) -> list[str]:
    data = workdir / f"d{size}"
    if not (data / "sources").is_dir():
        log(f"generating {size:,} facts")
        generate(data, size, seed=args.seed)
    env = {**os.environ, "ZONECMP_CACHE_DIR": str(workdir / "cache"), "ZONECMP_DATA": str(data)}
    zonecmp = [sys.executable, "-m", "zonecmp"]
    scratch = workdir / "scratch"
    scratch.mkdir(exist_ok=True)
    time.sleep(RACY_SECONDS)
    log(f"{size:,}: filling the cache (a cold load) and exporting the CSV")
    checked(run_once(zonecmp + ["zones"], env, scratch), "zonecmp zones")
    csv = workdir / f"facts-{size}.csv"
    checked(run_once(zonecmp + ["facts", "--format", "csv"], env, scratch), "zonecmp facts")
    os.replace(scratch / "stdout", csv)
    tools = tool_commands(zonecmp, data, csv, args)
    runs: dict[tuple[str, str], list[Run]] = {}
    for round_number in range(args.repeat):
        log(f"{size:,}: round {round_number + 1} of {args.repeat}")
        for job in SQL:
            for tool, jobs in tools.items():
                if job in jobs:
                    runs.setdefault((tool, job), []).append(checked(run_once(jobs[job], env, scratch), f"{tool} {job}"))
    edits = edited_runs(data, tools["zonecmp"]["targets --year 2024"], env, scratch, args.repeat)
    lines = []
    others = [tool for tool in tools if tool != "zonecmp"]
    for job in SQL:
        ours = runs[("zonecmp", job)]
        cells = [f"{median(ours):.2f}", f"{max(r.peak_mb for r in ours):.0f}"]
        for tool in others:
            theirs = runs.get((tool, job))
            cells.append(f"{median(theirs):.2f} ({median(ours) / median(theirs):.2f})" if theirs else "–")
        lines.append(f"| {size:,} | `{job}` | " + " | ".join(cells) + " |")
    lines.append(f"| {size:,} | `targets --year 2024` after an edit to one file | {median(edits):.2f} | "
                 f"{max(r.peak_mb for r in edits):.0f} | " + " | ".join("–" for _ in others) + " |")
    return ["| facts | job | zonecmp s | zonecmp peak MB | " + " | ".join(f"{t} s (zonecmp ×)" for t in others) + " |",
            "| ---: | --- | ---: | ---: | " + " | ".join("---:" for _ in others) + " |", *lines]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--duckdb-python", help="a Python interpreter that has duckdb (and pandas) installed")
    parser.add_argument("--duckdb-cli", help="the duckdb command-line program")
    parser.add_argument("--workdir", type=Path, help="keep the generated data and the cache here")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="zonecmp-versus-") as temporary:
        workdir = args.workdir or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        scratch = workdir / "scratch"
        scratch.mkdir(exist_ok=True)
        floor = [checked(run_once(FLOOR, dict(os.environ), scratch), "the floor") for _ in range(args.repeat)]
        print(f"{machine()}\nFloor (`python -c \"import pandas, yaml, typer, rich\"`): {median(floor):.2f} s\n")
        for number, size in enumerate(args.sizes):
            table = measure_size(size, args, workdir, log)
            print("\n".join(table if number == 0 else table[2:]), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
