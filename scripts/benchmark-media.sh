#!/usr/bin/env bash
# Media benchmark (issue 6 item 7): N concurrent RTP calls on loopback through Reroute's media path (media-bench's
# SUT: RTPLegTransport legs, JitterBuffer, Transcoder, a period timer on one event loop) and through rtpengine
# (Debian's rtpengine-daemon, userspace only: --table=-1, calls made over its ng protocol), in three modes:
# G.711 relay (PCMA↔PCMA), PCMA↔Opus and PCMA↔G.729. The system under test runs on CPU 0, the load generator
# (media-bench itself: senders and receivers of every leg, one thread, epoll + timerfd) on CPU 1, both at SCHED_FIFO
# priority 10 when chrt is allowed (so builds running beside them do not preempt either), else at nice -15.
# Usage: bash scripts/benchmark-media.sh [SECONDS]   (10 s measured after 2 s warm-up per step; the calls per step
# are RELAY_STEPS, G729_STEPS, OPUS_STEPS, defaults below). Bounded: each step ≤ 22 s plus set-up, each target ×
# mode under `timeout`; stepping stops at the first step whose cadence breaks or whose SUT saturates its core (a
# step broken below saturation is run once more first). Only 127.0.0.1 is used. Figures: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
REROUTE_APT_PACKAGES+=(rtpengine-daemon)   # the peer measured in the same run (not `rtpengine`: no kernel module)
reroute_setup_apt

seconds=${1:-10}
declare -A steps=(
    [relay]=${RELAY_STEPS:-50,100,200,300,400,600,800}
    [g729]=${G729_STEPS:-25,50,75,100,150}
    [opus]=${OPUS_STEPS:-10,20,30,40,50,60}
)
ngport=22231
work=$(mktemp -d)
swift build -c release --product media-bench >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
bench="$(swift build -c release --show-bin-path)/media-bench"
cleanup() {
    # media-bench stops the rtpengine it started; this catches one left by a media-bench killed by `timeout`.
    pkill -f -- "--listen-ng=127.0.0.1:$ngport" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

if chrt -f 10 true 2>/dev/null; then priority=(chrt -f 10); else priority=(nice -n -15); fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); priority: ${priority[*]}; SUT on CPU 0, load generator on CPU 1"
echo "rtpengine $(dpkg-query -W -f='${Version}' rtpengine-daemon) codecs:" \
    "$(rtpengine --codecs 2>/dev/null | grep -E '^ *(PCMA|opus|G729):' | sed 's/^ *//' | paste -sd ';' -)"

for mode in relay opus g729; do
    for target in reroute rtpengine; do
        timeout 600 "${priority[@]}" taskset -c 1 "$bench" --target "$target" --mode "$mode" --calls "${steps[$mode]}" \
            --seconds "$seconds" --warmup 2 --sut-cpu 0 --ng-port "$ngport" 2>"$work/$target-$mode.err" \
            | tee -a "$work/out.txt" | grep -v '^ROW' || true
        pkill -f -- "--listen-ng=127.0.0.1:$ngport" 2>/dev/null || true
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
header="target|mode|calls|out pkt/s|late >5ms|p99 late ms|delivered|SUT CPU|calls/core|RSS KiB/call"
header+="|gen p99/max ms|send err|loadavg|verdict"
{
    echo "$header"
    grep '^ROW' "$work/out.txt" | sed 's/^ROW | //; s/ | /|/g'
} | column -t -s '|'
