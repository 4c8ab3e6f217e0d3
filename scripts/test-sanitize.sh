#!/usr/bin/env bash
# Every test again, built with AddressSanitizer and UndefinedBehaviorSanitizer (GCC) into
# build-asan/. A sanitizer report makes its test fail: UBSan and ASan halt on the first
# error, LeakSanitizer fails the process at exit. Extra arguments go to ctest.
# The same directory, cache and sanitizer options as the asan preset (CMakePresets.json):
# `cmake --preset asan && cmake --build --preset asan && ctest --preset asan` builds and
# tests the same tree. Keep the two alike.
set -euo pipefail
CHATROOM_BUILD_DIR=${CHATROOM_ASAN_BUILD_DIR:-$(cd "$(dirname "$0")/.." && pwd)/build-asan}
source "$(dirname "$0")/setup.sh"

chatroom_install_packages
chatroom_build -DCHATROOM_SANITIZE="address;undefined"
cd "$CHATROOM_BUILD_DIR"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Leaks inside system libraries the tests cannot free, if any; the file says why for each.
if [ -f "$CHATROOM_ROOT/tests/lsan.supp" ]; then
    export LSAN_OPTIONS=suppressions=$CHATROOM_ROOT/tests/lsan.supp:print_suppressions=0
fi
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j"$(nproc)" "$@"
