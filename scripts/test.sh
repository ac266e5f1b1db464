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
# At most REROUTE_TEST_WIDTH tests at once (default 4). Many tests wait on real peers (sipp, baresip, tshark,
# PostgreSQL, opus-tools); with every test in flight on a 2-core machine the concurrency pool starves and
# deadline-bounded waits expire. Four at a time ran the whole suite faster than unbounded here (139 s vs 157 s).
# The log is long and CI keeps only its tail: every failure is repeated at the very end.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
swift test --skip-build --experimental-maximum-parallelization-width "${REROUTE_TEST_WIDTH:-4}" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
    echo "test: failures (exit $status):" >&2
    grep -E '✘ Test .*(recorded an issue|failed)|error: |Fatal error|Crash|signal code' "$log" | grep -v '✘ Test run' | head -40 >&2 || true
fi
exit "$status"
