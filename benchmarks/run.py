"""Time zonecmp on synthetic datasets, cold and warm, against the floor of importing its libraries.

    python benchmarks/run.py                                             # 1k and 10k facts, ~1 min
    python benchmarks/run.py --sizes 100000                              # ~5 min
    python benchmarks/run.py --sizes 1000000 --repeat 3 --cold-repeat 1  # by hand, ~40 min on 2 cores

For each size it generates a dataset (benchmarks/generate.py) and runs each command as a user would,
in a fresh process: `python -m zonecmp COMMAND ...` with ZONECMP_DATA pointing at the dataset (so it
loads after the bundled data). "cold" runs start with an empty cache directory each (the first run
after an edit: parse, validate, write the cache); "warm" runs share a cache that one unmeasured run
filled. Each figure is the median of the runs, as wall time and as CPU time (user + system, which
other processes on a shared machine do not inflate); memory is the largest peak RSS among them.
Both are read per child with os.wait4. The floor, `python -c "import pandas, yaml, typer, rich"`, is
measured in the same session, so the ratios compare across machines. Every warm output must be
byte-identical to the cold one: the cache may never change a result. The markdown table goes to
stdout, progress to stderr. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import Summary, generate  # noqa: E402  (a script beside this one, not a package)

FLOOR = [sys.executable, "-c", "import pandas, yaml, typer, rich"]
LOAD_ONLY = [sys.executable, "-c", "from zonecmp.dataset import cache, loader; cache.load(loader.data_dirs_from(None))"]
RACY_SECONDS = 2.1  # zonecmp does not cache files modified in the last 2 s (cache.RACY_NS)
RSS_UNIT = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in bytes on macOS, KiB on Linux


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system: what contention from other processes does not inflate
    peak_mb: float
    code: int
    stderr: str
    output_sha256: str


@dataclass(frozen=True)
class Row:
    size: int
    name: str
    cold: list[Run]
    warm: list[Run]


def run_once(command: list[str], env: dict[str, str], scratch: Path) -> Run:
    """Run one command to completion; wall and CPU time, its own peak RSS, exit code, stderr, output digest."""
    output = scratch / "stdout"
    with open(output, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE)
        assert process.stderr is not None
        stderr = process.stderr.read()
        process.stderr.close()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
    digest = hashlib.sha256()
    with open(output, "rb") as written:
        for chunk in iter(lambda: written.read(1 << 20), b""):
            digest.update(chunk)
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * RSS_UNIT / 2**20, process.returncode,
               stderr.decode("utf-8", "replace"), digest.hexdigest())


def median_seconds(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def median_cpu(runs: list[Run]) -> float:
    return statistics.median(r.cpu_seconds for r in runs)


def commands(summary: Summary) -> dict[str, list[str]]:
    """The measured commands, with zones and years that exist at every size."""
    zonecmp = [sys.executable, "-m", "zonecmp"]
    first = summary.zones[0]
    second = summary.zones[1] if len(summary.zones) > 1 else first
    last, before = summary.years[-1], summary.years[-2]
    return {
        "load only (python -c cache.load)": LOAD_ONLY,
        f"targets --year {last} --format csv": zonecmp + ["targets", "--year", str(last), "--format", "csv"],
        "facts --format csv": zonecmp + ["facts", "--format", "csv"],
        f"diff {first}@{before} {first}@{last} --format csv": zonecmp + [
            "diff", f"{first}@{before}", f"{first}@{last}", "--format", "csv"],
        f"compare {first} {second} --format csv": zonecmp + ["compare", first, second, "--format", "csv"],
        "check": zonecmp + ["check"],
    }


def measure_size(size: int, repeat: int, cold_repeat: int, only: list[str], workdir: Path, seed: int,
                 log: Callable[[str], None]) -> list[Row]:
    """Generate `size` facts and time every command on them, cold and warm."""
    data = workdir / f"facts-{size}"
    started = time.perf_counter()
    summary = generate(data, size, seed)
    log(f"{size} facts: generated in {time.perf_counter() - started:.1f} s "
        f"({summary.sources} sources, {len(summary.zones)} zones)")
    generated_at = time.time()
    base_env = {**os.environ, "ZONECMP_DATA": str(data), "LANG": "C.UTF-8"}
    base_env.pop("NO_COLOR", None)
    warm_cache = workdir / f"cache-{size}"
    warm_env = {**base_env, "ZONECMP_CACHE_DIR": str(warm_cache)}

    def cold_run(command: list[str], attempt: int) -> Run:
        cold_cache = workdir / f"cold-{size}-{attempt}"  # empty: parse, validate, write the cache
        try:
            return run_once(command, {**base_env, "ZONECMP_CACHE_DIR": str(cold_cache)}, workdir)
        finally:
            shutil.rmtree(cold_cache, ignore_errors=True)

    rows = []
    for name, command in commands(summary).items():
        if only and not any(word in name for word in only):
            continue
        first = cold_run(command, 0)
        if first.code == 2 and "No such command" in first.stderr:
            log(f"  {name}: not a zonecmp command yet, skipped")
            rows.append(Row(size, name, [], []))
            continue
        cold = [first] + [cold_run(command, attempt) for attempt in range(1, cold_repeat)]
        time.sleep(max(0.0, generated_at + RACY_SECONDS - time.time()))  # else zonecmp will not cache it
        run_once(command, warm_env, workdir)  # fills the warm cache
        if not warm_cache.is_dir() or not any(warm_cache.iterdir()):
            raise SystemExit(f"{name} at {size} facts wrote no cache: the warm figures would be cold ones")
        warm = [run_once(command, warm_env, workdir) for _ in range(repeat)]
        check_runs(name, size, cold, warm, log)
        rows.append(Row(size, name, cold, warm))
    shutil.rmtree(warm_cache, ignore_errors=True)
    return rows


def check_runs(name: str, size: int, cold: list[Run], warm: list[Run], log: Callable[[str], None]) -> None:
    """Stop on a failed run or on output that differs between runs: the cache must not change results."""
    for run in cold + warm:
        if run.code not in (0, 1):
            raise SystemExit(f"{name} at {size} facts exited {run.code}:\n{run.stderr}")
    if {r.output_sha256 for r in cold + warm} != {cold[0].output_sha256}:
        raise SystemExit(f"{name} at {size} facts: output differs between runs or between cold and warm")
    codes = sorted({r.code for r in cold + warm} - {0})
    log(f"  {name}: cold {median_seconds(cold):.2f} s (CPU {median_cpu(cold):.2f}), "
        f"warm {median_seconds(warm):.2f} s (CPU {median_cpu(warm):.2f})"
        + (f" (exit {codes})" if codes else ""))


def table(rows: list[Row], floor: list[Run], floor_one_thread: list[Run]) -> str:
    """The results as a markdown table: wall seconds (CPU seconds), ratios to the floor, peak memory.

    zonecmp's command line starts OpenBLAS with one thread (cli.main); the floor as issue 4 defines
    it does not, which costs it about 120 ms of CPU on 2 cores. The last ratio column compares warm
    CPU time with the floor under OPENBLAS_NUM_THREADS=1, like for like."""
    base, base_cpu = median_seconds(floor), median_cpu(floor)
    one_thread_cpu = median_cpu(floor_one_thread)
    lines = [
        f"Floor (`python -c \"import pandas, yaml, typer, rich\"`): {base:.3f} s wall, {base_cpu:.3f} s CPU, "
        f"peak {max(r.peak_mb for r in floor):.0f} MB; with OPENBLAS_NUM_THREADS=1: "
        f"{median_seconds(floor_one_thread):.3f} s wall, {one_thread_cpu:.3f} s CPU.",
        "",
        "| facts | command | cold s (CPU s) | cold × floor | warm s (CPU s) | warm × floor: wall (CPU) "
        "| warm CPU × one-thread floor | peak MB cold | peak MB warm |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        if not row.cold:
            lines.append(f"| {row.size:,} | `{row.name}` | n/a | | n/a | | | | |")
            continue
        cold, warm = median_seconds(row.cold), median_seconds(row.warm)
        cold_cpu, warm_cpu = median_cpu(row.cold), median_cpu(row.warm)
        lines.append(
            f"| {row.size:,} | `{row.name}` | {cold:.2f} ({cold_cpu:.2f}) | {cold / base:.1f} "
            f"| {warm:.2f} ({warm_cpu:.2f}) | {warm / base:.1f} ({warm_cpu / base_cpu:.1f}) "
            f"| {warm_cpu / one_thread_cpu:.1f} "
            f"| {max(r.peak_mb for r in row.cold):.0f} | {max(r.peak_mb for r in row.warm):.0f} |")
    return "\n".join(lines)


def machine() -> str:
    """One line on where the figures come from."""
    memory = ""
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        memory = f", {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    return (f"{platform.machine()}, {os.cpu_count()} CPUs{memory}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of facts")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is reported")
    parser.add_argument("--cold-repeat", type=int, help="cold runs per figure (default: --repeat)")
    parser.add_argument("--only", nargs="+", default=[], metavar="WORD",
                        help="measure only the commands whose name contains one of these words")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="where datasets and caches go (default: a temporary dir)")
    args = parser.parse_args(argv)
    if not hasattr(os, "wait4"):
        raise SystemExit("this benchmark needs os.wait4 (Linux, macOS)")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="zonecmp-bench-") as temporary:
        workdir = args.workdir or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        floor_runs = max(3, args.repeat)
        one_thread = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}

        def floors() -> tuple[list[Run], list[Run]]:
            return ([run_once(FLOOR, dict(os.environ), workdir) for _ in range(floor_runs)],
                    [run_once(FLOOR, one_thread, workdir) for _ in range(floor_runs)])

        floor, floor_one_thread = floors()
        log(f"floor: {median_seconds(floor):.3f} s (CPU {median_cpu(floor):.3f}); "
            f"one BLAS thread: CPU {median_cpu(floor_one_thread):.3f}")
        rows = []
        for size in args.sizes:
            rows += measure_size(size, args.repeat, args.cold_repeat or args.repeat, args.only, workdir, args.seed,
                                 log)
            if not args.workdir:
                shutil.rmtree(workdir / f"facts-{size}", ignore_errors=True)
        more, more_one_thread = floors()  # again at the end, in case the machine drifted
        print(f"Machine: {machine()}\n\n{table(rows, floor + more, floor_one_thread + more_one_thread)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
