#!/usr/bin/env bash
# Side by side with an IRC server (issue 5): latency and fanout at N=1000 against
# `chatroom-server --headless --flood-limit 0` and against ngircd, in one run, with the
# same chatroom-bench (`--protocol irc` for ngircd). Each run gets a fresh server; the
# server runs on core 0 and the bench on core 1; the two servers take turns so both see
# the same machine load. Needs ngircd (`apt-get install --no-install-recommends ngircd`);
# it is started in the foreground with a private config on 127.0.0.1, never as a service.
# Takes about 3 minutes.
#
#   scripts/bench-irc.sh                       # 3 runs, N=1000, latency 10 s at 50k/s
#   RUNS=5 N=1000 SECONDS_LATENCY=4 scripts/bench-irc.sh
#
# Writes the RESULT lines to $OUT/bench-irc-results.txt and the medians to
# $OUT/bench-irc-summary.md (OUT defaults to the build directory).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${CHATROOM_BENCH_BUILD_DIR:-$ROOT/build-bench}
OUT=${OUT:-$BUILD}
RUNS=${RUNS:-3}
N=${N:-1000}
SECONDS_LATENCY=${SECONDS_LATENCY:-10}
FANOUT_M=${FANOUT_M:-600}
SERVER=$BUILD/app-server/chatroom-server
BENCH=$BUILD/bench/chatroom-bench
NGIRCD=$(command -v ngircd || true)
[ -x /usr/sbin/ngircd ] && NGIRCD=/usr/sbin/ngircd
if [ -z "$NGIRCD" ]; then
    echo "ngircd is not installed; nothing to compare with" >&2
    exit 0
fi

if [ ! -f "$BUILD/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$BUILD" --target chatroom-server chatroom-bench >/dev/null

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
SERVER_CPU=() BENCH_CPU=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    SERVER_CPU=(taskset -c 0) BENCH_CPU=(taskset -c 1)
fi
mkdir -p "$OUT"
WORK=$(mktemp -d)
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
RESULTS=$OUT/bench-irc-results.txt
SUMMARY=$OUT/bench-irc-summary.md
{
    echo "# chatroom vs ngircd $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "# commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (modified)')"
    echo "# $("$NGIRCD" --version 2>/dev/null | head -1)"
} >"$RESULTS"

free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 12000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

# ngircd's flood control is its penalty time, and MaxPenaltyTime = 0 turns it off; the
# connection limits are off too. DNS, IDENT and PAM lookups would slow every connect.
ngircd_config() {
    cat <<CONF
[Global]
	Name = bench.irc.local
	Info = bench
	AdminInfo1 = bench
	AdminInfo2 = bench
	AdminEMail = bench@localhost
	Listen = 127.0.0.1
	Ports = $1
[Limits]
	MaxConnections = 0
	MaxConnectionsIP = 0
	MaxJoins = 0
	MaxNickLength = 12
	MaxPenaltyTime = 0
	PingTimeout = 600
	PongTimeout = 600
[Options]
	DNS = no
	Ident = no
	PAM = no
	ConnectIPv6 = no
CONF
}

# start_server <chatroom|irc>: a fresh server on a free port; sets $port and $pid.
start_server() {
    local _
    for _ in 1 2 3 4 5; do
        port=$(free_port)
        if [ "$1" = irc ]; then
            ngircd_config "$port" >"$WORK/ngircd.conf"
            "${SERVER_CPU[@]}" "$NGIRCD" -n -f "$WORK/ngircd.conf" >/dev/null 2>&1 &
        else
            "${SERVER_CPU[@]}" "$SERVER" --headless --listen 127.0.0.1 --port "$port" \
                --flood-limit 0 >/dev/null 2>&1 &
        fi
        pid=$!
        for _ in $(seq 100); do
            if ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port "; then return 0; fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    echo "$1 server did not start" >&2
    return 1
}

# run_one <chatroom|irc> <bench arguments...>
run_one() {
    local protocol=$1 port line load
    shift
    start_server "$protocol"
    load=$(cut -d' ' -f1 /proc/loadavg)
    # ngircd drops connects when 100 arrive at once (the default batch): 20 at a time.
    line=$("${BENCH_CPU[@]}" "$BENCH" "$@" --protocol "$protocol" --batch 20 --port "$port" \
        --pid "$pid" --timeout 90 || true)
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
    [ -n "$line" ] || line="RESULT mode=$1 n=$N ok=0 error=no_output protocol=$protocol"
    echo "$line load=$load" | tee -a "$RESULTS"
}

start=$(date +%s)
for _ in $(seq "$RUNS"); do
    for protocol in chatroom irc; do
        run_one "$protocol" latency -n "$N" -s 10 -r 50000 -t "$SECONDS_LATENCY"
        run_one "$protocol" fanout -n "$N" -s 10 -w 20 -m "$FANOUT_M"
    done
done
elapsed=$(($(date +%s) - start))

# median <protocol> <mode> <key>
median() {
    grep "^RESULT mode=$2 n=$N " "$RESULTS" | grep " protocol=$1 " | tr ' ' '\n' \
        | grep "^$3=" | cut -d= -f2 | sort -g \
        | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
faults() {
    grep "^RESULT mode=$2 n=$N " "$RESULTS" | grep " protocol=$1 " | tr ' ' '\n' \
        | grep -E '^(lost|dup|order)=' | cut -d= -f2 | awk '{ s += $1 } END { print s + 0 }'
}
failed=$(grep -c ' ok=0' "$RESULTS" || true)
{
    echo "Medians of $RUNS runs at N=$N, $(date -u +%Y-%m-%d), took ${elapsed}s; load average at the start of the runs: $(grep -o 'load=[0-9.]*' "$RESULTS" | cut -d= -f2 | sort -g | sed -n '1p;$p' | paste -sd- -)."
    echo
    echo "| server | latency at 50k deliveries/s, p50 / p90 / p99 / max (ms) | fanout deliveries/s | fanout deliveries per server CPU-s | join N=$N, all notified (s) | peak RSS (MB) | LOST+DUP+ORDER |"
    echo "|---|---|---|---|---|---|---|"
    for protocol in chatroom irc; do
        name=chatroom-server
        [ "$protocol" = irc ] && name=ngircd
        printf '| %s | %s / %s / %s / %s | %s | %s | %s | %s | %s |\n' "$name" \
            "$(median $protocol latency p50_ms)" "$(median $protocol latency p90_ms)" \
            "$(median $protocol latency p99_ms)" "$(median $protocol latency max_ms)" \
            "$(median $protocol fanout deliveries_per_s)" \
            "$(median $protocol fanout deliveries_per_server_cpu_s)" \
            "$(median $protocol latency join_s)" \
            "$(awk -v k="$(median $protocol fanout peak_rss_kb)" 'BEGIN { printf "%.1f", k / 1024 }')" \
            "$(($(faults $protocol latency) + $(faults $protocol fanout)))"
    done
    echo
    echo "Runs that failed (ok=0): $failed. Raw lines: $(basename "$RESULTS")."
} | tee "$SUMMARY"
[ "$failed" -eq 0 ]
