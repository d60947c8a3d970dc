"""Time zonecmp's start-up on the bundled data: help against `import typer`, queries against the floor.

    python benchmarks/startup.py               # 25 rounds (~2 min on 2 cores)
    python benchmarks/startup.py --rounds 5    # a quick look

People call zonecmp in shell loops, so the cost of one call is what they feel. Issue 4 asks for
`--help`, `--version` and every `COMMAND --help` within 1.5 x `python -c "import typer"`, and any
query on the bundled data within 1.15 x the floor `python -c "import pandas, yaml, typer, rich"`.

zonecmp's command line starts numpy's OpenBLAS with one thread (it does no linear algebra; see
cli.main), which the floor as the issue defines it does not: on 2 cores those threads cost 120 ms
of CPU and 24 ms of wall time. So the queries are also shown against the floor with
OPENBLAS_NUM_THREADS=1, like for like, and in wall time.

Each round runs every command once, in turn, each in a fresh process, as a user does: the
`zonecmp` script beside this Python when there is one (a venv), else `python -m zonecmp`. Interleaving
the rounds spreads a busy machine's noise over all commands alike. Each figure is the median CPU
time (user + system of the child, from os.wait4), which other processes do not inflate; wall time
is shown too. The cache is warmed once first, as any second call finds it. zonecmp's own modules
are byte-compiled first, as `pip install` does (an editable install under PYTHONDONTWRITEBYTECODE
would otherwise compile them on every call).
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import zonecmp

TYPER = ("import typer", [sys.executable, "-c", "import typer"])
FLOOR = ("import pandas, yaml, typer, rich", [sys.executable, "-c", "import pandas, yaml, typer, rich"])
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1"}
FLOOR_ONE_THREAD = "import pandas, yaml, typer, rich (OPENBLAS_NUM_THREADS=1)"
HELP = [["--help"], ["--version"], ["targets", "--help"], ["diff", "--help"], ["check", "--help"]]
QUERIES = [
    ["targets", "--year", "2024"], ["actuals", "--year", "2023"], ["compare", "weihai", "tangshan"],
    ["diff", "weihai@2024", "weihai@2023"], ["facts", "--format", "csv"], ["zones"], ["metrics"], ["sources"],
    ["show", "weihai-2024-gdp-growth"], ["rank", "gdp_growth", "--year", "2024"], ["check"],
]


def zonecmp_command() -> list[str]:
    script = Path(sys.executable).with_name("zonecmp")
    return [str(script)] if script.exists() else [sys.executable, "-m", "zonecmp"]


def cpu_and_wall(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run a command to completion with its output discarded; its CPU seconds and wall seconds."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=None if env is None else {**os.environ, **env})
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit {os.waitstatus_to_exitcode(status)}")
    return usage.ru_utime + usage.ru_stime, wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=25, help="runs of every command; the median is reported")
    args = parser.parse_args(argv)
    if not hasattr(os, "wait4"):
        raise SystemExit("this benchmark needs os.wait4 (Linux, macOS)")

    compileall.compile_dir(Path(zonecmp.__file__).parent, quiet=1)
    program = zonecmp_command()
    measured = [(TYPER[0], TYPER[1], None), (FLOOR[0], FLOOR[1], None), (FLOOR_ONE_THREAD, FLOOR[1], ONE_THREAD)]
    measured += [(f"zonecmp {' '.join(a)}", program + a, None) for a in HELP + QUERIES]
    cpu_and_wall(program + ["targets"])  # fill the cache
    cpu_and_wall(program + ["check"])
    cpu: dict[str, list[float]] = {name: [] for name, _, _ in measured}
    wall: dict[str, list[float]] = {name: [] for name, _, _ in measured}
    for done in range(args.rounds):
        for name, command, env in measured:
            spent, elapsed = cpu_and_wall(command, env)
            cpu[name].append(spent)
            wall[name].append(elapsed)
        print(f"round {done + 1}/{args.rounds}", file=sys.stderr, flush=True)

    def median(figures: dict[str, list[float]], name: str) -> float:
        return statistics.median(figures[name])

    lines = [f"`{' '.join(program)}`, {args.rounds} rounds, Python {sys.version.split()[0]}, "
             f"load average {os.getloadavg()[0]:.1f}", ""]
    lines += ["| command | CPU s | wall s | × `import typer`: CPU (wall) |", "| --- | ---: | ---: | ---: |"]
    for name in [TYPER[0]] + [f"zonecmp {' '.join(a)}" for a in HELP]:
        lines.append(f"| `{name}` | {median(cpu, name):.3f} | {median(wall, name):.3f} "
                     f"| {median(cpu, name) / median(cpu, TYPER[0]):.2f} "
                     f"({median(wall, name) / median(wall, TYPER[0]):.2f}) |")
    lines += ["", "| command | CPU s | wall s | × floor: CPU (wall) | × floor, one BLAS thread: CPU (wall) |",
              "| --- | ---: | ---: | ---: | ---: |"]
    for name in [FLOOR[0], FLOOR_ONE_THREAD] + [f"zonecmp {' '.join(a)}" for a in QUERIES]:
        ratios = [f"{median(cpu, name) / median(cpu, base):.2f} ({median(wall, name) / median(wall, base):.2f})"
                  for base in (FLOOR[0], FLOOR_ONE_THREAD)]
        lines.append(f"| `{name}` | {median(cpu, name):.3f} | {median(wall, name):.3f} | {ratios[0]} | {ratios[1]} |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
