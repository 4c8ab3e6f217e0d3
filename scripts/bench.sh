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
#
# Every server gets a fresh temporary --data-dir (the SQLite log, the server's default,
# would otherwise grow in the user's data directory from run to run).
# Writes every RESULT line to $OUT/bench-results.txt and the table of medians to
# $OUT/bench-summary.md (OUT defaults to the build directory); --durable writes
# bench-durable-results.txt and bench-durable-summary.md.
set -euo pipefail

WITH_IRC=0 DURABLE=0
for arg in "$@"; do
    case $arg in
    --irc) WITH_IRC=1 ;;
    --durable) DURABLE=1 ;;
    *) echo "usage: $0 [--irc | --durable]" >&2; exit 2 ;;
    esac
done

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
if [ "$DURABLE" = 1 ]; then
    RESULTS=$OUT/bench-durable-results.txt
    SUMMARY=$OUT/bench-durable-summary.md
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
# (--log memory or sqlite) when set; sets $port, $pid and $datadir.
LOG="" PRELOAD=()
start_server() {
    local attempt
    local log_args=()
    [ -z "$LOG" ] || log_args=(--log "$LOG")
    datadir=$(mktemp -d "${TMPDIR:-/tmp}/chatroom-bench.XXXXXX")
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        "${SERVER_CPU[@]}" "$SERVER" --headless --listen 127.0.0.1 --port "$port" \
            --flood-limit 0 --data-dir "$datadir" "${log_args[@]}" >/dev/null 2>&1 &
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

# run_one <bench arguments...>: a fresh server, one bench run, one RESULT line appended
# (with the load average at its start, and log= when $LOG is set). With $PRELOAD, that
# bench run goes first on the same server and is not reported, unless it fails.
run_one() {
    local port pid datadir line load pre
    start_server
    load=$(cut -d' ' -f1 /proc/loadavg)
    pre=ok=1
    if [ ${#PRELOAD[@]} -gt 0 ]; then
        pre=$("${BENCH_CPU[@]}" "$BENCH" "${PRELOAD[@]}" --port "$port" --timeout 60 || true)
    fi
    if [[ $pre == *ok=1* ]]; then
        line=$("${BENCH_CPU[@]}" "$BENCH" "$@" --port "$port" --pid "$pid" --timeout 60 || true)
    else
        line="RESULT mode=$1 ok=0 error=preload_failed"
    fi
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -rf "$datadir"
    [ -n "$line" ] || line="RESULT mode=$1 ok=0 error=no_output"
    echo "$line load=$load${LOG:+ log=$LOG}" | tee -a "$RESULTS"
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

if [ "$DURABLE" = 1 ]; then
    durable_suite
    exit
fi

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
