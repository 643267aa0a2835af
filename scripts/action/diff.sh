#!/usr/bin/env bash
# Diff mode: what the change grants (iacscan diff), as Markdown in the job
# summary, JSON for later steps and text in the log; the exit code is
# recorded for fail.sh. It compares a plan's prior state with its planned
# values (INPUT_PLAN), or the tree at a git ref with the working tree
# (INPUT_BASE; the ref must be fetched: actions/checkout with fetch-depth: 0).
#   INPUT_PATHS         paths to compare with INPUT_BASE, separated by spaces or newlines
#   INPUT_BASE          git ref of the before side
#   INPUT_PLAN          Terraform plan JSON (terraform show -json)
#   INPUT_FAIL_ON_NEW   severity of a new finding that fails the job (optional)
#   INPUT_CONFIG        .iacscan.yml to use (optional)
#   IACSCAN             the iacscan binary (default: iacscan on PATH)
#   RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY
set -uo pipefail
: "${RUNNER_TEMP:?}" "${GITHUB_OUTPUT:?}" "${GITHUB_STEP_SUMMARY:?}"
iacscan=${IACSCAN:-iacscan}
out="$RUNNER_TEMP/iacscan"
mkdir -p "$out"

args=()
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_FAIL_ON_NEW:-}" ] && args+=(--fail-on-new "$INPUT_FAIL_ON_NEW")
if [ -n "${INPUT_PLAN:-}" ]; then
  [ -z "${INPUT_BASE:-}" ] || { echo "::error title=iacscan::set plan or base, not both"; exit 2; }
  args+=(-- "$INPUT_PLAN")
elif [ -n "${INPUT_BASE:-}" ]; then
  read -r -d '' -a paths <<<"${INPUT_PATHS:-.}"
  args+=(--base "$INPUT_BASE" -- "${paths[@]}")
else
  echo "::error title=iacscan::diff mode needs plan (a plan JSON) or base (a git ref)"
  exit 2
fi

# The Markdown and JSON reports, then the text in the log, whose exit code
# decides (the same inputs give the same answer each time).
"$iacscan" diff --format markdown --output "$out/iacscan-diff.md" "${args[@]}" 2>/dev/null
"$iacscan" diff --format json --output "$out/iacscan-diff.json" "${args[@]}" 2>/dev/null
"$iacscan" diff --format text "${args[@]}"
status=$?
{
  echo "exit-code=$status"
  echo "markdown=$out/iacscan-diff.md"
  echo "json=$out/iacscan-diff.json"
} >>"$GITHUB_OUTPUT"
if [ -s "$out/iacscan-diff.md" ]; then
  cat "$out/iacscan-diff.md" >>"$GITHUB_STEP_SUMMARY"
fi
exit 0
