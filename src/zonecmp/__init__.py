"""zonecmp: compare what China's high-tech zones promise and what they report.

The Python API, for notebooks (the CLI is a thin layer over the same functions)::

    import zonecmp
    dataset = zonecmp.load()                      # the bundled data; zonecmp.load("my-data") adds a directory
    facts = zonecmp.facts(dataset, year=2024)     # the tidy table, the columns of `zonecmp facts`
    zonecmp.side_by_side(dataset, zonecmp.facts(dataset, kind="target"))
    zonecmp.compare(dataset, ["tangshan", "weihai"])
    zonecmp.diff(dataset, "weihai@2024", "tangshan@2023")

Names are imported on first use, so `import zonecmp` (and `zonecmp --help`) stays fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = {
    "load": "zonecmp.api", "facts": "zonecmp.api",
    "Dataset": "zonecmp.dataset.loader", "Filters": "zonecmp.views.select", "filter_facts": "zonecmp.views.select",
    "side_by_side": "zonecmp.views.pivot", "compare": "zonecmp.views.pivot", "diff": "zonecmp.views.diff",
    "ZonecmpError": "zonecmp.errors", "DataError": "zonecmp.errors", "UsageError": "zonecmp.errors",
}
__all__ = sorted(_API) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'zonecmp' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_API[name]), name)
