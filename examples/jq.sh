#!/usr/bin/env bash
# jq over the JSON output: every numeric target of 2024 in yuan, largest first.
set -euo pipefail
zonecmp facts --year 2024 --kind target --format json |
  jq -r '[.[] | select(.base_unit == "CNY")] | sort_by(-.value_base) | .[] | "\(.zone)\t\(.metric)\t\(.value_base)"'
