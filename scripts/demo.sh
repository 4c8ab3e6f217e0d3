#!/usr/bin/env bash
# The main job: the server's admin window and two clients joined as 张三 and 李四, on
# the current display. Without a display it runs them under Xvfb and saves a screenshot.
# Installs what is missing and builds into build/ first. Ctrl-C ends all three.
set -euo pipefail
source "$(dirname "$0")/setup.sh"

PORT=${CHATROOM_PORT:-9527}
chatroom_install_packages
chatroom_build
BIN=$CHATROOM_BUILD_DIR

if [ -z "${DISPLAY:-}" ]; then
    chatroom_install_packages imagemagick
    n=77
    while [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
    echo "No DISPLAY: running on a virtual display (Xvfb :$n)."
    Xvfb ":$n" -screen 0 1600x900x24 >/dev/null 2>&1 &
    XVFB_PID=$!
    export DISPLAY=":$n"
    sleep 1
    HEADLESS_DISPLAY=1
fi

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait "${pids[@]}" 2>/dev/null || true
    [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# -geometry places the windows side by side, also where no window manager arranges them.
"$BIN/app-server/chatroom-server" --port "$PORT" --room "Chatroom demo" -geometry 780x430+0+0 &
pids+=($!)
for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
done

"$BIN/app-client/chatroom-client" --host 127.0.0.1 --port "$PORT" --name 张三 --join -geometry 780x430+0+460 &
pids+=($!)
sleep 0.5
"$BIN/app-client/chatroom-client" --host 127.0.0.1 --port "$PORT" --name 李四 --join -geometry 780x430+800+460 &
pids+=($!)

if [ -n "${HEADLESS_DISPLAY:-}" ]; then
    sleep 3
    import -window root "$CHATROOM_ROOT/build/demo.png"
    echo "Screenshot: build/demo.png. Ctrl-C to stop."
fi
wait "${pids[@]}"
