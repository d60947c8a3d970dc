#!/usr/bin/env bash
# Export for a spreadsheet: every fact, and the 2024 targets side by side, as CSV with a byte-order
# mark so Excel shows the Chinese text correctly. Usage: examples/spreadsheet.sh [OUTDIR]
set -euo pipefail
out=${1:-.}
zonecmp facts --format csv --bom --output "$out/facts.csv"
zonecmp targets --year 2024 --format csv --bom --output "$out/targets-2024.csv"
echo "wrote $out/facts.csv and $out/targets-2024.csv"
