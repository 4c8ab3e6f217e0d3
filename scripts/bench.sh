#!/usr/bin/env bash
# Builds chatroom-server and chatroom-bench (Release) and runs the benchmark suite of
# docs/benchmarks.md: join, fanout and latency at N = 100, 1000 and 5000 members, each
# against a fresh `chatroom-server --headless --flood-limit 0`, several runs, medians.
# The server runs on core 0 and the bench on core 1. Takes 3-4 minutes.
#
#   scripts/bench.sh                 # the suite, 3 runs of everything
#   RUNS=5 SIZES="1000" scripts/bench.sh
#   scripts/bench.sh --irc           # then scripts/bench-irc.sh: the same bench against
#                                    # ngircd, side by side (2 more minutes; needs ngircd)
#
# Writes every RESULT line to $OUT/bench-results.txt and the table of medians to
# $OUT/bench-summary.md (OUT defaults to the build directory).
set -euo pipefail

WITH_IRC=0
case ${1:-} in
--irc) WITH_IRC=1 ;;
"") ;;
*) echo "usage: $0 [--irc]" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${CHATROOM_BENCH_BUILD_DIR:-$ROOT/build-bench}
OUT=${OUT:-$BUILD}
RUNS=${RUNS:-3}
SIZES=${SIZES:-"100 1000 5000"}
SERVER=$BUILD/app-server/chatroom-server
BENCH=$BUILD/bench/chatroom-bench

# --- build ------------------------------------------------------------------------------
if [ ! -f "$BUILD/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$BUILD" --target chatroom-server chatroom-bench >/dev/null

# --- environment ------------------------------------------------------------------------
# 5000 members are 5000 descriptors in the server and as many in the bench.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10100 ]; then
    echo "warning: ulimit -n is $(ulimit -n); N=5000 needs about 5100 per process" >&2
fi
SERVER_CPU=() BENCH_CPU=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    SERVER_CPU=(taskset -c 0) BENCH_CPU=(taskset -c 1)
fi
mkdir -p "$OUT"
RESULTS=$OUT/bench-results.txt
SUMMARY=$OUT/bench-summary.md
{
    echo "# chatroom bench $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "# commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (modified)')"
    echo "# nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
    echo "# $(uname -sr); ulimit -n $(ulimit -n)"
} >"$RESULTS"

# Below the kernel's ephemeral range (32768 and up), where the bench's own 5000 client
# ports would make a listen() fail now and then.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 12000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

# start_server: a fresh server on a free port; sets $port and $pid.
start_server() {
    local attempt
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        "${SERVER_CPU[@]}" "$SERVER" --headless --listen 127.0.0.1 --port "$port" \
            --flood-limit 0 >/dev/null 2>&1 &
        pid=$!
        for _ in $(seq 100); do
            if ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port "; then return 0; fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    echo "chatroom-server did not start" >&2
    return 1
}

# run_one <bench arguments...>: a fresh server, one bench run, one RESULT line appended.
run_one() {
    local port pid line load
    start_server
    load=$(cut -d' ' -f1 /proc/loadavg)
    line=$("${BENCH_CPU[@]}" "$BENCH" "$@" --port "$port" --pid "$pid" --timeout 60 || true)
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ -n "$line" ] || line="RESULT mode=$1 ok=0 error=no_output"
    echo "$line load=$load" | tee -a "$RESULTS"
}

# --- the suite --------------------------------------------------------------------------
# Fan-out sizes give about 3-6 million deliveries per run: long enough for a steady
# window, short enough for the 5-minute budget. 40-character texts, 10 senders with 20
# in flight each; latency at a total of 50k deliveries per second.
fanout_messages() {
    case $1 in 100) echo 3000 ;; 1000) echo 600 ;; *) echo $((600000 / $1)) ;; esac
}
start=$(date +%s)
for n in $SIZES; do
    for run in $(seq "$RUNS"); do
        run_one join -n "$n"
        run_one fanout -n "$n" -s 10 -w 20 -m "$(fanout_messages "$n")"
        run_one latency -n "$n" -s 10 -r 50000 -t 4
    done
done
elapsed=$(($(date +%s) - start))

# --- medians ----------------------------------------------------------------------------
# median <mode> <n> <key>: the median of key=value over the RESULT lines of that mode and n.
median() {
    grep "^RESULT mode=$1 n=$2 " "$RESULTS" | tr ' ' '\n' | grep "^$3=" | cut -d= -f2 \
        | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
sum_of() {
    grep "^RESULT mode=$1 n=$2 " "$RESULTS" | tr ' ' '\n' | grep "^$3=" | cut -d= -f2 \
        | awk '{ s += $1 } END { print s + 0 }'
}
failed=$(grep -c ' ok=0' "$RESULTS" || true)
{
    echo "Medians of $RUNS runs, $(date -u +%Y-%m-%d), suite took ${elapsed}s; load average during runs: $(grep -o 'load=[0-9.]*' "$RESULTS" | cut -d= -f2 | sort -g | sed -n '1p;$p' | paste -sd- -)."
    echo
    echo "| N | join, all notified (s) | join server CPU (s) | fanout deliveries/s | fanout deliveries per server CPU-s | latency p50 / p90 / p99 / max (ms) | peak RSS (MB) | LOST / DUP / ORDER / GAP (all runs) |"
    echo "|---|---|---|---|---|---|---|---|"
    for n in $SIZES; do
        rss=0
        for mode in join fanout latency; do
            r=$(median "$mode" "$n" peak_rss_kb)
            [ "$r" != - ] && [ "${r%.*}" -gt "$rss" ] && rss=${r%.*}
        done
        faults="$(( $(sum_of fanout "$n" lost) + $(sum_of latency "$n" lost) ))"
        faults+=" / $(( $(sum_of fanout "$n" dup) + $(sum_of latency "$n" dup) ))"
        faults+=" / $(( $(sum_of join "$n" order) + $(sum_of fanout "$n" order) + $(sum_of latency "$n" order) ))"
        faults+=" / $(( $(sum_of join "$n" gap) + $(sum_of fanout "$n" gap) + $(sum_of latency "$n" gap) ))"
        printf '| %s | %s | %s | %s | %s | %s / %s / %s / %s | %s | %s |\n' "$n" \
            "$(median join "$n" join_s)" "$(median join "$n" join_server_cpu_s)" \
            "$(median fanout "$n" deliveries_per_s)" \
            "$(median fanout "$n" deliveries_per_server_cpu_s)" \
            "$(median latency "$n" p50_ms)" "$(median latency "$n" p90_ms)" \
            "$(median latency "$n" p99_ms)" "$(median latency "$n" max_ms)" \
            "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" "$faults"
    done
    echo
    echo "Runs that failed (ok=0): $failed. Raw lines: $(basename "$RESULTS")."
} | tee "$SUMMARY"
if [ "$WITH_IRC" = 1 ]; then
    echo
    CHATROOM_BENCH_BUILD_DIR=$BUILD OUT=$OUT "$ROOT/scripts/bench-irc.sh" || failed=$((failed + 1))
fi
[ "$failed" -eq 0 ]
