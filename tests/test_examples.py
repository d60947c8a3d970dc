"""The shell scripts in examples/ run against the installed `zonecmp` and print what they promise."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

EXAMPLES = ROOT / "examples"


def run_example(name: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    # The scripts call `zonecmp`; put the one of this interpreter's environment first on PATH.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    done = subprocess.run(["bash", str(EXAMPLES / name), *args], capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "PATH": path}, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done


def test_spreadsheet_export(tmp_path):
    done = run_example("spreadsheet.sh", str(tmp_path))
    assert done.stdout == (f"wrote {tmp_path}/facts.csv, {tmp_path}/targets-2024.csv, {tmp_path}/facts.xlsx and "
                           f"{tmp_path}/targets-2024.xlsx\n")
    targets = (tmp_path / "targets-2024.csv").read_bytes()
    assert targets.startswith(b"\xef\xbb\xbfmetric,metric_name,detail,tangshan,weihai")
    import openpyxl

    assert openpyxl.load_workbook(tmp_path / "facts.xlsx").sheetnames == ["facts", "sources"]
    sheet = openpyxl.load_workbook(tmp_path / "targets-2024.xlsx")["targets"]
    assert (sheet["H2"].value, sheet["H2"].number_format, sheet["L2"].value) == (0.06, "0%", "6%")


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed (.ci/run installs it)")
def test_jq_over_json():
    lines = run_example("jq.sh").stdout.splitlines()
    assert lines[0] == "weihai\tdomestic_capital_in_place\t10000000000"
    assert lines[1] == "weihai\tkey_projects_planned_investment\t8000000000"


@pytest.mark.slow  # a zonecmp process per zone: 8 s
def test_loop_over_zones():
    lines = run_example("loop-zones.sh").stdout.splitlines()
    assert lines[0] == "tangshan\t4 targets\t14 actuals"
    assert lines[1] == "weihai\t16 targets\t0 actuals"
    assert len(lines) == 6


def test_my_data_directory(tmp_path):
    out = run_example("my-data.sh", cwd=tmp_path).stdout
    assert "sample" in out and "weihai" in out
    assert "~6.5%" in out and "5.5%" in out
