"""The Python API for notebooks: the same frames the CLI prints."""

from __future__ import annotations

import zonecmp
from conftest import FIXTURES


def test_load_and_filter():
    dataset = zonecmp.load()
    facts = zonecmp.facts(dataset, year=2024, zone="weihai", kind="target")
    assert len(facts) == 16
    assert facts.set_index("id").loc["weihai-2024-gdp-growth", "value"] == 6


def test_side_by_side_compare_and_diff_match_the_cli(run):
    dataset = zonecmp.load()
    pivot = zonecmp.side_by_side(dataset, zonecmp.facts(dataset, year=2024, kind="target"))
    assert pivot.set_index("metric").loc["gdp_growth", "weihai"] == "6%"
    assert list(zonecmp.compare(dataset, ["weihai"]).columns) == ["metric", "metric_name", "detail", "kind", "weihai"]
    changes = zonecmp.diff(zonecmp.load(str(FIXTURES / "shapes")), "example@2024", "example@2025")
    assert changes.set_index(["metric", "detail"]).loc[("fixed_asset_investment_growth", ""), "verdict"] == "lowered"


def test_errors_are_exceptions_not_exits():
    import pytest

    with pytest.raises(zonecmp.UsageError, match="unknown zone 'nowhere'"):
        zonecmp.facts(zonecmp.load(), zone="nowhere")
    with pytest.raises(zonecmp.DataError):
        zonecmp.load(str(FIXTURES / "errors" / "unknown-zone"))
