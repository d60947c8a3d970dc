"""Time zonecmp's start-up on the bundled data: help against `import typer`, queries against the floor.

    python benchmarks/startup.py               # 25 rounds (~2 min on 2 cores)
    python benchmarks/startup.py --rounds 5    # a quick look

People call zonecmp in shell loops, so the cost of one call is what they feel. Issue 4 asks for
`--help`, `--version` and every `COMMAND --help` within 1.5 x `python -c "import typer"`, and any
query on the bundled data within 1.15 x the floor `python -c "import pandas, yaml, typer, rich"`.

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
HELP = [["--help"], ["--version"], ["targets", "--help"], ["diff", "--help"], ["check", "--help"]]
QUERIES = [
    ["targets", "--year", "2024"], ["actuals", "--year", "2023"], ["compare", "weihai", "tangshan"],
    ["diff", "weihai@2024", "weihai@2023"], ["facts", "--format", "csv"], ["zones"], ["metrics"], ["sources"],
    ["show", "weihai-2024-gdp-growth"], ["rank", "gdp_growth", "--year", "2024"], ["check"],
]


def zonecmp_command() -> list[str]:
    script = Path(sys.executable).with_name("zonecmp")
    return [str(script)] if script.exists() else [sys.executable, "-m", "zonecmp"]


def cpu_and_wall(command: list[str]) -> tuple[float, float]:
    """Run a command to completion with its output discarded; its CPU seconds and wall seconds."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
    measured = [TYPER, *((f"zonecmp {' '.join(a)}", program + a) for a in HELP),
                FLOOR, *((f"zonecmp {' '.join(a)}", program + a) for a in QUERIES)]
    cpu_and_wall(program + ["targets"])  # fill the cache
    cpu_and_wall(program + ["check"])
    cpu: dict[str, list[float]] = {name: [] for name, _ in measured}
    wall: dict[str, list[float]] = {name: [] for name, _ in measured}
    for done in range(args.rounds):
        for name, command in measured:
            spent, elapsed = cpu_and_wall(command)
            cpu[name].append(spent)
            wall[name].append(elapsed)
        print(f"round {done + 1}/{args.rounds}", file=sys.stderr, flush=True)

    lines = [f"`{' '.join(program)}`, {args.rounds} rounds, Python {sys.version.split()[0]}, "
             f"load average {os.getloadavg()[0]:.1f}",
             "", "| command | CPU s | wall s | × its base (CPU) |", "| --- | ---: | ---: | ---: |"]
    base = TYPER[0]
    for name, _ in measured:
        if name == FLOOR[0]:
            base = name
        ratio = statistics.median(cpu[name]) / statistics.median(cpu[base])
        lines.append(f"| `{name}` | {statistics.median(cpu[name]):.3f} | {statistics.median(wall[name]):.3f} "
                     f"| {ratio:.2f} × `{base}` |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
