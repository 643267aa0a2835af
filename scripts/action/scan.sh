#!/usr/bin/env bash
# Runs one scan that writes SARIF (for code scanning), Markdown (for the job
# summary) and compact lines (for the log, where problem-matcher.json turns
# them into annotations on the files), and records the exit code for
# fail.sh: the scan itself never fails the step, so that the SARIF is
# uploaded first.
#   INPUT_PATHS       paths to scan, separated by spaces or newlines
#   INPUT_FAIL_ON     severity that fails the job (info … critical)
#   INPUT_CONFIG      .iacscan.yml to use (optional)
#   INPUT_BASELINE    baseline file (optional)
#   INPUT_CATEGORY    SARIF category (optional)
#   INPUT_ALLOW_EMPTY "true" to pass when the paths hold no input at all
#   IACSCAN           the iacscan binary (default: iacscan on PATH)
#   ACTION_PATH       the action's checkout, for the problem matcher (optional)
#   RUNNER_TEMP, GITHUB_OUTPUT
set -uo pipefail
: "${RUNNER_TEMP:?}" "${GITHUB_OUTPUT:?}"
iacscan=${IACSCAN:-iacscan}
out="$RUNNER_TEMP/iacscan"
mkdir -p "$out"

read -r -d '' -a paths <<<"${INPUT_PATHS:-.}"
args=(--fail-on "${INPUT_FAIL_ON:-low}"
  --output "sarif=$out/iacscan.sarif"
  --output "markdown=$out/iacscan.md"
  --output "json=$out/iacscan.json"
  --output compact)
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")
[ -n "${INPUT_CATEGORY:-}" ] && args+=(--sarif-category "$INPUT_CATEGORY")
[ "${INPUT_ALLOW_EMPTY:-}" = true ] && args+=(--allow-empty)

[ -n "${ACTION_PATH:-}" ] && echo "::add-matcher::$ACTION_PATH/scripts/action/problem-matcher.json"
"$iacscan" "${args[@]}" -- "${paths[@]}"
status=$?
if [ -n "${ACTION_PATH:-}" ]; then
  echo "::remove-matcher owner=iacscan-error::"
  echo "::remove-matcher owner=iacscan-warning::"
fi
{
  echo "exit-code=$status"
  echo "sarif=$out/iacscan.sarif"
  echo "markdown=$out/iacscan.md"
  echo "json=$out/iacscan.json"
} >>"$GITHUB_OUTPUT"
# No report at all (a usage error) leaves nothing to upload: fail now.
if [ ! -s "$out/iacscan.sarif" ]; then
  echo "::error title=iacscan::the scan wrote no report (exit $status)"
  exit 2
fi
exit 0
