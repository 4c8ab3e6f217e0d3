#!/usr/bin/env bash
# The server's memory per member (issue 12, docs/benchmarks.md "Memory per member"):
# a fresh `chatroom-serverd --log memory` for each N of $SIZES, its VmRSS with no member,
# then `chatroom-bench join -n N`, which reads the server's VmHWM and VmRSS from /proc
# while all N members are still connected. Prints one line per N and the bytes per member
# ((RSS with N members - RSS idle) / N). The server runs on core 0, the bench on core 1.
#
#   scripts/bench-memory.sh                      # N = 0, 5000 and 10000, 1 run each
#   RUNS=3 SIZES="5000" LOG=sqlite scripts/bench-memory.sh
#
# CHATROOM_BENCH_BUILD_DIR (default build-bench, Release) is built first, as bench.sh does;
# SERVERD=path runs another chatroom-serverd (another revision's) with this bench.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${CHATROOM_BENCH_BUILD_DIR:-$ROOT/build-bench}
RUNS=${RUNS:-1}
SIZES=${SIZES:-"0 5000 10000"}
LOG=${LOG:-memory}
if [ ! -f "$BUILD/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$BUILD" --target chatroom-serverd chatroom-bench >/dev/null
SERVERD=${SERVERD:-$BUILD/app-server/chatroom-serverd}
BENCH=$BUILD/bench/chatroom-bench

# 10,000 members are 10,000 descriptors in the server and as many in the bench.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
SERVER_CPU=() BENCH_CPU=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    SERVER_CPU=(taskset -c 0) BENCH_CPU=(taskset -c 1)
fi

# Below the kernel's ephemeral range, as in bench.sh.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 12000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}
status_kb() { grep "^$2:" "/proc/$1/status" | awk '{ print $2 }'; }
value_of() { tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }

echo "# $(date -u +%Y-%m-%dT%H:%MZ) commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $SERVERD --log $LOG"
for n in $SIZES; do
    for _ in $(seq "$RUNS"); do
        datadir=$(mktemp -d "${TMPDIR:-/tmp}/chatroom-memory.XXXXXX")
        port=$(free_port)
        "${SERVER_CPU[@]}" "$SERVERD" --listen 127.0.0.1 --port "$port" --flood-limit 0 \
            --data-dir "$datadir" --admin-socket none --log "$LOG" >/dev/null 2>&1 &
        pid=$!
        for _ in $(seq 200); do
            ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port " && break
            sleep 0.05
        done
        sleep 0.5 # settled: the listener up, nothing else to do
        idle=$(status_kb "$pid" VmRSS)
        line="ok=1 peak_rss_kb=$(status_kb "$pid" VmHWM) rss_kb=$idle join_s=0"
        if [ "$n" -gt 0 ]; then
            line=$("${BENCH_CPU[@]}" "$BENCH" join -n "$n" --port "$port" --pid "$pid" \
                --timeout 300 || true)
        fi
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        rm -rf "$datadir"
        rss=$(echo "$line" | value_of rss_kb)
        hwm=$(echo "$line" | value_of peak_rss_kb)
        printf 'n=%s ok=%s idle_rss_kib=%s rss_kib=%s hwm_kib=%s join_s=%s bytes_per_member=%s\n' \
            "$n" "$(echo "$line" | value_of ok)" "$idle" "$rss" "$hwm" \
            "$(echo "$line" | value_of join_s)" \
            "$(awk -v n="$n" -v a="$idle" -v b="$rss" 'BEGIN { if (n > 0) printf "%.0f", (b - a) * 1024 / n; else print "-" }')"
    done
done
