#!/usr/bin/env bash
# Sourced by the other scripts: installs the Debian packages that are missing, then
# configures and builds incrementally into build/ (or $CHATROOM_BUILD_DIR).
set -euo pipefail

CHATROOM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CHATROOM_BUILD_DIR=${CHATROOM_BUILD_DIR:-$CHATROOM_ROOT/build}

# What building, testing and the demo need on Debian 12 (see docs/building.md).
CHATROOM_PACKAGES=(cmake ninja-build g++ qt6-base-dev qt6-tools-dev qt6-translations-l10n
                   libqt6sql6-sqlite libicu-dev libssl-dev xvfb xauth fonts-wqy-microhei
                   fonts-noto-color-emoji
                   # the room log's writes through SQLite's C API, on the connection of
                   # Qt's QSQLITE driver (which links the same libsqlite3.so.0)
                   libsqlite3-dev
                   # the room shared through Redis: hiredis, and the redis-server the
                   # tests start for themselves
                   pkg-config libhiredis-dev redis-server
                   # the validators of dist/'s desktop files, metainfo and man pages
                   appstream desktop-file-utils groff-base
                   # a compiler cache: CI builds every file twice (plain, ASan) in a
                   # fresh clone; unchanged files come from the cache next time
                   ccache)

chatroom_install_packages() {
    local missing=() pkg
    for pkg in "${CHATROOM_PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q \
        -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}"
}

chatroom_build() {
    local launcher=()
    if command -v ccache >/dev/null; then
        launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
        # Clones in different directories share the cache: paths under the clone are
        # hashed relative to it, and the build directory is left out of the hash (ccache
        # would keep it for the debug info's sake, which only names where it was built).
        export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$CHATROOM_ROOT}
        export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
    fi
    if [ ! -f "$CHATROOM_BUILD_DIR/build.ninja" ]; then
        cmake -S "$CHATROOM_ROOT" -B "$CHATROOM_BUILD_DIR" -G Ninja "${launcher[@]}" "$@"
    fi
    cmake --build "$CHATROOM_BUILD_DIR"
}
