#!/usr/bin/env bash
# Route lookups per second (`GET /v1/routes/{e164}`, the media platform's question) and their latency percentiles,
# with ACCOUNTS accounts bulk-loaded into PostgreSQL. Release build; wrk on loopback.
# Usage: bash scripts/benchmark-routes.sh [ACCOUNTS] [SECONDS] [CONNECTIONS]   (default 100000 20 32)
#        PIN=0 bash scripts/benchmark-routes.sh ...   to let the scheduler place every process
#
# `reroute icrs` (and the private PostgreSQL it starts) is pinned to CPU 0, wrk to CPU 1. Every account has one
# validated primary number +4477NNNNNNNN; two accounts in three have a device online (one in three has two), the
# rest none, so answers mix available:true (1-2 contacts) and available:false. Lookups pick numbers at random.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
reroute_setup
command -v wrk >/dev/null || { echo "benchmark: installing wrk" >&2; apt-get install -y -qq wrk >/dev/null; }

accounts=${1:-100000}
seconds=${2:-20}
connections=${3:-32}
token=benchmark-service-token-0123456789
server_cpu=(taskset -c 0)
client_cpu=(taskset -c 1)
if [ "${PIN:-1}" = 0 ]; then server_cpu=(); client_cpu=(); fi

swift build -c release --product reroute -j 2 >/dev/null
bin="$(swift build -c release --show-bin-path)/reroute"
work=$(mktemp -d)
icrs_pid=""
cleanup() {
    [ -n "$icrs_pid" ] && kill -TERM "$icrs_pid" 2>/dev/null && wait "$icrs_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"${server_cpu[@]}" "$bin" icrs --http 127.0.0.1:0 --service-token "$token" --sms-sink "$work/sms.jsonl" \
    >"$work/icrs.log" 2>&1 &
icrs_pid=$!
for _ in $(seq 1 600); do
    grep -q "listening on" "$work/icrs.log" && break
    kill -0 "$icrs_pid" 2>/dev/null || { cat "$work/icrs.log" >&2; exit 1; }
    sleep 0.1
done
port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/icrs.log" | grep -o '[0-9]*$')
socket=$(grep -o 'private PostgreSQL in [^ ]*' "$work/icrs.log" | awk '{print $4}')
[ -n "$port" ] && [ -n "$socket" ] || { cat "$work/icrs.log" >&2; exit 1; }

echo "benchmark: loading $accounts accounts" >&2
load_start=$(date +%s.%N)
psql -q -v ON_ERROR_STOP=1 -h "$socket" -p 5432 -U postgres -d postgres >/dev/null <<SQL
BEGIN;
INSERT INTO accounts (id, password_hash, created_at)
    SELECT md5('account' || i)::uuid, 'pbkdf2-sha256\$200000\$bench\$bench', now()
    FROM generate_series(1, $accounts) AS i;
INSERT INTO numbers (e164) SELECT '4477' || lpad(i::text, 8, '0') FROM generate_series(1, $accounts) AS i;
INSERT INTO account_numbers (account_id, e164, role, linked_at, validated_at)
    SELECT md5('account' || i)::uuid, '4477' || lpad(i::text, 8, '0'), 'primary', now(), now()
    FROM generate_series(1, $accounts) AS i;
INSERT INTO devices (account_id, device_id, name, vendor, os, login_state, connection_state, last_seen,
        contact_uri, contact_transport, contact_codecs, contact_bandwidth_kbps, sip_username)
    SELECT md5('account' || i)::uuid, d.id, d.name, 'Google', 'Android 15',
        CASE WHEN i % 3 = 0 THEN 'logged_out' ELSE 'logged_in' END,
        CASE WHEN i % 3 = 0 THEN 'disconnected' ELSE 'connected' END, now(),
        CASE WHEN i % 3 = 0 THEN NULL ELSE 'sip:u' || i || d.id || '@198.51.100.' || (i % 250 + 1) || ':5062' END,
        'udp', ARRAY['opus', 'G729', 'PCMA'], 64, 'u' || i || d.id
    FROM generate_series(1, $accounts) AS i,
        LATERAL (VALUES ('phone', 'Pixel'), ('tablet', 'Tab')) AS d (id, name)
    WHERE d.id = 'phone' OR i % 3 = 1;
COMMIT;
ANALYZE;
SQL
load_end=$(date +%s.%N)
rows=$(psql -tA -h "$socket" -p 5432 -U postgres -d postgres -c "SELECT count(*) FROM account_numbers")
echo "benchmark: $rows numbers loaded in $(echo "$load_end - $load_start" | bc) s" >&2

cat >"$work/routes.lua" <<LUA
math.randomseed(42)
local accounts = $accounts
request = function()
    local number = string.format("%%2B4477%08d", math.random(1, accounts))
    return wrk.format("GET", "/v1/routes/" .. number, { ["X-Service-Token"] = "$token" })
end
LUA
url="http://127.0.0.1:$port"
# One answer checked by hand: a loaded number routes to its devices.
curl -sf -H "X-Service-Token: $token" "$url/v1/routes/%2B447700000001" >"$work/sample.json"
grep -q '"available":true' "$work/sample.json" || { echo "benchmark: unexpected answer: $(cat "$work/sample.json")" >&2; exit 1; }
"${client_cpu[@]}" wrk -t1 -c"$connections" -d3s -s "$work/routes.lua" "$url" >/dev/null  # warm-up
"${client_cpu[@]}" wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$work/routes.lua" "$url" | tee "$work/wrk.txt"
rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt")
p50=$(awk '/^ +50%/ {print $2}' "$work/wrk.txt")
p99=$(awk '/^ +99%/ {print $2}' "$work/wrk.txt")
errors=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
echo "routes: $accounts accounts, $connections connections, ${seconds} s: $rps lookups/s, p50 $p50, p99 $p99," \
    "non-2xx ${errors:-0}"
