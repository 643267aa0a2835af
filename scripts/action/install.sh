#!/usr/bin/env bash
# Installs iacscan into $RUNNER_TEMP for the action's own steps, leaving the
# caller's PATH as it was (nothing is added to GITHUB_PATH): the binary's
# path is the step output iacscan, which later steps read as $IACSCAN.
#
# With a release version (vX.Y.Z: the version input, else the ref the action
# was used at), the release archive for this runner is downloaded and
# verified against the release's checksums.txt; a checksum that does not
# match fails the step. Without one, or when the release has no archive for
# this runner, iacscan is built from the action's checkout with the Go on
# the runner, which fetches the toolchain go.mod names (GOTOOLCHAIN=auto)
# and uses GOCACHE/GOMODCACHE under $RUNNER_TEMP (unless set), restored by
# the action's cache step; that Go is not put on the PATH either.
#   INSTALL_STEP      release (download, or say it cannot) or build
#   ACTION_PATH       the action's checkout (github.action_path)
#   INPUT_VERSION     release to install, "" for the action's ref
#   ACTION_REF        the ref the action was used at (github.action_ref)
#   RELEASES_URL      where releases are downloaded from (tests point it at files)
set -euo pipefail
: "${ACTION_PATH:?}" "${RUNNER_TEMP:?}" "${GITHUB_OUTPUT:?}"
bin="$RUNNER_TEMP/iacscan-bin"
mkdir -p "$bin"
releases=${RELEASES_URL:-https://github.com/iacscan/iacscan/releases/download}
version=${INPUT_VERSION:-${ACTION_REF:-}}

release_version() { [[ $1 =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; }

platform() {
  local os arch
  case "${RUNNER_OS:-$(uname -s)}" in
    Linux) os=linux ;;
    macOS | Darwin) os=darwin ;;
    Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
    *) return 1 ;;
  esac
  case "${RUNNER_ARCH:-$(uname -m)}" in
    X64 | x86_64 | amd64) arch=amd64 ;;
    ARM64 | aarch64 | arm64) arch=arm64 ;;
    *) return 1 ;;
  esac
  echo "${os}_${arch}"
}

sha256() { # FILE, or - for standard input
  if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1
}

# download VERSION: the release archive, verified; 1 when there is none.
download() {
  local v=$1 plat ext name dl want
  plat=$(platform) || return 1
  ext=tar.gz
  [[ $plat == windows_* ]] && ext=zip
  name="iacscan_${v#v}_${plat}.${ext}"
  dl="$RUNNER_TEMP/iacscan-download"
  rm -rf "$dl" && mkdir -p "$dl"
  curl -fsSL --retry 3 -o "$dl/checksums.txt" "$releases/$v/checksums.txt" 2>/dev/null || return 1
  curl -fsSL --retry 3 -o "$dl/$name" "$releases/$v/$name" 2>/dev/null || return 1
  want=$(awk -v n="$name" '$2 == n || $2 == "*" n { print $1 }' "$dl/checksums.txt")
  if [ -z "$want" ]; then
    echo "::error title=iacscan::$v: checksums.txt lists no $name"
    exit 1
  fi
  if [ "$(sha256 "$dl/$name")" != "$want" ]; then
    echo "::error title=iacscan::$v: $name does not match its checksum in checksums.txt; not installed"
    exit 1
  fi
  if [ "$ext" = zip ]; then
    unzip -q -o "$dl/$name" -d "$dl/x"
  else
    mkdir -p "$dl/x" && tar -xzf "$dl/$name" -C "$dl/x"
  fi
  cp "$dl/x/iacscan"* "$bin/"
  echo "iacscan $v: release archive $name (sha256 $want)"
}

exe="$bin/iacscan"
[[ $(platform 2>/dev/null || true) == windows_* ]] && exe="$bin/iacscan.exe"
case "${INSTALL_STEP:?release or build}" in
  release)
    if ! release_version "$version" || ! download "$version"; then
      if release_version "$version"; then
        echo "iacscan $version: no release archive for this runner; it will be built from the action's source"
      else
        echo "iacscan ${version:-(no version)}: not a release; it will be built from the action's source"
      fi
      # hashFiles() cannot read the action's checkout (outside the workspace).
      echo "cache-key=$(cat "$ACTION_PATH/go.mod" "$ACTION_PATH/go.sum" | sha256 -)" >>"$GITHUB_OUTPUT"
      exit 0
    fi
    ;;
  build)
    if ! command -v go >/dev/null; then
      echo "::error title=iacscan::no Go on the runner to build iacscan with: set the version input to a release, or run actions/setup-go first"
      exit 1
    fi
    export GOTOOLCHAIN=auto GOCACHE="${GOCACHE:-$RUNNER_TEMP/iacscan-go/build}" GOMODCACHE="${GOMODCACHE:-$RUNNER_TEMP/iacscan-go/mod}"
    (cd "$ACTION_PATH" && go build -o "$exe" ./cmd/iacscan)
    ;;
  *) echo "INSTALL_STEP must be release or build" >&2; exit 2 ;;
esac
echo "iacscan=$exe" >>"$GITHUB_OUTPUT"
"$exe" version
