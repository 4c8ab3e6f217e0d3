#!/usr/bin/env bash
# Builds the Debian packages, installs them with apt into this machine, runs the
# installed chatroom-serverd (from /usr/bin, with the shipped /etc/chatroom/server.conf)
# without any GUI library, joins it with chatroom-bench, talks to it with the installed
# chatroomctl, and removes the packages again. Needs root or sudo (apt).
#   bash scripts/test-packages.sh           build/ (its install prefix is set to /usr)
set -euo pipefail
source "$(dirname "$0")/setup.sh"

# dpkg-shlibdeps (dpkg-dev) and file: CPack's DEB generator finds Depends with them.
chatroom_install_packages dpkg-dev file python3
chatroom_build -DCMAKE_INSTALL_PREFIX=/usr
# The packages install under /usr: the unit's ExecStart and /etc/chatroom follow the
# prefix, so an existing build folder is switched to it (nothing recompiles for that).
cmake -DCMAKE_INSTALL_PREFIX=/usr "$CHATROOM_BUILD_DIR" >/dev/null
cmake --build "$CHATROOM_BUILD_DIR"

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
work=$(mktemp -d)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get purge -y -q \
        chatroom-client chatroom-server chatroom-serverd >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "test-packages: FAIL: $*" >&2; exit 1; }

echo "== cpack"
packages="$CHATROOM_BUILD_DIR/packages"
rm -rf "$packages"
(cd "$CHATROOM_BUILD_DIR" && cpack -G DEB -B "$packages" >/dev/null)
for name in chatroom-client chatroom-server chatroom-serverd; do
    ls "$packages"/${name}_*.deb >/dev/null || fail "no $name package"
done
serverd_deb=$(ls "$packages"/chatroom-serverd_*.deb)
dpkg-deb -I "$serverd_deb"

echo "== chatroom-serverd pulls in no GUI library"
# Everything apt would install with it, recursively (what is already on this machine
# included): no Qt Gui or Widgets, no X11, xcb, GL or fontconfig.
depends=$(dpkg-deb -f "$serverd_deb" Depends | tr ',|' '\n\n' | sed 's/(.*)//; s/ //g' | sed '/^$/d')
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances $depends | grep -v '^ ' | sort -u)
gui=$(echo "$closure" | grep -E '^(libqt6gui6|libqt6widgets6|libx11-6|libxcb1|libgl1|libegl1|libfontconfig1|qt6-qpa-plugins)(:|$)' || true)
[ -z "$gui" ] || fail "chatroom-serverd depends on: $gui"

echo "== apt-get install"
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q \
    -o DPkg::Lock::Timeout=600 "$packages"/chatroom-*.deb
for file in /usr/bin/chatroom-serverd /usr/bin/chatroomctl /usr/bin/chatroom-server \
            /usr/bin/chatroom-client /etc/chatroom/server.conf \
            /usr/lib/systemd/system/chatroom-serverd.service; do
    [ -e "$file" ] || fail "$file is not installed"
done
systemd-analyze verify --man=no /usr/lib/systemd/system/chatroom-serverd.service
systemd-analyze security --offline=true /usr/lib/systemd/system/chatroom-serverd.service \
    | tail -1

echo "== the installed chatroom-serverd"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# The shipped config, as the service reads it; what only the service has (its state and
# runtime directories) is overridden on the command line.
env -u DISPLAY -u WAYLAND_DISPLAY /usr/bin/chatroom-serverd --config /etc/chatroom/server.conf \
    --listen 127.0.0.1 --port "$port" --data-dir "$work/state" \
    --admin-socket "$work/admin.sock" --log-format json --lang en >"$work/log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    grep -q '"event":"listening"' "$work/log" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/log"; fail "chatroom-serverd exited"; }
    sleep 0.1
done
grep -q '"event":"listening"' "$work/log" || fail "chatroom-serverd is not listening"
if grep -E 'libQt6(Gui|Widgets)|libX11|libxcb|libGL|libfontconfig' "/proc/$server_pid/maps"; then
    fail "chatroom-serverd loaded a GUI library"
fi

ctl=(/usr/bin/chatroomctl --socket "$work/admin.sock")
"$CHATROOM_BUILD_DIR/bench/chatroom-bench" latency --port "$port" -n 20 -s 2 -r 20 -t 6 \
    --prefix pkg >"$work/bench" 2>&1 &
bench_pid=$!
for _ in $(seq 100); do
    [ "$("${ctl[@]}" members | grep -c pkg)" -ge 20 ] && break
    sleep 0.1
done
"${ctl[@]}" members | grep -c pkg | grep -qx 20 || fail "chatroomctl members does not list the bench's 20"
"${ctl[@]}" status
"${ctl[@]}" broadcast "从软件包广播" || fail "chatroomctl broadcast"
"${ctl[@]}" status --json | python3 -c 'import json,sys; s=json.load(sys.stdin); assert s["ok"], s'
wait "$bench_pid" || { cat "$work/bench"; fail "chatroom-bench"; }
grep -q '"event":"broadcast".*从软件包广播\|从软件包广播.*"event":"broadcast"' "$work/log" \
    || fail "the broadcast is not in the server's log"
kill "$server_pid"
wait "$server_pid" || fail "chatroom-serverd did not exit cleanly"
server_pid=

echo "== apt-get remove"
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get remove -y -q \
    chatroom-client chatroom-server chatroom-serverd
[ ! -e /usr/bin/chatroom-serverd ] || fail "chatroom-serverd is still installed"
# A removed (not purged) package keeps the operator's config, as Debian does.
[ -e /etc/chatroom/server.conf ] || fail "remove took /etc/chatroom/server.conf"
echo "test-packages: OK"
