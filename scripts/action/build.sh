#!/usr/bin/env bash
# Builds iacscan from the action's own checkout into $RUNNER_TEMP and puts it
# on the PATH of the following steps.
#   ACTION_PATH   the action's checkout (github.action_path)
set -euo pipefail
: "${ACTION_PATH:?}" "${RUNNER_TEMP:?}"
bin="$RUNNER_TEMP/iacscan-bin"
mkdir -p "$bin"
(cd "$ACTION_PATH" && go build -o "$bin/iacscan" ./cmd/iacscan)
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$bin" >>"$GITHUB_PATH"
fi
"$bin/iacscan" version
