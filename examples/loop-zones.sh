#!/usr/bin/env bash
# A loop over zones: how many targets and actuals each zone has, one line per zone.
set -euo pipefail
for zone in $(zonecmp zones --format csv | tail -n +2 | cut -d, -f1); do
  targets=$(zonecmp facts --zone "$zone" --kind target --format csv | tail -n +2 | wc -l)
  actuals=$(zonecmp facts --zone "$zone" --kind actual --format csv | tail -n +2 | wc -l)
  printf '%s\t%d targets\t%d actuals\n' "$zone" "$targets" "$actuals"
done
