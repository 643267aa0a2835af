#!/usr/bin/env bash
# Appends the scan's Markdown report (counts by severity, findings by
# severity with links to the rule docs) to the job summary.
#   REPORT   the Markdown report scan.sh wrote
#   GITHUB_STEP_SUMMARY
set -euo pipefail
: "${REPORT:?}" "${GITHUB_STEP_SUMMARY:?}"
if [ ! -f "$REPORT" ]; then
  echo "iacscan wrote no report" >>"$GITHUB_STEP_SUMMARY"
  exit 0
fi
cat "$REPORT" >>"$GITHUB_STEP_SUMMARY"
