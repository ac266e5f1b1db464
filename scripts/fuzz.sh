#!/usr/bin/env bash
# Coverage-guided fuzzing of every decoder with libFuzzer (not part of the test run).
# Usage: bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   default: 60 s each, all targets.
# Crashes are written to fuzz-out/<target>/crash-*; replay one with: REROUTE_FUZZ=<target> reroute-fuzz FILE
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
reroute_setup

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(capture sctp m3ua m2pa mtp2 mtp3 isup bicc)

swift build -c release --scratch-path .build-fuzz --sanitize=fuzzer -Xswiftc -DFUZZING --product reroute-fuzz \
    2>&1 | grep -E 'error|Compiling reroute_fuzz|Build complete' || true
fuzzer=.build-fuzz/release/reroute-fuzz
[ -x "$fuzzer" ] || { echo "fuzz: the fuzzer build failed" >&2; exit 1; }

status=0
for target in "${targets[@]}"; do
    corpus="fuzz-out/$target/corpus"
    mkdir -p "$corpus"
    # Seed the whole-capture target with the fixtures; the others start from what the capture decoder reaches.
    [ "$target" = capture ] && cp -n pcap-fixtures/*.cap pcap-fixtures/*.pcap "$corpus"/ 2>/dev/null || true
    echo "fuzz: $target for ${seconds}s"
    if ! REROUTE_FUZZ="$target" "$fuzzer" "$corpus" -max_total_time="$seconds" -max_len=65536 \
        -artifact_prefix="fuzz-out/$target/" -print_final_stats=1 2>"fuzz-out/$target/log.txt"; then
        echo "fuzz: $target FAILED, see fuzz-out/$target/" >&2
        status=1
    fi
    grep -E '^stat::number_of_executed_runs|^stat::new_units_added' "fuzz-out/$target/log.txt" | tr '\n' ' '
    echo
done
exit $status
