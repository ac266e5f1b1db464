#!/usr/bin/env bash
# Runs every test of Reroute. Installs what the tests need first (Debian packages, quietly).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
reroute_setup

quiet() { grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Linking|Write|Merging|Applying|Wrapping)|^Building for|^Write swift-version' || true; }

set +e
swift build --build-tests 2>&1 | quiet
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || { echo "test: the build failed" >&2; exit "$status"; }

export REROUTE_BIN="$(swift build --show-bin-path)/reroute"
swift test --skip-build "$@"
