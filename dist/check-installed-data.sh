#!/bin/sh
# check-installed-data.sh PREFIX: the desktop files, icons, metainfo and man pages an
# install put under PREFIX are where desktops, software centres and man(1) look, and
# name each other consistently (tests/CMakeLists.txt, install_layout).
set -eu
root=$1
fail() { echo "check-installed-data: $*" >&2; exit 1; }
need() { test -f "$root/$1" || fail "missing $1"; }

for app in Client:chatroom-client Server:chatroom-server; do
    id=io.github.chatroom.${app%%:*}
    program=${app#*:}
    desktop=share/applications/$id.desktop
    metainfo=share/metainfo/$id.metainfo.xml
    need "$desktop"
    need "$metainfo"
    for size in 32 48 64 128 256; do
        need "share/icons/hicolor/${size}x${size}/apps/$id.png"
    done
    need "share/icons/hicolor/scalable/apps/$id.svg"
    need "share/man/man1/$program.1"
    # The names that tie the pieces together: the icon theme lookup, the launcher, the
    # software centre's launchable and binary.
    grep -qx "Icon=$id" "$root/$desktop" || fail "$desktop: Icon is not $id"
    grep -qx "Exec=$program" "$root/$desktop" || fail "$desktop: Exec is not $program"
    test -x "$root/bin/$program" || fail "$desktop: no bin/$program to run"
    grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$root/$metainfo" \
        || fail "$metainfo: launchable is not $id.desktop"
    grep -q "<binary>$program</binary>" "$root/$metainfo" || fail "$metainfo: binary is not $program"
done
need share/man/man8/chatroom-serverd.8
if test -e "$root/bin/chatroomctl"; then
    need share/man/man1/chatroomctl.1
fi
