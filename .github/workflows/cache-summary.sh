#!/usr/bin/env bash
# The job summary's cache section, from a --report-json file: per image, how many build steps came from the cache
# (the report's per-step counts, recorded by the bake executor), else the build's duration only.
set -euo pipefail
report="${1:?usage: cache-summary.sh REPORT_JSON}"
[[ -f "$report" ]] || { echo "No report ($report): the build did not start."; exit 0; }
echo "### Cache hits"
echo
echo "| image | steps cached / total | duration |"
echo "|---|---|---|"
jq -r '.images[] | "| `\(.tags[0] // .title)` | \(if .steps then "\(.steps.cached) / \(.steps.total)" else "not recorded" end) | \(.durationSeconds) s |"' "$report"
