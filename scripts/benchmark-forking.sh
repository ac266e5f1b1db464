#!/usr/bin/env bash
# Forked calls per second (issue 5 item 10): a subscriber with two registered devices (two sipp UAS on loopback UDP,
# digest REGISTER first), every call INVITEd to both in parallel; one answers at once, the other rings until the
# CANCEL; the call is then released (BYE).
# - Reroute: its SIP edge (sip-bench fork, release build) places the calls itself — Reroute's forking leg is driven
#   by the ISUP side, not by an INVITE — and releases each as soon as it is answered.
# - Kamailio 5.6 (Debian): registrar + parallel-forking stateful proxy (lookup, t_relay, record_route), loaded by a
#   sipp UAC with the same number of calls at the same concurrency; each call ends with the UAC's BYE.
# Usage: bash scripts/benchmark-forking.sh [CALLS] [CONCURRENCY]   (default 5000, 50). Bounded by timeouts; only
# 127.0.0.1 is used.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
REROUTE_APT_PACKAGES+=(kamailio)
reroute_setup_apt

calls=${1:-5000}
concurrency=${2:-50}
swift build -c release --product sip-bench >/dev/null
bench="$(swift build -c release --show-bin-path)/sip-bench"
work=$(mktemp -d)
echo "work: $work" >&2
trap 'kill $(jobs -p) 2>/dev/null || true; pkill -f "kamailio -f $work" 2>/dev/null || true; [ -n "${REROUTE_KEEP_BENCH:-}" ] || rm -rf "$work"' EXIT

# A device: REGISTER with digest (its AOR user is $1), then it stays while requests outside that call (the forked
# INVITEs) play the out-of-call scenario given to sipp.
register() {  # register USER AOR-HOST
  request() {  # request CSEQ [authentication]
    printf '  <send retrans="500"><![CDATA[\nREGISTER sip:[remote_ip]:[remote_port] SIP/2.0\nVia: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport\nFrom: <sip:%s@%s>;tag=[pid]SIPpTag00[call_number]\nTo: <sip:%s@%s>\nCall-ID: [call_id]\nCSeq: %s REGISTER\nContact: <sip:%s@[local_ip]:[local_port]>\nExpires: 3600\nMax-Forwards: 70\n%sContent-Length: 0\n\n]]></send>\n' \
      "$user" "$host" "$user" "$host" "$1" "$user" "${2:-}"
  }
  local user=$1 host=$2
  echo '<?xml version="1.0" encoding="ISO-8859-1" ?>'
  echo '<scenario name="register-and-stay">'
  request 1
  echo '  <recv response="401" auth="true" />'
  request 2 "[authentication username=$user password=s3cret]"$'\n'
  echo '  <recv response="200" />'
  echo '  <pause milliseconds="600000" />'
  echo '</scenario>'
}
response() {  # response STATUS [sdp]   (RR: "[last_Record-Route:]" or "")
  local body="Content-Length: 0"
  if [ "${2:-}" = sdp ]; then
    body=$'Content-Type: application/sdp\nContent-Length: [len]\n\nv=0\no=sipp 1 1 IN IP4 [local_ip]\ns=-\nc=IN IP4 [local_ip]\nt=0 0\nm=audio [media_port] RTP/AVP 8\na=rtpmap:8 PCMA/8000'
  fi
  # RFC 3261 §12.1.1: a UAS copies Record-Route into its responses (behind the proxy only: sipp would leave an
  # empty line, ending the headers, where there is none).
  printf '  <send><![CDATA[\nSIP/2.0 %s\n[last_Via:]\n[last_From:]\n[last_To:];tag=[pid]SIPpTag01[call_number]\n[last_Call-ID:]\n[last_CSeq:]\n%sContact: <sip:[local_ip]:[local_port]>\n%s\n\n]]></send>\n' "$1" "$RR" "$body"
}
for RR in "" $'[last_Record-Route:]\n'; do
  suffix=$([ -n "$RR" ] && echo "-rr" || true)
  {
    echo '<?xml version="1.0" encoding="ISO-8859-1" ?><scenario name="answer">'
    echo '  <recv request="INVITE" />'; response "180 Ringing"; response "200 OK" sdp
    echo '  <recv request="ACK" />'; echo '  <recv request="BYE" />'; response "200 OK"
    echo '</scenario>'
  } > "$work/answer$suffix.xml"
  # RFC 3261 §9.2: 200 to the CANCEL, then 487 to the INVITE (its CSeq, not the CANCEL's), which the UAC ACKs.
  {
    echo '<?xml version="1.0" encoding="ISO-8859-1" ?><scenario name="ring-until-cancel">'
    echo '  <recv request="INVITE"><action><ereg regexp="[0-9]+" search_in="hdr" header="CSeq:" assign_to="cseq" /></action></recv>'
    response "180 Ringing"
    echo '  <recv request="CANCEL" />'; response "200 OK"
    printf '  <send><![CDATA[\nSIP/2.0 487 Request Terminated\n[last_Via:]\n[last_From:]\n[last_To:];tag=[pid]SIPpTag01[call_number]\n[last_Call-ID:]\nCSeq: [$cseq] INVITE\nContent-Length: 0\n\n]]></send>\n'
    echo '  <recv request="ACK" />'
    echo '</scenario>'
  } > "$work/ring$suffix.xml"
done
cat > "$work/uac.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="forked-call">
  <send retrans="500"><![CDATA[
INVITE sip:bench@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:+442079460000@bench.test>;tag=[pid]SIPpTag00[call_number]
To: <sip:bench@bench.test>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:caller@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=caller 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [local_ip]
t=0 0
m=audio [media_port] RTP/AVP 8
a=rtpmap:8 PCMA/8000
]]></send>
  <label id="1" />
  <recv response="100" optional="true" next="1" />
  <recv response="180" optional="true" next="1" />
  <recv response="200" rrs="true" />
  <send><![CDATA[
ACK [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:+442079460000@bench.test>;tag=[pid]SIPpTag00[call_number]
To: <sip:bench@bench.test>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
[routes]
Max-Forwards: 70
Content-Length: 0

]]></send>
  <send retrans="500"><![CDATA[
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:+442079460000@bench.test>;tag=[pid]SIPpTag00[call_number]
To: <sip:bench@bench.test>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 BYE
[routes]
Max-Forwards: 70
Content-Length: 0

]]></send>
  <label id="2" />
  <recv response="180" optional="true" next="2" />
  <recv response="200" />
</scenario>
XML
cat > "$work/kamailio.cfg" <<KAM
#!KAMAILIO
debug=0
log_stderror=yes
children=2
auto_aliases=no
listen=udp:127.0.0.1:15191
mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
loadmodule "sl.so"
loadmodule "tm.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "siputils.so"
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
    if (has_totag()) {
        if (loose_route()) { t_relay(); exit; }
        if (is_method("ACK")) { if (t_check_trans()) { t_relay(); } exit; }
        sl_send_reply("404", "Not here");
        exit;
    }
    if (is_method("CANCEL")) { if (t_check_trans()) { t_relay(); } exit; }
    record_route();
    if (!lookup("location")) { sl_send_reply("404", "Not Found"); exit; }
    t_relay();
}
KAM

device() {  # device PORT USER AOR-HOST SCENARIO NAME
  register "$2" "$3" > "$work/$5-register.xml"
  timeout 900 sipp "127.0.0.1:$1" -sf "$work/$5-register.xml" -oocsf "$work/$4" -i 127.0.0.1 -p 0 -m 1 \
    -aa -nostdin -timeout 800s > "$work/$5.out" 2>&1 &
}

echo "forked calls: $calls, at most $concurrency at once; two devices (one answers at once, one rings until CANCEL)"
# Reroute: the SIP edge places the calls itself.
"$bench" fork 15290 "$calls" "$concurrency" > "$work/reroute.log" 2>&1 &
reroute=$!
sleep 1
device 15290 ua1 bench.test answer.xml reroute-ua1
device 15290 ua2 bench.test ring.xml reroute-ua2
timeout 600 tail --pid="$reroute" -f /dev/null || true
{ grep "sip-bench:" "$work/reroute.log" || echo "sip-bench: did not finish (see $work/reroute.log)"; } | tail -1 | sed "s/^sip-bench: /Reroute SIP edge:             /"
pkill -f "$work/reroute-ua" 2>/dev/null || true
sleep 1

# Kamailio: the same two devices, the calls from a sipp UAC through the proxy.
kamailio -f "$work/kamailio.cfg" -DD -E -m 256 -M 16 > "$work/kamailio.log" 2>&1 &
sleep 1.5
device 15191 bench bench.test answer-rr.xml kamailio-ua1
device 15191 bench bench.test ring-rr.xml kamailio-ua2
sleep 2
start=$(date +%s.%N)
timeout 600 sipp "127.0.0.1:15191" -sf "$work/uac.xml" -i 127.0.0.1 -p 0 -r 100000 -l "$concurrency" -m "$calls" \
  -nostdin -timeout 500s > "$work/uac.out" 2>&1 || true
end=$(date +%s.%N)
ok=$(grep -E "Successful call" "$work/uac.out" | tail -1 | awk -F'|' '{print $3}' | tr -d ' ')
failed=$(grep -E "Failed call" "$work/uac.out" | tail -1 | awk -F'|' '{print $3}' | tr -d ' ')
awk -v ok="${ok:-0}" -v failed="${failed:-0}" -v s="$start" -v e="$end" -v c="$calls" \
  'BEGIN { printf "Kamailio 5.6 (2 UDP workers): %d forked calls (2 devices each), %d failed, in %.2f s → %.0f calls/s\n", c, failed, e - s, ok / (e - s) }'
