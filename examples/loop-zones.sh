#!/usr/bin/env bash
# A loop over the zones that have facts: how many targets and actuals each has, one line per zone.
# (`zonecmp zones` lists every national zone too; the facts' zone column, in order, names those with data.)
set -euo pipefail
for zone in $(zonecmp facts --format csv | tail -n +2 | cut -d, -f2 | awk '!seen[$0]++'); do
  targets=$(zonecmp facts --zone "$zone" --kind target --format csv | tail -n +2 | wc -l)
  actuals=$(zonecmp facts --zone "$zone" --kind actual --format csv | tail -n +2 | wc -l)
  printf '%s\t%d targets\t%d actuals\n' "$zone" "$targets" "$actuals"
done
