#!/usr/bin/env bash
# Fails the job as the scan decided: 1 findings at or above fail-on, 2 the
# scan could not be done completely.
#   EXIT_CODE   scan.sh's exit-code output
set -euo pipefail
case "${EXIT_CODE:-}" in
0) echo "iacscan: nothing at or above the failing severity" ;;
1) echo "::error title=iacscan::findings at or above the failing severity (see the job summary)"; exit 1 ;;
*) echo "::error title=iacscan::the scan could not be done completely (exit ${EXIT_CODE:-none}; see the log)"; exit 2 ;;
esac
