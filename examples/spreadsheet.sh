#!/usr/bin/env bash
# Export for a spreadsheet: every fact, and the 2024 targets side by side, as CSV with a byte-order
# mark so Excel shows the Chinese text correctly; and as workbooks of typed cells: the facts with a
# sheet of their sources, and the 2024 targets one fact a row, their numbers ready to chart.
# Usage: examples/spreadsheet.sh [OUTDIR]
set -euo pipefail
out=${1:-.}
zonecmp facts --format csv --bom --output "$out/facts.csv"
zonecmp targets --year 2024 --format csv --bom --output "$out/targets-2024.csv"
zonecmp facts --output "$out/facts.xlsx"
zonecmp targets --year 2024 --long --output "$out/targets-2024.xlsx"
echo "wrote $out/facts.csv, $out/targets-2024.csv, $out/facts.xlsx and $out/targets-2024.xlsx"
