#!/usr/bin/env bash
# Calls per second two `reroute gateway` processes sustain on loopback, with IAM→ACM latency percentiles.
# Usage: bash scripts/benchmark-calls.sh [CALLS] [PARALLEL]   (default 20000 calls, 30 in parallel). Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
reroute_setup

calls=${1:-20000}
parallel=${2:-30}
swift build -c release --product reroute >/dev/null
bin="$(swift build -c release --show-bin-path)/reroute"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

config() { # role transport port udp-local udp-remote extra
    cat <<CONF
[sigtran]
role = $1
transport = $2
local-addresses = 127.0.0.1
local-port = $([ "$1" = sg ] && echo "$3" || echo 0)
remote-addresses = 127.0.0.1
remote-port = $3
udp-port = $4
remote-udp-port = $5
routing-context = 1
[isup]
point-code = $([ "$1" = sg ] && echo 1 || echo 2)
peer-point-code = $([ "$1" = sg ] && echo 2 || echo 1)
circuits = 1-15,17-31,33-47,49-63
$6
CONF
}

port=29600
for transport in tcp sctp-udp; do
    port=$((port + 1))
    config asp "$transport" "$port" 29701 29702 $'[calls]\nanswer-after = 0' >"$work/asp.conf"
    config sg "$transport" "$port" 29702 29701 $'[load]\ncalls = '"$calls"$'\nparallel = '"$parallel" >"$work/sg.conf"
    taskset -c 1 "$bin" gateway --config "$work/asp.conf" --run-for 600 >/dev/null 2>&1 &
    asp=$!
    result=$(taskset -c 0 "$bin" gateway --config "$work/sg.conf" --run-for 300 | grep 'load:' | head -1 || true)
    kill -TERM "$asp" 2>/dev/null || true
    wait "$asp" 2>/dev/null || true
    printf '%-9s %s\n' "$transport" "${result#*load: }"
done
echo "machine: $(nproc) cores, $(uname -m); MSC process pinned to CPU 0, gateway to CPU 1; $parallel calls in parallel"
