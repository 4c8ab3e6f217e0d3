#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang into build-fuzz/ and runs one.
#   scripts/fuzz.sh                       build all three, run each on its seed corpus briefly
#   scripts/fuzz.sh fuzz_codec [ARGS...]  build, then run that target with libFuzzer ARGS,
#                                         e.g. -max_total_time=600
# The targets: fuzz_codec (bytes into FrameReader and MessageCodec), fuzz_server_session
# (a hostile client against ChatServer), fuzz_client_session (a hostile server against
# ChatSession). docs/fuzzing.md has the figures of the last long runs.
# CHATROOM_FUZZ_JOBS caps the build's parallel jobs (default 2).
# The same configuration as the fuzz preset (CMakePresets.json; `ctest --preset fuzz`
# runs each target over its seeds once).
# Installs clang and libclang-rt-14-dev (libFuzzer and the sanitizer runtimes) when
# missing, through the same helper as scripts/test.sh.
set -euo pipefail
source "$(dirname "$0")/setup.sh"

CHATROOM_BUILD_DIR=${CHATROOM_FUZZ_BUILD_DIR:-$CHATROOM_ROOT/build-fuzz}
FUZZ_SRC=$CHATROOM_ROOT/tests/fuzz

chatroom_install_packages clang libclang-rt-14-dev
if [ ! -f "$CHATROOM_BUILD_DIR/build.ninja" ]; then
    CC=clang CXX=clang++ cmake -S "$CHATROOM_ROOT" -B "$CHATROOM_BUILD_DIR" -G Ninja \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHATROOM_FUZZ=ON
fi
TARGETS=(fuzz_codec fuzz_server_session fuzz_client_session)
cmake --build "$CHATROOM_BUILD_DIR" -j "${CHATROOM_FUZZ_JOBS:-2}" --target "${TARGETS[@]}"

# The server's own chatter (closed connections, timers) would drown libFuzzer's lines.
export QT_LOGGING_RULES="*.debug=false;qt.*=false"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

run() {
    local target=$1
    shift
    local corpus=$FUZZ_SRC/corpus_${target#fuzz_}
    # New inputs go to a scratch directory so a run never rewrites the committed seeds.
    local work=$CHATROOM_BUILD_DIR/corpus-work/${target#fuzz_}
    mkdir -p "$work"
    "$CHATROOM_BUILD_DIR/tests/fuzz/$target" -max_len=8192 -artifact_prefix="$CHATROOM_BUILD_DIR/" \
        "$@" "$work" "$corpus"
}

if [ $# -eq 0 ]; then
    for target in "${TARGETS[@]}"; do
        run "$target" -max_total_time=30
    done
else
    run "$@"
fi
