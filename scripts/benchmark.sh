#!/usr/bin/env bash
# Decode throughput of `reroute decode --json` beside tshark on the same generated capture.
# Usage: bash scripts/benchmark.sh [MESSAGES]   (default 1000000). Release build; prints figures only.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
reroute_setup

messages=${1:-1000000}
swift build -c release --product reroute >/dev/null
swift build -c release --product reroute-bench >/dev/null
bin=$(swift build -c release --show-bin-path)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
capture="$work/isup-$messages.pcap"

"$bin/reroute-bench" generate "$capture" "$messages"

seconds() { date +%s.%N; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }

start=$(seconds)
"$bin/reroute" decode --json "$capture" >"$work/reroute.json"
end=$(seconds)
reroute_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
reroute_n=$(wc -l <"$work/reroute.json")
rm -f "$work/reroute.json"

"$bin/reroute-bench" decode "$capture"

start=$(seconds)
tshark -r "$capture" -o sctp.reassembly:TRUE -o sctp.tsn_analysis:FALSE -T fields -E occurrence=a \
    -e frame.number -e m3ua.message_class -e m3ua.message_type -e m3ua.protocol_data_opc \
    -e m3ua.protocol_data_dpc -e m3ua.protocol_data_si -e isup.message_type -e isup.cic -e isup.called \
    -e isup.calling -e isup.original_called_number -e isup.redirecting -e isup.cause_indicator \
    >"$work/tshark.txt" 2>/dev/null
end=$(seconds)
tshark_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
tshark_n=$(awk -F'\t' '{ n += split($7, a, ",") } END { print n }' "$work/tshark.txt")

echo
printf '%-34s %10s %10s %14s\n' "tool" "messages" "seconds" "messages/s"
printf '%-34s %10s %10s %14s\n' "reroute decode --json" "$reroute_n" "$reroute_s" "$(rate "$reroute_n" "$reroute_s")"
printf '%-34s %10s %10s %14s\n' "tshark -T fields (same fields)" "$tshark_n" "$tshark_s" "$(rate "$tshark_n" "$tshark_s")"
echo "machine: $(nproc) cores, $(uname -m), $(tshark -v | head -1)"
