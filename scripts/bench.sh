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
#   scripts/bench.sh --durable       # instead of the suite: the room log and protocol 1.1
#                                    # at N=1000 (2-4 minutes, RUNS=3): fanout against
#                                    # --log memory and --log sqlite in turns, resume, and
#                                    # join with history 200
#   scripts/bench.sh --tls           # instead of the suite: fanout and latency at N=1000
#                                    # (SIZES) over plain TCP and over TLS in turns, each
#                                    # server with --tls-port; medians and TLS / TCP ratios
#                                    # (RUNS pairs, 1-2 minutes at RUNS=3)
#   scripts/bench.sh --compare REV   # instead of the suite: this tree's server against
#                                    # REV's, in turns, with the same (this tree's) bench;
#                                    # medians and new / old ratios per figure. REV is
#                                    # checked out in a git worktree beside this one
#                                    # (../bench-rev-SHORT, or $CHATROOM_COMPARE_DIR) and
#                                    # built there (Release, build-bench/, kept and reused).
#                                    # MODES="join fanout latency" and SIZES choose the runs:
#   MODES=fanout SIZES="100 1000" RUNS=5 scripts/bench.sh --compare 6015988
#   scripts/bench.sh --shared        # instead of the suite: one room on two servers through
#                                    # Redis against one server with its SQLite log (issue
#                                    # 15), in turns: fanout and latency at N=1000 and 5000
#                                    # (SIZES), members spread over both servers; medians,
#                                    # ratios and the p99 difference (RUNS pairs, 2 minutes
#                                    # a pair on a busy machine; MODES="fanout latency").
#                                    # Needs redis-server; uses chatroom-serverd.
#   scripts/bench.sh --window        # instead of the suite: the server with its admin
#                                    # window (QT_QPA_PLATFORM=offscreen, or WINDOW_QPA)
#                                    # against --headless in turns at N=1000: fanout, and
#                                    # latency at 1000 messages/s (a minute, RUNS=3)
#
# Every server gets a fresh temporary --data-dir (the SQLite log, the server's default,
# would otherwise grow in the user's data directory from run to run).
# Writes every RESULT line to $OUT/bench-results.txt and the table of medians to
# $OUT/bench-summary.md (OUT defaults to the build directory); --durable writes
# bench-durable-results.txt and bench-durable-summary.md, --tls bench-tls-*, --shared
# bench-shared-*, and --compare bench-compare-*.
set -euo pipefail

WITH_IRC=0 DURABLE=0 TLS_SUITE=0 WINDOW_SUITE=0 SHARED_SUITE=0 COMPARE=""
usage() {
    echo "usage: $0 [--irc | --durable | --tls | --window | --shared | --compare REV | --help]"
}
while [ $# -gt 0 ]; do
    case $1 in
    --irc) WITH_IRC=1 ;;
    --durable) DURABLE=1 ;;
    --tls) TLS_SUITE=1 ;;
    --window) WINDOW_SUITE=1 ;;
    --shared) SHARED_SUITE=1 ;;
    --compare)
        [ $# -ge 2 ] || { usage >&2; exit 2; }
        COMPARE=$2
        shift
        ;;
    --compare=*) COMPARE=${1#--compare=} ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) usage >&2; exit 2 ;;
    esac
    shift
done
replacing=$((DURABLE + TLS_SUITE + WINDOW_SUITE + SHARED_SUITE))
[ -z "$COMPARE" ] || replacing=$((replacing + 1))
if [ "$replacing" -gt 1 ]; then
    echo "$0: --durable, --tls, --window, --shared and --compare each replace the suite; give one" >&2
    exit 2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${CHATROOM_BENCH_BUILD_DIR:-$ROOT/build-bench}
OUT=${OUT:-$BUILD}
RUNS=${RUNS:-3}
SIZES_GIVEN=${SIZES:-} # --tls runs N=1000 unless told, --shared 1000 and 5000
SIZES=${SIZES:-"100 1000 5000"}
SERVER=$BUILD/app-server/chatroom-server
SERVERD=$BUILD/app-server/chatroom-serverd
BENCH=$BUILD/bench/chatroom-bench

# --- build ------------------------------------------------------------------------------
if [ ! -f "$BUILD/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
# --shared runs only the windowless server, which needs neither QtGui nor the window.
if [ "$SHARED_SUITE" = 1 ]; then
    cmake --build "$BUILD" --target chatroom-serverd chatroom-bench >/dev/null
else
    cmake --build "$BUILD" --target chatroom-server chatroom-bench >/dev/null
fi

# --- --compare REV: the other revision's server, built in its own worktree ----------------
# compare_build: REV checked out (detached) in a git worktree beside this tree, configured
# Release and built (chatroom-server only: both sides use this tree's bench). The worktree
# and its build-bench/ are kept, so a second comparison with REV only builds what changed.
compare_build() {
    local short tree
    OLD_SHA=$(git -C "$ROOT" rev-parse --verify --quiet "$COMPARE^{commit}") || {
        echo "$0: --compare: no such revision: $COMPARE" >&2
        exit 2
    }
    short=$(git -C "$ROOT" rev-parse --short "$OLD_SHA")
    tree=${CHATROOM_COMPARE_DIR:-$(dirname "$ROOT")/bench-rev-$short}
    if [ ! -e "$tree/.git" ]; then
        echo "checking out $short in $tree" >&2
        git -C "$ROOT" worktree add --detach "$tree" "$OLD_SHA" >/dev/null
    fi
    if [ "$(git -C "$tree" rev-parse HEAD)" != "$OLD_SHA" ]; then
        echo "$0: $tree is not at $short; remove it or set CHATROOM_COMPARE_DIR" >&2
        exit 2
    fi
    if [ ! -f "$tree/build-bench/build.ninja" ]; then
        cmake -S "$tree" -B "$tree/build-bench" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    fi
    echo "building chatroom-server at $short in $tree/build-bench" >&2
    cmake --build "$tree/build-bench" --target chatroom-server >/dev/null
    OLD_SERVER=$tree/build-bench/app-server/chatroom-server
}

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
if [ "$DURABLE" = 1 ]; then
    RESULTS=$OUT/bench-durable-results.txt
    SUMMARY=$OUT/bench-durable-summary.md
fi
if [ "$TLS_SUITE" = 1 ]; then
    RESULTS=$OUT/bench-tls-results.txt
    SUMMARY=$OUT/bench-tls-summary.md
fi
if [ -n "$COMPARE" ]; then
    RESULTS=$OUT/bench-compare-results.txt
    SUMMARY=$OUT/bench-compare-summary.md
    compare_build # sets OLD_SERVER and OLD_SHA, or exits
fi
if [ "$WINDOW_SUITE" = 1 ]; then
    RESULTS=$OUT/bench-window-results.txt
    SUMMARY=$OUT/bench-window-summary.md
fi
if [ "$SHARED_SUITE" = 1 ]; then
    RESULTS=$OUT/bench-shared-results.txt
    SUMMARY=$OUT/bench-shared-summary.md
fi
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

# start_server: a fresh server on a free port and a fresh data directory, with $LOG
# (--log memory or sqlite) when set, with its admin window when $WINDOW is 1; sets $port,
# $pid and $datadir. $SERVER_BIN, when set, is the server to run (--compare); with
# SERVER_TLS=1 it also listens for TLS on $tlsport (--tls: a self-signed certificate is
# made in the fresh data directory).
LOG="" PRELOAD=() SERVER_BIN="" SERVER_TLS=0 BENCH_TLS=0 WINDOW=0 TAG=""
start_server() {
    local attempt
    local log_args=() tls_args=() mode_args=(--headless) qpa=()
    [ -z "$LOG" ] || log_args=(--log "$LOG")
    if [ "$WINDOW" = 1 ]; then
        mode_args=()
        qpa=(env QT_QPA_PLATFORM="${WINDOW_QPA:-offscreen}")
    fi
    datadir=$(mktemp -d "${TMPDIR:-/tmp}/chatroom-bench.XXXXXX")
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        tlsport=""
        if [ "$SERVER_TLS" = 1 ]; then
            tlsport=$(free_port)
            [ "$tlsport" != "$port" ] || continue
            tls_args=(--tls-port "$tlsport")
        fi
        "${SERVER_CPU[@]}" "${qpa[@]}" "${SERVER_BIN:-$SERVER}" "${mode_args[@]}" \
            --listen 127.0.0.1 --port "$port" --flood-limit 0 --data-dir "$datadir" \
            "${log_args[@]}" "${tls_args[@]}" >/dev/null 2>&1 &
        pid=$!
        for _ in $(seq 100); do
            if ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port " \
                && { [ -z "$tlsport" ] || ss -ltn 2>/dev/null | grep -q "127.0.0.1:$tlsport "; }; then
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    echo "chatroom-server did not start" >&2
    return 1
}

# run_one <bench arguments...>: a fresh server, one bench run, one RESULT line appended
# (with the load average at its start, log= when $LOG is set, and $TAG when set). With
# $PRELOAD, that bench run goes first on the same server and is not reported, unless it
# fails. With BENCH_TLS=1 the bench connects to the server's TLS port with --tls.
run_one() {
    local port tlsport pid datadir line load pre
    local bench_port bench_tls=()
    start_server
    bench_port=$port
    if [ "$BENCH_TLS" = 1 ]; then
        bench_port=$tlsport
        bench_tls=(--tls)
    fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    pre=ok=1
    if [ ${#PRELOAD[@]} -gt 0 ]; then
        pre=$("${BENCH_CPU[@]}" "$BENCH" "${PRELOAD[@]}" --port "$port" --timeout 60 || true)
    fi
    if [[ $pre == *ok=1* ]]; then
        line=$("${BENCH_CPU[@]}" "$BENCH" "$@" "${bench_tls[@]}" --port "$bench_port" --pid "$pid" \
            --timeout 60 || true)
    else
        line="RESULT mode=$1 ok=0 error=preload_failed"
    fi
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -rf "$datadir"
    [ -n "$line" ] || line="RESULT mode=$1 ok=0 error=no_output"
    echo "$line load=$load${LOG:+ log=$LOG}${TAG:+ $TAG}" | tee -a "$RESULTS"
}

# --- --durable: the room log and protocol 1.1 at N=1000 ----------------------------------
# pick <grep -E pattern> <key>: key's values over the RESULT lines that match, in order.
pick() {
    grep -E "$1" "$RESULTS" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2 || true
}
median_of() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
total_of() {
    awk '{ s += $1 } END { print s + 0 }'
}
durable_suite() {
    local before after start elapsed pair order run mem sql ratios failed key
    before=$(cut -d' ' -f1-3 /proc/loadavg)
    start=$(date +%s)
    # Fanout against either log in turns (memory first in odd pairs, sqlite first in even
    # ones), a fresh server each, so a drift of the machine's load falls on both alike.
    # 40000 messages: 6 s or more, so that the SQLite log's search indexing (a batch 5 s
    # after the first commit, on the event loop) falls inside the run as it would in a
    # busy room; 600 per sender would be over before it starts.
    for pair in $(seq "$RUNS"); do
        order="memory sqlite"
        [ $((pair % 2)) = 1 ] || order="sqlite memory"
        for LOG in $order; do
            run_one fanout -n 1000 -s 10 -w 20 -m 4000 --v11
        done
    done
    # The server's default log from here on. Resume: 100 messages/s to 1000 members for
    # 10 s (below the 150-200/s at which one-message passes fill the server's core), 10%
    # of the members reset every second.
    LOG=sqlite
    for run in $(seq "$RUNS"); do
        run_one resume -n 1000 -s 10 -r 100000 -t 10 --cut-percent 10 --cut-every 1000
    done
    # History needs a room that has talked: 300 messages from 10 members who then leave.
    PRELOAD=(fanout -n 10 -s 10 -m 30 --prefix talk)
    for run in $(seq "$RUNS"); do
        run_one join -n 1000 --v11 --history 200
    done
    PRELOAD=()
    LOG=""
    after=$(cut -d' ' -f1-3 /proc/loadavg)
    elapsed=$(($(date +%s) - start))

    local fan='^RESULT mode=fanout n=1000 .* log='
    # pair_ratios <key>: sqlite / memory for each pair of runs, in run order.
    pair_ratios() {
        paste <(pick "${fan}memory" "$1") <(pick "${fan}sqlite" "$1") \
            | awk '$1 > 0 { printf "%.3f\n", $2 / $1 }'
    }
    failed=$(grep -c ' ok=0' "$RESULTS" || true)
    {
        echo "Durable log and protocol 1.1 at N=1000, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown), $RUNS runs each, ${elapsed}s."
        echo "Load average (1, 5, 15 min) before: $before; after: $after."
        echo
        echo "| fanout, 10 senders x 4000, 1.1 | --log memory | --log sqlite | sqlite / memory |"
        echo "|---|---|---|---|"
        # The wall rate is also the bench's limit (one core); per server CPU-second is the
        # server's own cost, whatever else runs.
        for key in deliveries_per_s deliveries_per_server_cpu_s; do
            mem=$(pick "${fan}memory" $key | median_of)
            sql=$(pick "${fan}sqlite" $key | median_of)
            ratios=$(pair_ratios $key)
            printf '| %s, median | %s | %s | %s (pairs: %s; median %s) |\n' "$key" "$mem" "$sql" \
                "$(awk -v a="$mem" -v b="$sql" 'BEGIN { if (a > 0) printf "%.3f", b / a; else print "-" }')" \
                "$(echo "$ratios" | paste -sd' ' -)" "$(echo "$ratios" | median_of)"
        done
        printf '| LOST / DUP / ORDER / GAP, all runs | %s | %s | |\n' \
            "$(for k in lost dup order gap; do pick "${fan}memory" $k | total_of; done | paste -sd/ -)" \
            "$(for k in lost dup order gap; do pick "${fan}sqlite" $k | total_of; done | paste -sd/ -)"
        echo
        local res='^RESULT mode=resume n=1000 '
        echo "| resume, 100 msg/s for 10 s, 10% reset every s | median of $RUNS |"
        echo "|---|---|"
        echo "| resumes / cuts (all runs) | $(pick "$res" resumes | total_of) / $(pick "$res" cuts | total_of) |"
        echo "| resume time p50 / p99 / max (ms) | $(pick "$res" resume_p50_ms | median_of) / $(pick "$res" resume_p99_ms | median_of) / $(pick "$res" resume_max_ms | median_of) |"
        echo "| delivery latency p50 / p99 / max (ms) | $(pick "$res" p50_ms | median_of) / $(pick "$res" p99_ms | median_of) / $(pick "$res" max_ms | median_of) |"
        echo "| LOST / DUP / ORDER / GAP, all runs | $(for k in lost dup order gap; do pick "$res" $k | total_of; done | paste -sd/ -) |"
        echo "| ResumeFailed, Says sent again, bad clientIds (all runs) | $(pick "$res" resume_failed | total_of), $(pick "$res" resent | total_of), $(pick "$res" clientid_bad | total_of) |"
        echo
        local joi='^RESULT mode=join n=1000 .*minor=1'
        echo "| join N=1000, 1.1, history 200 (after 300 messages) | median of $RUNS |"
        echo "|---|---|"
        echo "| all joined: Welcome, Members, History batch (s) | $(pick "$joi" join_complete_s | median_of) |"
        echo "| all notified (s) | $(pick "$joi" join_s | median_of) |"
        echo "| server CPU while joining (s) | $(pick "$joi" join_server_cpu_s | median_of) |"
        echo "| History events received, per run | $(pick "$joi" history_events | paste -sd' ' -) |"
        echo
        echo "Runs that failed (ok=0): $failed. Raw lines: $(basename "$RESULTS")."
    } | tee "$SUMMARY"
    [ "$failed" -eq 0 ]
}

# --- --window: the admin window's cost at N=1000 ------------------------------------------
# Fanout and latency against the server with its window and with --headless in turns (the
# window first in even pairs), a fresh server each. The window renders offscreen: the same
# models, layout and painting, without a display server taking a core of its own. Latency
# at 1000 messages/s shows how long the event loop, which a click shares, is held up.
window_suite() {
    local before after start pair order mode key h w fan lat ratios failed
    before=$(cut -d' ' -f1-3 /proc/loadavg)
    start=$(date +%s)
    for pair in $(seq "$RUNS"); do
        order="headless window"
        [ $((pair % 2)) = 1 ] || order="window headless"
        for mode in $order; do
            WINDOW=0
            [ "$mode" = headless ] || WINDOW=1
            TAG="server=$mode"
            run_one fanout -n 1000 -s 10 -w 20 -m 600
            run_one latency -n 1000 -s 10 -r 1000000 -t 5
        done
    done
    WINDOW=0 TAG=""
    after=$(cut -d' ' -f1-3 /proc/loadavg)
    fan='^RESULT mode=fanout n=1000 .* server='
    lat='^RESULT mode=latency n=1000 .* server='
    failed=$(grep -c ' ok=0' "$RESULTS" || true)
    {
        echo "Admin window against --headless at N=1000, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown), $RUNS runs each, $(($(date +%s) - start))s, QPA ${WINDOW_QPA:-offscreen}."
        echo "Load average (1, 5, 15 min) before: $before; after: $after."
        echo
        echo "| N=1000 | --headless | window | window / headless |"
        echo "|---|---|---|---|"
        for key in deliveries_per_s deliveries_per_server_cpu_s; do
            h=$(pick "${fan}headless" $key | median_of)
            w=$(pick "${fan}window" $key | median_of)
            # Per pair, in run order: the same moment of the machine for both.
            ratios=$(paste <(pick "${fan}headless" $key) <(pick "${fan}window" $key) \
                | awk '$1 > 0 { printf "%.3f\n", $2 / $1 }')
            printf '| fanout %s, median | %s | %s | %s (pairs: %s) |\n' "$key" "$h" "$w" \
                "$(echo "$ratios" | median_of)" "$(echo "$ratios" | paste -sd' ' -)"
        done
        for key in p50_ms p99_ms max_ms; do
            printf '| latency at 1000 msg/s, %s, median | %s | %s | |\n' "$key" \
                "$(pick "${lat}headless" $key | median_of)" "$(pick "${lat}window" $key | median_of)"
        done
        echo
        echo "Runs that failed (ok=0): $failed. Raw lines: $(basename "$RESULTS")."
    } | tee "$SUMMARY"
    [ "$failed" -eq 0 ]
}

# --- side by side: --tls and --compare ----------------------------------------------------
# Fan-out sizes give about 3-6 million deliveries per run: long enough for a steady
# window, short enough for the 5-minute budget. 40-character texts, 10 senders with 20
# in flight each; latency at a total of 50k deliveries per second.
fanout_messages() {
    case $1 in 100) echo 3000 ;; 1000) echo 600 ;; *) echo $((600000 / $1)) ;; esac
}

# Two kinds of run (A and B) in turns, A first in odd pairs and B first in even ones, so
# that a drift of the machine's load falls on both alike; every figure is then read as
# B / A, per pair and of the medians.
#
# pick_per <grep -E pattern> <key> <per-key>: key / per-key on each matching line, in order
# (e.g. the share of the run's wall time that a process had the CPU).
pick_per() {
    grep -E "$1" "$RESULTS" | awk -v k="$2" -v d="$3" '{
        a = ""; b = ""
        for (i = 1; i <= NF; ++i) {
            split($i, kv, "=")
            if (kv[1] == k) a = kv[2]
            if (kv[1] == d) b = kv[2]
        }
        if (a != "" && b > 0) printf "%.3f\n", a / b
    }'
}
# ratio_row <label> <pattern A> <pattern B> <key> [per-key]: one table row: A's median,
# B's median, B / A of the medians, and B / A of each pair in run order with its median.
ratio_row() {
    local label=$1 a=$2 b=$3 key=$4 per=${5:-} va vb ma mb ratios
    if [ -n "$per" ]; then
        va=$(pick_per "$a" "$key" "$per") vb=$(pick_per "$b" "$key" "$per")
    else
        va=$(pick "$a" "$key") vb=$(pick "$b" "$key")
    fi
    ma=$(echo "$va" | grep . | median_of) mb=$(echo "$vb" | grep . | median_of)
    ratios=$(paste <(echo "$va") <(echo "$vb") | awk '$1 > 0 && $2 != "" { printf "%.3f\n", $2 / $1 }')
    printf '| %s | %s | %s | %s | %s (median %s) |\n' "$label" "$ma" "$mb" \
        "$(awk -v a="$ma" -v b="$mb" 'BEGIN { if (a > 0) printf "%.3f", b / a; else print "-" }')" \
        "$(echo "$ratios" | paste -sd' ' -)" "$(echo "$ratios" | grep . | median_of)"
}
# faults_of <pattern>: LOST / DUP / ORDER / GAP summed over the matching lines.
faults_of() {
    for k in lost dup order gap; do pick "$1" $k | total_of; done | paste -sd/ -
}
# redis_row <pattern B>: --shared: the share of the wall time Redis had the CPU, when the
# lines have it (other_cpu_s).
redis_row() {
    if pick "$1" other_cpu_s | grep -q .; then
        printf '| Redis CPU / wall time | | %s | | |\n' "$(pick_per "$1" other_cpu_s seconds | median_of)"
    fi
}
# ratio_tables <mode> <n> <A's tag> <B's tag> <A's name> <B's name>: the rows for one mode.
ratio_tables() {
    local mode=$1 n=$2 a="^RESULT mode=$1 n=$2 .* $3( |\$)" b="^RESULT mode=$1 n=$2 .* $4( |\$)"
    echo "| $mode, N=$n | $5 | $6 | $6 / $5 of medians | $6 / $5 per pair, in run order |"
    echo "|---|---|---|---|---|"
    case $mode in
    join)
        ratio_row "all notified (s)" "$a" "$b" join_s
        ratio_row "server CPU while joining (s)" "$a" "$b" join_server_cpu_s
        ;;
    fanout)
        ratio_row "deliveries/s (steady window)" "$a" "$b" deliveries_per_s
        ratio_row "deliveries per server CPU-second" "$a" "$b" deliveries_per_server_cpu_s
        # --shared: Redis's CPU time counted with the servers'.
        if pick "$b" deliveries_per_total_cpu_s | grep -q .; then
            ratio_row "deliveries per CPU-second, servers and Redis" "$a" "$b" \
                deliveries_per_total_cpu_s
        fi
        ratio_row "server CPU / wall time" "$a" "$b" server_cpu_s seconds
        redis_row "$b"
        ratio_row "bench CPU / wall time" "$a" "$b" bench_cpu_s seconds
        ratio_row "server peak RSS (KiB)" "$a" "$b" peak_rss_kb
        ;;
    latency)
        ratio_row "p50 (ms)" "$a" "$b" p50_ms
        ratio_row "p90 (ms)" "$a" "$b" p90_ms
        ratio_row "p99 (ms)" "$a" "$b" p99_ms
        ratio_row "max (ms)" "$a" "$b" max_ms
        ratio_row "server CPU / wall time" "$a" "$b" server_cpu_s seconds
        redis_row "$b"
        ratio_row "bench CPU / wall time" "$a" "$b" bench_cpu_s seconds
        ;;
    esac
    printf '| LOST / DUP / ORDER / GAP, all runs | %s | %s | | |\n' "$(faults_of "$a")" "$(faults_of "$b")"
    echo
}

# tls_suite: fanout and latency at each N of $TLS_SIZES (default 1000) over plain TCP and
# over TLS in turns. Every server listens on both ports (--tls-port), so the transport
# the members use is the only difference.
tls_suite() {
    local before after start elapsed pair order transport n failed fan_a fan_b
    local sizes=${SIZES_GIVEN:-1000} ratios m
    before=$(cut -d' ' -f1-3 /proc/loadavg)
    start=$(date +%s)
    SERVER_TLS=1
    for n in $sizes; do
        for pair in $(seq "$RUNS"); do
            order="tcp tls"
            [ $((pair % 2)) = 1 ] || order="tls tcp"
            for transport in $order; do
                BENCH_TLS=0
                [ "$transport" = tcp ] || BENCH_TLS=1
                TAG="transport=$transport"
                run_one fanout -n "$n" -s 10 -w 20 -m "$(fanout_messages "$n")"
            done
            for transport in $order; do
                BENCH_TLS=0
                [ "$transport" = tcp ] || BENCH_TLS=1
                TAG="transport=$transport"
                run_one latency -n "$n" -s 10 -r 50000 -t 4
            done
        done
    done
    SERVER_TLS=0 BENCH_TLS=0 TAG=""
    after=$(cut -d' ' -f1-3 /proc/loadavg)
    elapsed=$(($(date +%s) - start))
    failed=$(grep -c ' ok=0' "$RESULTS" || true)
    {
        echo "TLS beside plain TCP, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown), $RUNS pairs in turns, ${elapsed}s."
        echo "Load average (1, 5, 15 min) before: $before; after: $after."
        echo "Cipher: $(pick ' transport=tls' tls | sort -u | paste -sd' ' -)."
        echo
        for n in $sizes; do
            ratio_tables fanout "$n" transport=tcp transport=tls TCP TLS
            ratio_tables latency "$n" transport=tcp transport=tls TCP TLS
            fan_a="^RESULT mode=fanout n=$n .* transport=tcp( |\$)"
            fan_b="^RESULT mode=fanout n=$n .* transport=tls( |\$)"
            ratios=$(paste <(pick "$fan_a" deliveries_per_s) <(pick "$fan_b" deliveries_per_s) \
                | awk '$1 > 0 { printf "%.3f\n", $2 / $1 }')
            m=$(echo "$ratios" | grep . | median_of)
            echo "Fanout at N=$n, TLS / TCP deliveries/s, median of the pairs: $m (issue 11's target: at least 0.5, $(awk -v m="$m" 'BEGIN { print (m != "-" && m >= 0.5) ? "met" : "NOT met" }'))."
            echo
        done
        echo "Runs that failed (ok=0): $failed. Raw lines: $(basename "$RESULTS")."
    } | tee "$SUMMARY"
    [ "$failed" -eq 0 ]
}

# compare_suite: $MODES (default join fanout latency) at each N of $SIZES against this
# tree's server ("new") and REV's ("old") in turns, both driven by this tree's bench.
compare_suite() {
    local before after start elapsed pair order side n mode failed
    local modes=${MODES:-join fanout latency}
    before=$(cut -d' ' -f1-3 /proc/loadavg)
    start=$(date +%s)
    for n in $SIZES; do
        for pair in $(seq "$RUNS"); do
            order="old new"
            [ $((pair % 2)) = 1 ] || order="new old"
            for mode in $modes; do
                for side in $order; do
                    SERVER_BIN=$SERVER
                    [ "$side" = new ] || SERVER_BIN=$OLD_SERVER
                    TAG="server=$side"
                    case $mode in
                    join) run_one join -n "$n" ;;
                    fanout) run_one fanout -n "$n" -s 10 -w 20 -m "$(fanout_messages "$n")" ;;
                    latency) run_one latency -n "$n" -s 10 -r 50000 -t 4 ;;
                    *) echo "$0: MODES: unknown mode $mode" >&2; return 2 ;;
                    esac
                done
            done
        done
    done
    SERVER_BIN="" TAG=""
    after=$(cut -d' ' -f1-3 /proc/loadavg)
    elapsed=$(($(date +%s) - start))
    failed=$(grep -c ' ok=0' "$RESULTS" || true)
    {
        echo "This tree ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ', modified'), \"new\") against $(git -C "$ROOT" rev-parse --short "$OLD_SHA") (\"old\"), $(date -u +%Y-%m-%dT%H:%MZ), $RUNS pairs in turns, ${elapsed}s; both servers driven by this tree's chatroom-bench."
        echo "Load average (1, 5, 15 min) before: $before; after: $after."
        echo "For times (s, ms) and memory, new / old below 1 is better; for rates, above 1."
        echo
        for n in $SIZES; do
            for mode in $modes; do
                ratio_tables "$mode" "$n" server=old server=new old new
            done
        done
        echo "Runs that failed (ok=0): $failed. Raw lines: $(basename "$RESULTS")."
    } | tee "$SUMMARY"
    [ "$failed" -eq 0 ]
}

# --- --shared: one room on two servers through Redis, beside one server with SQLite -------
# Issue 15. Both setups run chatroom-serverd, fresh for every run. "redis2": two servers
# on one room of a redis-server this script starts once (127.0.0.1, a free port, a
# temporary directory, `--save '' --appendonly no`: nothing goes to disk, so the figures
# hold the hop to Redis but not an fsync per append, which "nothing acknowledged is lost"
# needs, docs/scaling.md), a fresh room for every run; the bench spreads the members and
# the senders over both (--port A,B). "sqlite1": one server, --log sqlite, in a fresh data
# directory. The servers and Redis share core 0 and the bench has core 1, as in the suite:
# the two servers get no more CPU than the one, so the ratios are the cost of the hop and
# of a second process on the same core, not what a second machine would add.
REDIS_PID="" REDIS_PORT="" REDIS_DIR="" RUN_DIR="" RUN_PIDS=()
shared_cleanup() {
    local p
    for p in "${RUN_PIDS[@]}" $REDIS_PID; do kill -KILL "$p" 2>/dev/null || true; done
    for p in "${RUN_PIDS[@]}" $REDIS_PID; do wait "$p" 2>/dev/null || true; done
    RUN_PIDS=() REDIS_PID=""
    rm -rf "$RUN_DIR" "$REDIS_DIR"
}
redis_cli() {
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"
}
start_redis() {
    local tries
    if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
        echo "$0: --shared needs redis-server and redis-cli (Debian: redis-server)" >&2
        return 1
    fi
    REDIS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/chatroom-bench-redis.XXXXXX")
    for tries in 1 2 3 4 5; do
        [ "$tries" = 1 ] || echo "redis-server: did not start on port $REDIS_PORT, trying another" >&2
        REDIS_PORT=$(free_port)
        "${SERVER_CPU[@]}" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" \
            --save '' --appendonly no --daemonize no --logfile "$REDIS_DIR/redis.log" \
            >/dev/null 2>&1 &
        REDIS_PID=$!
        for _ in $(seq 100); do
            if [ "$(redis_cli PING 2>/dev/null)" = PONG ]; then
                return 0
            fi
            kill -0 "$REDIS_PID" 2>/dev/null || break
            sleep 0.05
        done
        kill -KILL "$REDIS_PID" 2>/dev/null || true
        wait "$REDIS_PID" 2>/dev/null || true
    done
    echo "redis-server did not start" >&2
    return 1
}
# start_serverd <--log value> <data dir>: one chatroom-serverd, no admin socket (two of
# them would want the same one); sets $port and $pid and adds $pid to RUN_PIDS.
start_serverd() {
    local tries
    mkdir -p "$2"
    for tries in 1 2 3 4 5; do
        [ "$tries" = 1 ] || echo "chatroom-serverd: did not start on port $port, trying another" >&2
        port=$(free_port)
        "${SERVER_CPU[@]}" "$SERVERD" --listen 127.0.0.1 --port "$port" --flood-limit 0 \
            --data-dir "$2" --admin-socket none --log "$1" >/dev/null 2>&1 &
        pid=$!
        RUN_PIDS+=("$pid")
        for _ in $(seq 200); do
            if ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port "; then
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    echo "chatroom-serverd did not start" >&2
    return 1
}
# cpu_ticks <pid>: utime + stime from /proc/<pid>/stat (fields 14 and 15, counted after
# the command name, which may hold spaces).
cpu_ticks() {
    sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'
}
# run_shared <sqlite1 | redis2> <bench arguments...>: fresh servers, one bench run, one
# RESULT line with setup=, the load average at its start, and for every setup
# deliveries_per_total_cpu_s: deliveries per CPU-second of the servers and Redis together.
SHARED_ROOM=0
run_shared() {
    local setup=$1 port pid ports pids line load p others=()
    shift
    RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/chatroom-bench.XXXXXX")
    RUN_PIDS=()
    if [ "$setup" = sqlite1 ]; then
        start_serverd sqlite "$RUN_DIR/a"
        ports=$port pids=$pid
    else
        SHARED_ROOM=$((SHARED_ROOM + 1))
        local room="redis://127.0.0.1:$REDIS_PORT/bench$SHARED_ROOM"
        start_serverd "$room" "$RUN_DIR/a"
        ports=$port pids=$pid
        start_serverd "$room" "$RUN_DIR/b"
        ports+=,$port pids+=,$pid
        others=(--other-pid "$REDIS_PID")
    fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    line=$("${BENCH_CPU[@]}" "$BENCH" "$@" --port "$ports" --pid "$pids" \
        "${others[@]}" --timeout 120 || true)
    for p in "${RUN_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${RUN_PIDS[@]}"; do
        for _ in $(seq 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
        kill -KILL "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    RUN_PIDS=()
    rm -rf "$RUN_DIR"
    RUN_DIR=""
    # The room is gone with its servers; Redis forgets it before the next run.
    [ "$setup" = sqlite1 ] || redis_cli FLUSHALL >/dev/null
    [ -n "$line" ] || line="RESULT mode=$1 ok=0 error=no_output"
    line+=" $(echo "$line" | tr ' ' '\n' | awk -F= '
        $1 == "deliveries" { d = $2 }
        $1 == "server_cpu_s" || $1 == "other_cpu_s" { c += $2 }
        END { printf "deliveries_per_total_cpu_s=%.0f", (c > 0 ? d / c : 0) }')"
    echo "$line load=$load setup=$setup" | tee -a "$RESULTS"
}
# p99_delta <n>: two servers on Redis minus one server with SQLite, p99 latency, per pair
# and of the medians; at N=1000 against issue 15's target of at most 2 ms.
p99_delta() {
    local a="^RESULT mode=latency n=$1 .* setup=sqlite1( |\$)" b="^RESULT mode=latency n=$1 .* setup=redis2( |\$)"
    local deltas ma mb md
    deltas=$(paste <(pick "$a" p99_ms) <(pick "$b" p99_ms) | awk 'NF == 2 { printf "%.2f\n", $2 - $1 }')
    ma=$(pick "$a" p99_ms | median_of) mb=$(pick "$b" p99_ms | median_of)
    md=$(echo "$deltas" | grep . | median_of)
    printf 'p99 at N=%s, two servers on Redis minus one server with SQLite: %s ms of the medians (%s against %s); per pair, in run order: %s ms, median %s ms' \
        "$1" "$(awk -v a="$ma" -v b="$mb" 'BEGIN { printf "%.2f", b - a }')" "$mb" "$ma" \
        "$(echo "$deltas" | paste -sd' ' -)" "$md"
    if [ "$1" = 1000 ]; then
        printf " (issue 15's target: at most 2 ms, %s by the median of the pairs)" \
            "$(awk -v m="$md" 'BEGIN { print (m != "-" && m <= 2) ? "met" : "NOT met" }')"
    fi
    printf '.\n\n'
}
shared_suite() {
    local before after start elapsed pair order setup n mode failed sizes=${SIZES_GIVEN:-"1000 5000"}
    local modes=${MODES:-fanout latency}
    [ -x "$SERVERD" ] || { echo "$0: no $SERVERD" >&2; return 1; }
    trap shared_cleanup EXIT
    trap 'exit 130' INT TERM
    start_redis
    before=$(cut -d' ' -f1-3 /proc/loadavg)
    start=$(date +%s)
    for n in $sizes; do
        for pair in $(seq "$RUNS"); do
            order="sqlite1 redis2"
            [ $((pair % 2)) = 1 ] || order="redis2 sqlite1"
            for mode in $modes; do
                for setup in $order; do
                    case $mode in
                    fanout) run_shared "$setup" fanout -n "$n" -s 10 -w 20 -m "$(fanout_messages "$n")" ;;
                    latency) run_shared "$setup" latency -n "$n" -s 10 -r 50000 -t 4 ;;
                    *) echo "$0: MODES: --shared runs fanout and latency, not $mode" >&2; return 2 ;;
                    esac
                done
            done
        done
    done
    after=$(cut -d' ' -f1-3 /proc/loadavg)
    elapsed=$(($(date +%s) - start))
    failed=$(grep -c ' ok=0' "$RESULTS" || true)
    {
        echo "Two chatroom-serverd on one room through Redis (\"redis2\") beside one with --log sqlite (\"sqlite1\"), $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ', modified'), $RUNS pairs in turns, ${elapsed}s."
        echo "Load average (1, 5, 15 min) before: $before; after: $after."
        echo "$(redis-server --version | cut -d' ' -f1-3), --save '' --appendonly no; servers and Redis on ${SERVER_CPU[*]:-any core}, bench on ${BENCH_CPU[*]:-any core}."
        echo "For times (ms) redis2 / sqlite1 below 1 is better; for rates, above 1. Server CPU is both servers' together; Redis's is in the CPU-second row with it."
        echo
        for n in $sizes; do
            for mode in $modes; do
                ratio_tables "$mode" "$n" setup=sqlite1 setup=redis2 sqlite1 redis2
            done
            [[ " $modes " != *" latency "* ]] || p99_delta "$n"
        done
        echo "Runs that failed (ok=0): $failed. Raw lines: $(basename "$RESULTS")."
    } | tee "$SUMMARY"
    [ "$failed" -eq 0 ]
}

if [ "$DURABLE" = 1 ]; then
    durable_suite
    exit
fi
if [ "$SHARED_SUITE" = 1 ]; then
    shared_suite
    exit
fi
if [ "$TLS_SUITE" = 1 ]; then
    tls_suite
    exit
fi
if [ "$WINDOW_SUITE" = 1 ]; then
    window_suite
    exit
fi
if [ -n "$COMPARE" ]; then
    compare_suite
    exit
fi

# --- the suite --------------------------------------------------------------------------
# (fanout_messages, the 40-character texts, 10 senders with 20 in flight each and latency
# at a total of 50k deliveries per second: above the side-by-side runs.)
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
