#!/usr/bin/env bash
# Runs Reroute's main job: `reroute demo`. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
reroute_setup

set +e
swift build --product reroute 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]|^Building for|^Write swift-version'
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || { echo "demo: the build failed" >&2; exit "$status"; }
exec "$(swift build --show-bin-path)/reroute" demo --captures pcap-fixtures "$@"
