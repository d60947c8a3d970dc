"""An installed wheel, not the source tree, carries the bundled data."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.mark.slow  # builds and installs a wheel: 6 s
def test_wheel_ships_the_data_and_works_from_anywhere(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "dist"),
                    str(ROOT)], check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("zonecmp-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "zonecmp/data/zones.yaml" in names
    assert "zonecmp/data/sources/weihai-2024-02-summary-conference.yaml" in names
    assert "zonecmp/data/documents/002_4975ce9e862127e0.txt" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run([sys.executable, "-m", "zonecmp", "targets", "--year", "2024", "--format", "csv"],
                          cwd=elsewhere, capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "PYTHONPATH": str(target)})
    assert done.returncode == 0, done.stderr
    assert "gdp_growth,GDP growth,,,6%" in done.stdout
    located = subprocess.run(
        [sys.executable, "-c", "from zonecmp.dataset.loader import bundled_data_dir; print(bundled_data_dir())"],
        cwd=elsewhere, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(target)})
    assert located.stdout.strip() == str(target / "zonecmp" / "data")
