#!/usr/bin/env bash
# One churn of scripts/bench-window.sh (docs/benchmarks.md, "The chat window (issue 13)")
# with a given window binary, to compare two builds alternately in one run: a fresh
# chatroom-serverd --flood-limit 0 --log memory pinned to core 0, the window and the
# churner (CHURNER, by default the window binary itself) pinned to core 1. Prints one
# line: window and churner CPU seconds, their ratio, what the window showed, the load.
#
#   for i in 1 2 3; do scripts/bench-window-churn-ab.sh old/chatroom-window-bench
#                      scripts/bench-window-churn-ab.sh build/bench/chatroom-window-bench; done
set -eo pipefail
WINDOW=$1
CYCLES=${2:-10000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVER=${SERVER:-$ROOT/build/app-server/chatroom-serverd}
CHURNER=${CHURNER:-$WINDOW}
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/churn-ab.XXXXXX")
port=$((20000 + RANDOM % 12000))
taskset -c 0 "$SERVER" --listen 127.0.0.1 --port $port --flood-limit 0 --log memory \
    --data-dir "$WORK" >/dev/null 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do ss -ltn | grep -q "127.0.0.1:$port " && break; sleep 0.05; done
taskset -c 1 "$WINDOW" live --port $port --name watcher >"$WORK/w.out" 2>"$WORK/w.err" &
wpid=$!
for _ in $(seq 200); do grep -qs READY "$WORK/w.out" && break; sleep 0.05; done
c=$(taskset -c 1 "$CHURNER" churn --cycles "$CYCLES" --port $port | grep RESULT)
wait $wpid || true
w=$(grep RESULT "$WORK/w.out")
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
wc=$(field cpu_s "$w")
cc=$(field cpu_s "$c")
printf "%s window_cpu=%s churner_cpu=%s ratio=%.3f events=%s last_shown=%s busy_gap_ms=%s load=%s\n" \
    "$WINDOW" "$wc" "$cc" "$(echo "$wc / $cc" | bc -l)" "$(field events "$w")" \
    "$(field last_shown "$w")" "$(field max_busy_gap_ms "$w")" "$(cut -d' ' -f1 /proc/loadavg)"
