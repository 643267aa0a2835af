#!/usr/bin/env bash
# Whole-process benchmarks behind the README's performance table.
#
#   scripts/bench.sh              # every row, 3 pairs each
#   RUNS=5 TEAMS=1000 scripts/bench.sh
#
# It builds iacscan, a bare decoder (encoding/json into map[string]any, no
# iacscan code) and the input generator (internal/synth), writes the inputs
# into a temporary directory, and runs each measure beside its yardstick in
# alternating pairs (A B A B ...), so that a ratio holds while the machine's
# speed drifts. Each figure is printed as min / median / max of the runs;
# the ratio is the median of the pairs' ratios. CPU is user + system time
# and peak the maximum resident set, both from GNU time (/usr/bin/time).
# tfsec is run where it is on PATH; terraform-aws-iam is read from
# ../shared/corpus when present (TFAWSIAM=DIR names another copy).
#
# Sizes: TEAMS (identity plans, default 1000), QUERY_TEAMS (who-can,
# default 250), MIXED (module instances of the mixed plan, default 2500,
# ~50 MB), REPOS (Terraform repositories, default 16), RUNS (pairs, 3).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
TEAMS=${TEAMS:-1000}
QUERY_TEAMS=${QUERY_TEAMS:-250}
MIXED=${MIXED:-2500}
REPOS=${REPOS:-16}
TFAWSIAM=${TFAWSIAM:-../shared/corpus/terraform/terraform-aws-iam}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: GNU time is needed at $TIME" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

echo "building iacscan, the bare decoder and the generator ..." >&2
go build -o "$work/iacscan" ./cmd/iacscan
go build -o "$work/synth" ./internal/synth/cmd/synth
mkdir -p "$work/decoder"
cat >"$work/decoder/main.go" <<'EOF'
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		panic(err)
	}
	fmt.Println(len(v))
}
EOF
(cd "$work/decoder" && GOFLAGS= GO111MODULE=off go build -o "$work/decode" main.go)

echo "writing the inputs ..." >&2
in=$work/in
mkdir -p "$in/mixed" "$in/repos"
"$work/synth" -kind plan-identity -n "$TEAMS" >"$in/identity.json"
"$work/synth" -kind plan-identity -n "$QUERY_TEAMS" >"$in/identity-query.json"
"$work/synth" -kind plan-mixed -n "$MIXED" -dir "$in/mixed" >/dev/null
mixed=$in/mixed/plan.json
"$work/synth" -kind terraform-repos -n "$REPOS" -dir "$in/repos" >/dev/null
printf '{"Version": "2012-10-17",\n "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]\n}\n' >"$in/policy.json"

# measure FILE CMD...: one run, appending "cpu_seconds peak_kib" to FILE.
measure() {
	local file=$1
	shift
	"$TIME" -f '%U %S %M' -o "$work/t" "$@" >/dev/null 2>&1 || true
	awk '{ printf "%.3f %d\n", $1 + $2, $3 }' "$work/t" >>"$file"
}

# stats FIELD SCALE FILE: "min / median / max" of a column, divided by SCALE.
stats() {
	cut -d' ' -f"$1" "$3" | sort -g | awk -v s="$2" '
		{ v[NR] = $1 / s }
		END {
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.3g / %.3g / %.3g", v[1], m, v[NR]
		}'
}

# ratio A B FIELD: median of the pairs' ratios of a column.
ratio() {
	paste -d' ' "$1" "$2" | awk -v f="$3" '{ print $f / $(f + 2) }' | sort -g | awk '
		{ v[NR] = $1 }
		END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "| measure | iacscan CPU s | iacscan peak MiB | yardstick | its CPU s | its peak MiB | CPU ratio | peak ratio |"
echo "|---|---|---|---|---|---|---|---|"

# row NAME YARDSTICK -- A... [-- B...]: RUNS alternating pairs (A alone
# without B).
row() {
	local name=$1 yard=$2
	shift 3
	local a=() b=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do a+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	b=("$@")
	: >"$work/a"
	: >"$work/b"
	for _ in $(seq "$RUNS"); do
		measure "$work/a" "${a[@]}"
		[ ${#b[@]} -eq 0 ] || measure "$work/b" "${b[@]}"
	done
	if [ ${#b[@]} -eq 0 ]; then
		echo "| $name | $(stats 1 1 "$work/a") | $(stats 2 1024 "$work/a") | | | | | |"
	else
		echo "| $name | $(stats 1 1 "$work/a") | $(stats 2 1024 "$work/a") | $yard | $(stats 1 1 "$work/b") | $(stats 2 1024 "$work/b") | $(ratio "$work/a" "$work/b" 1) | $(ratio "$work/a" "$work/b" 2) |"
	fi
}

mb() { awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }

s=$work/iacscan
row "\`iacscan version\`" "" -- "$s" version
row "a 3-line policy" "" -- "$s" "$in/policy.json"
row "scan, identity plan, $TEAMS teams ($(mb "$in/identity.json"))" "encoding/json" -- \
	"$s" --exit-zero -f json "$in/identity.json" -- "$work/decode" "$in/identity.json"
row "scan, mixed plan, $MIXED instances ($(mb "$mixed"))" "encoding/json" -- \
	"$s" --exit-zero -f json "$mixed" -- "$work/decode" "$mixed"
row "\`summary -f json\`, $TEAMS teams" "the scan" -- \
	"$s" summary -f json "$in/identity.json" -- "$s" --exit-zero -f json "$in/identity.json"
row "\`who-can iam:PassRole\`, $QUERY_TEAMS teams" "the scan" -- \
	"$s" who-can iam:PassRole "$in/identity-query.json" -- "$s" --exit-zero -f json "$in/identity-query.json"
row "Rego rules (examples/policies), $REPOS Terraform repositories" "the plain scan" -- \
	"$s" --exit-zero --policy examples/policies "$in/repos" -- "$s" --exit-zero "$in/repos"
if [ -d "$TFAWSIAM" ]; then
	if command -v tfsec >/dev/null; then
		row "terraform-aws-iam" "tfsec" -- "$s" --exit-zero "$TFAWSIAM" -- tfsec --no-color --soft-fail "$TFAWSIAM"
	else
		row "terraform-aws-iam (tfsec not installed)" "" -- "$s" --exit-zero "$TFAWSIAM"
	fi
fi

echo
echo "$(nproc) CPUs; load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?") after; $RUNS runs each (min / median / max); ratios are medians of the pairs."
