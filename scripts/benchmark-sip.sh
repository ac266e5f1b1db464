#!/usr/bin/env bash
# Registrations per second: Reroute's registrar (sip-bench, release build) and Kamailio 5.6 (Debian, usrloc in
# memory, auth with a plain password), each loaded by the same sipp scenario on loopback UDP: REGISTER → 401 →
# REGISTER with MD5 digest (qop=auth) → 200, one user per registration from a CSV, at a rate sipp offers.
# Usage: bash scripts/benchmark-sip.sh [REGISTRATIONS] [RATE] [CONCURRENT]   (default 20000, 6000/s, 500). Bounded:
# every run has a timeout; only 127.0.0.1 is used.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
REROUTE_APT_PACKAGES+=(kamailio)   # the peer measured in the same run; not needed by the tests
reroute_setup_apt

total=${1:-20000}
rate=${2:-6000}
limit=${3:-500}
swift build -c release --product sip-bench >/dev/null
bench="$(swift build -c release --show-bin-path)/sip-bench"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; pkill -f "kamailio -f $work" 2>/dev/null || true; rm -rf "$work"' EXIT

users=$(( total < 50000 ? total : 50000 ))
{
    echo SEQUENTIAL
    for i in $(seq 0 $((users - 1))); do echo "user$i;[authentication username=user$i password=s3cret]"; done
} > "$work/users.csv"
cat > "$work/register.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="register-digest">
  <send retrans="500">
    <![CDATA[
      REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      From: <sip:[field0]@bench.test>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[field0]@bench.test>
      Call-ID: [call_id]
      CSeq: 1 REGISTER
      Contact: <sip:[field0]@[local_ip]:[local_port]>
      Expires: 300
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <recv response="401" auth="true" />
  <send retrans="500">
    <![CDATA[
      REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      From: <sip:[field0]@bench.test>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[field0]@bench.test>
      Call-ID: [call_id]
      CSeq: 2 REGISTER
      Contact: <sip:[field0]@[local_ip]:[local_port]>
      Expires: 300
      Max-Forwards: 70
      [field1]
      Content-Length: 0

    ]]>
  </send>
  <recv response="200" />
</scenario>
XML
cat > "$work/kamailio.cfg" <<KAM
#!KAMAILIO
debug=0
log_stderror=yes
children=2
auto_aliases=no
listen=udp:127.0.0.1:15190
mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
loadmodule "sl.so"
loadmodule "tm.so"
loadmodule "pv.so"
loadmodule "textops.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
modparam("usrloc", "db_mode", 0)
modparam("auth", "secret", "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')")
request_route {
    if (is_method("REGISTER")) {
        if (!pv_www_authenticate("\$td", "s3cret", "0")) {
            www_challenge("\$td", "1");
            exit;
        }
        save("location");
        exit;
    }
    sl_send_reply("405", "Method Not Allowed");
}
KAM

# Runs sipp against 127.0.0.1:$1 and prints "successful failed seconds rate/s".
load() {
    local port=$1 name=$2 start end
    start=$(date +%s.%N)
    timeout 300 sipp "127.0.0.1:$port" -sf "$work/register.xml" -inf "$work/users.csv" -i 127.0.0.1 -p 0 \
        -r "$rate" -l "$limit" -m "$total" -nostdin -timeout 240s -trace_stat -stf "$work/$name.csv" \
        > "$work/$name.out" 2>&1 || true
    end=$(date +%s.%N)
    local ok failed
    ok=$(grep -E "Successful call" "$work/$name.out" | tail -1 | awk -F'|' '{print $3}' | tr -d ' ')
    failed=$(grep -E "Failed call" "$work/$name.out" | tail -1 | awk -F'|' '{print $3}' | tr -d ' ')
    awk -v ok="${ok:-0}" -v failed="${failed:-0}" -v s="$start" -v e="$end" -v n="$name" \
        'BEGIN { printf "%-28s %7d ok %6d failed in %6.2f s  → %8.0f registrations/s\n", n, ok, failed, e - s, ok / (e - s) }'
}

echo "sipp: $total registrations (REGISTER, 401, REGISTER with MD5 digest qop=auth, 200), offered at $rate/s, ≤ $limit at once"
"$bench" 15290 "$users" > "$work/reroute.log" 2>&1 &
reroute=$!
sleep 1
load 15290 "Reroute registrar"
kill -TERM "$reroute"; wait "$reroute" 2>/dev/null || true
kamailio -f "$work/kamailio.cfg" -DD -E -m 256 -M 16 > "$work/kamailio.log" 2>&1 &
sleep 1.5
load 15190 "Kamailio 5.6 (2 UDP workers)"
