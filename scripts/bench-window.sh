#!/usr/bin/env bash
# The chat window's figures for issue 13 (docs/benchmarks.md, "The chat window (issue 13)"),
# each against a fresh `chatroom-serverd --flood-limit 0 --log memory` on a free port:
#   1. load:   the real ChatWindow (chatroom-window-bench live, offscreen) in a room that
#              chatroom-bench latency fills with 1000 messages a second (10 senders, 100/s
#              each) for LOAD_SECONDS (10);
#   2. churn:  the same window while one member joins and leaves CYCLES (10000) times;
#   3. scroll: EVENTS (100000) events in the TranscriptView, then in a QTextEdit with one
#              plain-text line per event (the old log), each in a process of its own.
# Prints the load average, every RESULT line, and checks: every message and join/leave
# reached the window (and the last one is in view). About a minute, most of it the churn.
#
#   scripts/bench-window.sh
#   CHATROOM_BENCH_BUILD_DIR=build LOAD_SECONDS=20 scripts/bench-window.sh
#   PARTS="load churn" scripts/bench-window.sh     # without the scroll part (2-3 minutes)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${CHATROOM_BENCH_BUILD_DIR:-$ROOT/build-bench}
LOAD_SECONDS=${LOAD_SECONDS:-10}
CYCLES=${CYCLES:-10000}
EVENTS=${EVENTS:-100000}
PARTS=${PARTS:-load churn scroll}
SERVER=$BUILD/app-server/chatroom-serverd
BENCH=$BUILD/bench/chatroom-bench
WINDOW=$BUILD/bench/chatroom-window-bench
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}

if [ ! -f "$BUILD/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$BUILD" --target chatroom-serverd chatroom-bench chatroom-window-bench >/dev/null

WORK=$(mktemp -d "${TMPDIR:-/tmp}/chatroom-window-bench.XXXXXX")
server_pid="" window_pid=""
cleanup() {
    for p in $window_pid $server_pid; do kill -TERM "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 12000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

# start_server: sets $port and $server_pid.
start_server() {
    port=$(free_port)
    "$SERVER" --listen 127.0.0.1 --port "$port" --flood-limit 0 --log memory \
        --data-dir "$WORK" >/dev/null 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do
        ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port " && return 0
        sleep 0.05
    done
    echo "chatroom-serverd did not start" >&2
    return 1
}

stop_server() {
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

# watched <load command...>: the window joins, the load runs, the window's RESULT line
# is printed once the room has been quiet for a while.
watched() {
    start_server
    "$WINDOW" live --port "$port" --name watcher >"$WORK/window.out" 2>"$WORK/window.err" &
    window_pid=$!
    for _ in $(seq 200); do
        grep -q READY "$WORK/window.out" && break
        sleep 0.05
    done
    grep -q READY "$WORK/window.out" || { echo "the window did not join" >&2; return 1; }
    "$@" --port "$port" | grep RESULT
    wait "$window_pid" || true
    window_pid=""
    grep RESULT "$WORK/window.out"
    stop_server
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

echo "load before: $(uptime)"
part() { [[ " $PARTS " == *" $1 "* ]]; }

if part load; then
echo "== 1000 messages a second for $LOAD_SECONDS s"
out=$(watched "$BENCH" latency -n 10 -s 10 -r 10000 -t "$LOAD_SECONDS")
echo "$out"
sent=$(field messages "$(grep 'mode=latency' <<<"$out")")
seen=$(field chats "$(grep 'mode=live' <<<"$out")")
[ "$sent" = "$seen" ] && echo "check: the window got all $seen messages" \
    || echo "CHECK FAILED: $sent sent, $seen in the window"
fi

if part churn; then
echo "== churn: $CYCLES joins and leaves"
out=$(watched "$WINDOW" churn --cycles "$CYCLES")
echo "$out"
seen=$(field events "$(grep 'mode=live' <<<"$out")")
[ "$seen" = $((2 * CYCLES)) ] && echo "check: the window got all $seen joins and leaves" \
    || echo "CHECK FAILED: $((2 * CYCLES)) sent, $seen in the window"
fi

if part scroll; then
echo "== $EVENTS events: TranscriptView, then QTextEdit"
"$WINDOW" scroll --widget transcriptview --events "$EVENTS"
"$WINDOW" scroll --widget qtextedit --events "$EVENTS"
fi
echo "load after: $(uptime)"
