#!/usr/bin/env bash
# Renders the README's screenshots: the server's window and two clients in one room,
# after a short conversation (a join, messages with an emoji, a link and an @mention,
# and an administrator's broadcast through chatroomctl), on a virtual display (Xvfb),
# in Chinese and English, light and dark; then the same conversation at twice the scale
# (QT_SCALE_FACTOR=2 on a screen twice as wide and tall), of which only the first
# client's window is kept, at its own size. Writes
#   docs/images/screenshot-{zh_CN,en}-{light,dark}.png           the whole screen, 1x
#   docs/images/screenshot-client-zh_CN-{light,dark}-2x.png      one client window, 2x
# Installs what is missing and builds into build/ first (CHATROOM_NO_BUILD=1 skips the
# build and uses the programs already in build/).
#
#   scripts/screenshots.sh                 # all six
#   scripts/screenshots.sh en dark         # only the ones in these languages / themes
#   scripts/screenshots.sh 2x              # only the 2x ones (zh_CN, light and dark)
#   scripts/screenshots.sh 2x en light     # a 2x one in English too
#
# The 2x client is laid out at the same logical size as in the 1x picture, so the two
# compare pixel for pixel: the 2x one should be the 1x one's lower left, twice as sharp.
# By default it is only rendered in zh_CN, where blurry or clipped glyphs show first.
#
# Dark mode: the apps are left as they are; Qt loads the qt6ct platform theme
# (QT_QPA_PLATFORMTHEME=qt6ct) with a qt6ct.conf in a temporary XDG_CONFIG_HOME that
# picks the Fusion style, qt6ct's "darker" colour scheme and the fonts Qt uses without
# a platform theme (Sans Serif 9), so that light and dark differ only in colour.
set -euo pipefail
source "$(dirname "$0")/setup.sh"

LANGS=()
THEMES=()
SCALES=()
for arg in "$@"; do
    case $arg in
        zh_CN | en) LANGS+=("$arg") ;;
        light | dark) THEMES+=("$arg") ;;
        1x | 2x) SCALES+=("$arg") ;;
        *) echo "usage: $0 [zh_CN] [en] [light] [dark] [1x] [2x]" >&2; exit 2 ;;
    esac
done
LANGS_GIVEN=${#LANGS[@]}
[ ${#LANGS[@]} -gt 0 ] || LANGS=(zh_CN en)
[ ${#THEMES[@]} -gt 0 ] || THEMES=(light dark)
[ ${#SCALES[@]} -gt 0 ] || SCALES=(1x 2x)

chatroom_install_packages imagemagick xdotool x11-utils qt6ct
[ -n "${CHATROOM_NO_BUILD:-}" ] || chatroom_build
BIN=$CHATROOM_BUILD_DIR
OUT=$CHATROOM_ROOT/docs/images
mkdir -p "$OUT"

# In logical pixels, the ones Qt lays out in; the screen and every X11 coordinate below are
# these times $SCALE.
WIDTH=1400
HEIGHT=900
GAP=4 # of the black root window between the windows, as there is no window manager
SCALE=1

WORK=$(mktemp -d) # mode 0700: fit for the admin socket
pids=()
XVFB_PID=
stop_apps() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    pids=()
}
cleanup() {
    stop_apps
    if [ -n "$XVFB_PID" ]; then
        kill "$XVFB_PID" 2>/dev/null || true
        wait "$XVFB_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A display of our own, whatever DISPLAY says, so nothing else is in the picture; one per
# scale, as Xvfb's screen cannot grow. -noreset: the server would otherwise reset when
# the last client goes (xwininfo, below), and refuse the next one while it does.
start_display() {
    if [ -n "$XVFB_PID" ]; then
        kill "$XVFB_PID" 2>/dev/null || true
        wait "$XVFB_PID" 2>/dev/null || true
        XVFB_PID=
    fi
    local n=77
    while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
    Xvfb ":$n" -screen 0 "$((WIDTH * SCALE))x$((HEIGHT * SCALE))x24" -br -noreset -nolisten tcp \
        >/dev/null 2>&1 &
    XVFB_PID=$!
    export DISPLAY=":$n"
    for _ in $(seq 100); do
        xwininfo -root >/dev/null 2>&1 && break
        sleep 0.05
    done
    xwininfo -root >/dev/null 2>&1 || { echo "Xvfb did not start" >&2; exit 1; }
}

# UTF-8 for the names on the command line and for xdotool's typing; the fonts
# (WenQuanYi for CJK, Noto Color Emoji) come with setup.sh's packages.
export LC_ALL=C.UTF-8
export XDG_DATA_HOME=$WORK/data # the clients' known servers and recent emoji, thrown away
unset QT_STYLE_OVERRIDE QT_QPA_PLATFORMTHEME
# The scale is ours alone to set (QT_SCALE_FACTOR, below): Xvfb sets no Xft.dpi, so Qt's
# own factor for its screen is 1.
unset QT_SCALE_FACTOR QT_SCREEN_SCALE_FACTORS QT_ENABLE_HIGHDPI_SCALING QT_FONT_DPI \
    QT_SCALE_FACTOR_ROUNDING_POLICY QT_USE_PHYSICAL_DPI

# The visible window of process $1, waited for (up to 10 s).
window_of() {
    local id
    for _ in $(seq 200); do
        id=$(xdotool search --onlyvisible --pid "$1" 2>/dev/null | head -n 1) || true
        [ -n "$id" ] && { echo "$id"; return 0; }
        sleep 0.05
    done
    echo "no window for process $1" >&2
    return 1
}

# Waits until the title of window $1 matches the regular expression $2 (up to 10 s).
wait_title() {
    for _ in $(seq 200); do
        [[ $(xdotool getwindowname "$1" 2>/dev/null) =~ $2 ]] && return 0
        sleep 0.05
    done
    echo "window $1: title '$(xdotool getwindowname "$1")' never matched '$2'" >&2
    return 1
}

# Types $2 into the message box of client window $1 and sends it.
say() {
    xdotool windowfocus --sync "$1"
    # Keys typed while the window is still taking the focus are lost (seen: "家好").
    sleep 0.2
    xdotool type --delay 80 -- "$2"
    xdotool key Escape Return # Escape closes the @mention popup, if it is open
    sleep 0.3
}

# Window $1 to ($2, $3), $4 wide and $5 high, in logical pixels.
place() {
    xdotool windowsize "$1" $(($4 * SCALE)) $(($5 * SCALE)) \
        windowmove "$1" $(($2 * SCALE)) $(($3 * SCALE))
}

free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 30000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

shoot() {
    local lang=$1 theme=$2 room a b
    case $lang in
        zh_CN) room=聊天室 a=张三 b=李四 ;;
        en) room=Chatroom a=Alice b=Bob ;;
    esac

    if [ "$theme" = dark ]; then
        mkdir -p "$WORK/config/qt6ct"
        cat >"$WORK/config/qt6ct/qt6ct.conf" <<EOF
[Appearance]
style=Fusion
custom_palette=true
color_scheme_path=/usr/share/qt6ct/colors/darker.conf
standard_dialogs=default

[Fonts]
general="Sans Serif,9,-1,5,400,0,0,0,0,0,0,0,0,0,0,1"
fixed="Monospace,9,-1,5,400,0,0,0,0,0,0,0,0,0,0,1"
EOF
        export XDG_CONFIG_HOME=$WORK/config QT_QPA_PLATFORMTHEME=qt6ct
    else
        export XDG_CONFIG_HOME=$WORK/config-light
        unset QT_QPA_PLATFORMTHEME
    fi

    local port sock=$WORK/admin.sock
    port=$(free_port)
    rm -f "$sock"
    "$BIN/app-server/chatroom-server" --lang "$lang" --port "$port" --listen 127.0.0.1 \
        --room "$room" --log memory --admin-socket "$sock" &
    pids+=($!)
    local server
    server=$(window_of "${pids[-1]}")
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        sleep 0.05
    done

    local top=$((HEIGHT * 9 / 20)) half=$(((WIDTH - GAP) / 2))
    place "$server" 0 0 "$WIDTH" "$top"

    local client=("$BIN/app-client/chatroom-client" --host 127.0.0.1 --port "$port" --join
                  --lang "$lang")
    "${client[@]}" --name "$a" &
    pids+=($!)
    local wa
    wa=$(window_of "${pids[-1]}")
    place "$wa" 0 $((top + GAP)) "$half" $((HEIGHT - top - GAP))
    wait_title "$wa" "$a"

    "${client[@]}" --name "$b" &
    pids+=($!)
    local wb
    wb=$(window_of "${pids[-1]}")
    place "$wb" $((WIDTH - half)) $((top + GAP)) "$half" $((HEIGHT - top - GAP))
    wait_title "$wb" "$b"
    sleep 0.5

    if [ "$lang" = zh_CN ]; then
        say "$wa" "大家好 😀"
        say "$wb" "@$a 你好！看看这个： https://example.com"
        "$BIN/app-server/chatroomctl" --socket "$sock" --lang "$lang" \
            broadcast "服务器将于今晚 22:00 维护，请提前保存。" >/dev/null
        say "$wa" "谢谢 @$b，收到 👍"
    else
        say "$wa" "Hello everyone 😀"
        say "$wb" "@$a hi! Have a look at https://example.com"
        "$BIN/app-server/chatroomctl" --socket "$sock" --lang "$lang" \
            broadcast "The server restarts for maintenance at 22:00 tonight." >/dev/null
        say "$wa" "Thanks @$b, got it 👍"
    fi
    # No focus in the picture: click nowhere (the root window).
    xdotool mousemove $((WIDTH * SCALE - 1)) $((HEIGHT * SCALE - 1))
    sleep 0.7

    local file
    if [ "$SCALE" = 1 ]; then
        file=$OUT/screenshot-$lang-$theme.png
        import -window root -strip "$file"
    else
        file=$OUT/screenshot-client-$lang-$theme-${SCALE}x.png
        import -window "$wa" -strip "$file"
    fi
    echo "Wrote ${file#"$CHATROOM_ROOT"/}"
    stop_apps
}

for scale in "${SCALES[@]}"; do
    SCALE=${scale%x}
    if [ "$SCALE" = 1 ]; then
        unset QT_SCALE_FACTOR
    else
        export QT_SCALE_FACTOR=$SCALE
    fi
    start_display
    for lang in "${LANGS[@]}"; do
        # 2x in English only when asked for by name.
        [ "$SCALE" != 1 ] && [ "$LANGS_GIVEN" = 0 ] && [ "$lang" != zh_CN ] && continue
        for theme in "${THEMES[@]}"; do
            shoot "$lang" "$theme"
        done
    done
done
