#!/usr/bin/env bash
# A data directory of your own beside the bundled one: a fictional zone, compared with Weihai.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
zonecmp targets --data "$here/my-data" --year 2024 --zone sample --zone weihai --metric gdp_growth --metric retail_sales_growth
